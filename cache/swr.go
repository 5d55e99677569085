package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"
)

// ErrUnavailable wraps the last error when there is no value to serve and
// the next try is not due yet (backing off, or blocked).
var ErrUnavailable = errors.New("cache: no value yet")

// Options tune an SWR cache.
type Options struct {
	// Fresh is how long a value is served without refreshing it.
	Fresh time.Duration
	// Keep is how long a value is kept (and served stale) after it was
	// fetched, while refreshes fail. 7 days when 0.
	Keep time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failed load, doubled
	// per failure in a row. 30s and 1h when 0.
	MinBackoff, MaxBackoff time.Duration
	// LoadTimeout bounds one load. 60s when 0.
	LoadTimeout time.Duration
	// Permanent reports errors after which loading stops until Refresh.
	Permanent func(error) bool
	// RetryAfter reports how long an error asks us to wait (0: unknown).
	RetryAfter func(error) time.Duration
	// OnLoad, if set, hears of every load: for logs and metrics.
	OnLoad func(key string, took time.Duration, err error)
	// OnLookup, if set, hears how each Get was served: "hit" (fresh),
	// "stale" (served while refreshing) or "miss" (nothing to serve yet).
	OnLookup func(result string)
	Now      func() time.Time
}

// Entry is a loaded value.
type Entry[V any] struct {
	Value   V
	Fetched time.Time
	// Seq grows with every successful load in this process, so renderings
	// of an older value can be told from newer ones.
	Seq uint64
}

// state is what the cache holds for a key. It is replaced, never changed,
// so readers need no lock.
type state[V any] struct {
	entry    *Entry[V] // nil until a load succeeds
	failures int
	nextTry  time.Time // no load before this (backoff)
	blocked  bool      // a permanent error: no load until Refresh
	lastErr  error
}

// SWR serves values while they are fresh, serves stale values while one
// background load per key refreshes them, and collapses concurrent loads
// of a key into one. It never makes a caller wait when it has any value.
type SWR[V any] struct {
	opts  Options
	items *gocache.Cache
	group singleflight.Group
	mu    sync.Mutex // serialises state replacement per cache
	seq   atomic.Uint64
	ctx   context.Context
	stop  context.CancelFunc
	bg    sync.WaitGroup
}

// NewSWR makes a cache. Close it to stop background loads.
func NewSWR[V any](opts Options) *SWR[V] {
	if opts.Keep == 0 {
		opts.Keep = 7 * 24 * time.Hour
	}
	if opts.MinBackoff == 0 {
		opts.MinBackoff = 30 * time.Second
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = time.Hour
	}
	if opts.LoadTimeout == 0 {
		opts.LoadTimeout = time.Minute
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Permanent == nil {
		opts.Permanent = func(error) bool { return false }
	}
	ctx, stop := context.WithCancel(context.Background())
	return &SWR[V]{opts: opts, items: gocache.New(gocache.NoExpiration, 10*time.Minute), ctx: ctx, stop: stop}
}

// Close cancels background loads and waits for them.
func (c *SWR[V]) Close() {
	c.stop()
	c.bg.Wait()
}

func (c *SWR[V]) state(key string) *state[V] {
	if v, ok := c.items.Get(key); ok {
		return v.(*state[V])
	}
	return nil
}

// Get returns the value for key, loading it with load when there is none
// (callers arriving meanwhile wait for the same load). A stale value is
// returned at once and refreshed in the background.
func (c *SWR[V]) Get(ctx context.Context, key string, load func(context.Context) (V, error)) (*Entry[V], error) {
	st := c.state(key)
	now := c.opts.Now()
	if st != nil && st.entry != nil {
		if now.Sub(st.entry.Fetched) >= c.opts.Fresh {
			c.lookup("stale")
			if c.due(st, now) {
				c.refreshAsync(key, load)
			}
		} else {
			c.lookup("hit")
		}
		return st.entry, nil
	}
	c.lookup("miss")
	if st != nil && !c.due(st, now) {
		return nil, errors.Join(ErrUnavailable, st.lastErr)
	}
	return c.Load(ctx, key, load)
}

// Load loads key now and waits for it (sharing a load already running),
// for a value that exists but cannot serve this caller.
func (c *SWR[V]) Load(ctx context.Context, key string, load func(context.Context) (V, error)) (*Entry[V], error) {
	ch := c.group.DoChan(key, func() (any, error) { return c.load(key, load) })
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*Entry[V]), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Peek returns the value held for key without loading anything.
func (c *SWR[V]) Peek(key string) (*Entry[V], bool) {
	if st := c.state(key); st != nil && st.entry != nil {
		return st.entry, true
	}
	return nil, false
}

func (c *SWR[V]) lookup(result string) {
	if c.opts.OnLookup != nil {
		c.opts.OnLookup(result)
	}
}

func (c *SWR[V]) due(st *state[V], now time.Time) bool {
	return !st.blocked && !now.Before(st.nextTry)
}

// Refresh starts a background load for key now, even if the value is
// fresh or loading was blocked or backing off (the owner reconnected, or
// a widget needs more than was loaded).
func (c *SWR[V]) Refresh(key string, load func(context.Context) (V, error)) {
	c.mu.Lock()
	if st := c.state(key); st != nil {
		c.items.Set(key, &state[V]{entry: st.entry}, c.opts.Keep)
	}
	c.mu.Unlock()
	c.refreshAsync(key, load)
}

// Delete forgets key and everything known about it.
func (c *SWR[V]) Delete(key string) { c.items.Delete(key) }

// Len is the number of keys held.
func (c *SWR[V]) Len() int { return c.items.ItemCount() }

func (c *SWR[V]) refreshAsync(key string, load func(context.Context) (V, error)) {
	if c.ctx.Err() != nil {
		return
	}
	c.bg.Add(1)
	ch := c.group.DoChan(key, func() (any, error) { return c.load(key, load) })
	go func() {
		defer c.bg.Done()
		select {
		case <-ch:
		case <-c.ctx.Done():
		}
	}()
}

// load runs one load, on a context of its own: a visitor who gives up must
// not cancel the load other visitors wait for.
func (c *SWR[V]) load(key string, load func(context.Context) (V, error)) (*Entry[V], error) {
	ctx, cancel := context.WithTimeout(c.ctx, c.opts.LoadTimeout)
	defer cancel()
	start := c.opts.Now()
	v, err := load(ctx)
	if c.opts.OnLoad != nil {
		c.opts.OnLoad(key, c.opts.Now().Sub(start), err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	prev := c.state(key)
	now := c.opts.Now()
	if err == nil {
		e := &Entry[V]{Value: v, Fetched: now, Seq: c.seq.Add(1)}
		c.items.Set(key, &state[V]{entry: e}, c.opts.Keep)
		return e, nil
	}
	next := &state[V]{failures: 1, lastErr: err}
	keep := c.opts.Keep
	if prev != nil {
		next.entry, next.failures = prev.entry, prev.failures+1
		if prev.entry != nil {
			keep = c.opts.Keep - now.Sub(prev.entry.Fetched)
		}
	}
	next.blocked = c.opts.Permanent(err)
	next.nextTry = now.Add(c.backoff(next.failures, err))
	if next.entry == nil {
		keep = max(c.opts.MaxBackoff, time.Minute) // forget a failure eventually
	}
	if keep > 0 {
		c.items.Set(key, next, keep)
	} else {
		c.items.Delete(key)
	}
	return nil, err
}

func (c *SWR[V]) backoff(failures int, err error) time.Duration {
	d := c.opts.MinBackoff
	for i := 1; i < failures && d < c.opts.MaxBackoff; i++ {
		d *= 2
	}
	if c.opts.RetryAfter != nil {
		d = max(d, c.opts.RetryAfter(err))
	}
	return min(d, c.opts.MaxBackoff)
}

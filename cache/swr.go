package cache

import (
	"context"
	"errors"
	"math/rand/v2"
	"sync"
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
	// LoadTimeout bounds one load, and is how long a lock is held at most.
	// 60s when 0.
	LoadTimeout time.Duration
	// RecheckAfter is how soon a replica that found another one refreshing
	// a stale value looks for the result. Fresh/10, within 1s to 30s, when 0.
	RecheckAfter time.Duration
	// Permanent reports errors after which loading stops until Refresh.
	Permanent func(error) bool
	// RetryAfter reports how long an error asks us to wait (0: unknown).
	RetryAfter func(error) time.Duration
	// OnLoad, if set, hears of every load: for logs and metrics.
	OnLoad func(key string, took time.Duration, err error)
	// OnStored, if set, hears of each loaded value once it is stored in the
	// tier, so other replicas told of it find it there.
	OnStored func(key string)
	// OnContended, if set, hears when another replica held the refresh lock.
	OnContended func()
	Now         func() time.Time
}

// failure is what is known about a key's failed loads. It is replaced,
// never changed, so readers need no lock.
type failure struct {
	failures int
	nextTry  time.Time // no load before this (backoff, or waiting for another replica)
	blocked  bool      // a permanent error: no load until Refresh
	lastErr  error
}

// SWR serves values while they are fresh, serves stale values while one
// background load per key refreshes them, and collapses concurrent loads
// of a key into one: in this process with singleflight, across replicas
// with the tier's lock (a Tiered cache over Redis). It never makes a caller
// wait when it has any value.
type SWR[V any] struct {
	opts  Options
	tier  Tier[V]
	fails *gocache.Cache // key → *failure
	group singleflight.Group
	mu    sync.Mutex // serialises failure-state replacement
	ctx   context.Context
	stop  context.CancelFunc
	bg    sync.WaitGroup
}

// NewSWR makes a cache over tier (this process's memory when nil). Close
// it to stop background loads.
func NewSWR[V any](opts Options, tier Tier[V]) *SWR[V] {
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
	if opts.RecheckAfter == 0 {
		opts.RecheckAfter = min(max(opts.Fresh/10, time.Second), 30*time.Second)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Permanent == nil {
		opts.Permanent = func(error) bool { return false }
	}
	if tier == nil {
		tier = NewMemory[V](nil)
	}
	ctx, stop := context.WithCancel(context.Background())
	return &SWR[V]{opts: opts, tier: tier, fails: gocache.New(gocache.NoExpiration, 10*time.Minute), ctx: ctx, stop: stop}
}

// Close cancels background loads and waits for them.
func (c *SWR[V]) Close() {
	c.stop()
	c.bg.Wait()
}

func (c *SWR[V]) failure(key string) *failure {
	if v, ok := c.fails.Get(key); ok {
		return v.(*failure)
	}
	return nil
}

func (c *SWR[V]) fresh(e *Entry[V], now time.Time) bool { return now.Sub(e.Fetched) < c.opts.Fresh }

// Get returns the value for key, loading it with load when there is none
// (callers arriving meanwhile wait for the same load). A stale value is
// returned at once and refreshed in the background.
func (c *SWR[V]) Get(ctx context.Context, key string, load func(context.Context) (V, error)) (*Entry[V], error) {
	e, ok, _ := c.tier.Get(ctx, key)
	now := c.opts.Now()
	if ok {
		if !c.fresh(e, now) && c.due(c.failure(key), now) {
			c.refreshAsync(key, load, nil)
		}
		return e, nil
	}
	if f := c.failure(key); !c.due(f, now) {
		return nil, errors.Join(ErrUnavailable, f.lastErr)
	}
	return c.wait(ctx, key, load, nil)
}

// Load loads key now and waits for it (sharing a load already running),
// for a value that exists but cannot serve this caller: accept says which
// values can, so one another replica stored meanwhile is taken instead of
// loading again. Failed loads back off as in Get.
func (c *SWR[V]) Load(ctx context.Context, key string, load func(context.Context) (V, error), accept func(*Entry[V]) bool) (*Entry[V], error) {
	if f := c.failure(key); !c.due(f, c.opts.Now()) {
		return nil, errors.Join(ErrUnavailable, f.lastErr)
	}
	return c.wait(ctx, key, load, accept)
}

func (c *SWR[V]) wait(ctx context.Context, key string, load func(context.Context) (V, error), accept func(*Entry[V]) bool) (*Entry[V], error) {
	ch := c.group.DoChan(key, func() (any, error) { return c.load(key, load, accept) })
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

// Peek returns the value this process holds for key, without loading,
// reading a shared tier or counting a lookup.
func (c *SWR[V]) Peek(key string) (*Entry[V], bool) {
	if p, ok := c.tier.(interface {
		Peek(string) (*Entry[V], bool)
	}); ok {
		return p.Peek(key)
	}
	e, ok, _ := c.tier.Get(context.Background(), key)
	return e, ok
}

func (c *SWR[V]) due(f *failure, now time.Time) bool {
	return f == nil || (!f.blocked && !now.Before(f.nextTry))
}

// Refresh starts a background load for key now, even if the value is
// fresh or loading was blocked or backing off (the owner reconnected, or
// a widget needs more than was loaded).
func (c *SWR[V]) Refresh(key string, load func(context.Context) (V, error)) {
	c.fails.Delete(key)
	asked := c.opts.Now()
	c.refreshAsync(key, load, func(e *Entry[V]) bool { return e.Fetched.After(asked) })
}

// Sync takes what the shared tier holds for key into this process (another
// replica told us it stored a refresh there).
func (c *SWR[V]) Sync(ctx context.Context, key string) {
	if _, ok, _ := c.tier.Latest(ctx, key); ok {
		c.fails.Delete(key)
	}
}

// Delete forgets key and everything known about it, in every tier.
func (c *SWR[V]) Delete(key string) {
	c.tier.Delete(context.Background(), key)
	c.fails.Delete(key)
}

// Forget drops key from this process only: another replica deleted it
// from the shared tier already.
func (c *SWR[V]) Forget(key string) {
	if l, ok := c.tier.(interface{ DeleteLocal(string) }); ok {
		l.DeleteLocal(key)
	} else {
		c.tier.Delete(context.Background(), key)
	}
	c.fails.Delete(key)
}

func (c *SWR[V]) refreshAsync(key string, load func(context.Context) (V, error), accept func(*Entry[V]) bool) {
	if c.ctx.Err() != nil {
		return
	}
	c.bg.Add(1)
	ch := c.group.DoChan(key, func() (any, error) { return c.load(key, load, accept) })
	go func() {
		defer c.bg.Done()
		<-ch // the load's context ends with c.ctx, so Close waits briefly
	}()
}

// pollEvery is how often a replica with nothing to serve looks for the
// value another replica is loading.
const pollEvery = 25 * time.Millisecond

// load brings key up to date, on a context of its own: a visitor who gives
// up must not cancel the load other visitors wait for. Across replicas,
// whoever takes the tier's lock loads; the others keep what they have, or
// when they have nothing, wait for the value to appear in the shared tier.
// accept says whether a value someone else stored will do (nil: a fresh one).
func (c *SWR[V]) load(key string, load func(context.Context) (V, error), accept func(*Entry[V]) bool) (*Entry[V], error) {
	ctx, cancel := context.WithTimeout(c.ctx, c.opts.LoadTimeout)
	defer cancel()
	force := accept != nil
	usable := accept
	if usable == nil {
		usable = func(e *Entry[V]) bool { return c.fresh(e, c.opts.Now()) }
	}
	// settled says whether what the shared tier holds now makes loading
	// needless: someone stored a usable value, or someone's refresh failed
	// and the fleet is backing off.
	settled := func() (*Entry[V], bool) {
		e, ok, _ := c.tier.Latest(ctx, key)
		switch {
		case ok && usable(e):
			c.fails.Delete(key)
			return e, true
		case ok && !force && e.RetryAt.After(c.opts.Now()):
			c.mu.Lock()
			c.fails.Set(key, &failure{nextTry: e.RetryAt}, e.RetryAt.Sub(c.opts.Now())+time.Minute)
			c.mu.Unlock()
			return e, true
		}
		return nil, false
	}
	mine, _ := c.Peek(key)
	for {
		if e, ok := settled(); ok {
			return e, nil
		}
		release, ok, err := c.tier.TryLock(ctx, key, c.opts.LoadTimeout)
		if err != nil {
			ok, release = true, func() {} // no lock to be had: load anyway
		}
		if ok {
			// The holder before us may have finished between our look and
			// our lock.
			if e, ok := settled(); ok {
				release()
				return e, nil
			}
			defer release()
			return c.fetch(ctx, key, load)
		}
		if c.opts.OnContended != nil {
			c.opts.OnContended()
		}
		if mine != nil && !force {
			// Keep serving what we have; look for the other replica's
			// result soon (it also announces it).
			c.mu.Lock()
			c.fails.Set(key, &failure{nextTry: c.opts.Now().Add(c.opts.RecheckAfter)}, c.opts.RecheckAfter+time.Minute)
			c.mu.Unlock()
			return mine, nil
		}
		select {
		case <-time.After(pollEvery):
		case <-ctx.Done():
			if mine != nil {
				return mine, nil
			}
			return nil, ctx.Err()
		}
	}
}

// fetch calls load and stores what it returns, or records the failure.
func (c *SWR[V]) fetch(ctx context.Context, key string, load func(context.Context) (V, error)) (*Entry[V], error) {
	start := c.opts.Now()
	v, err := load(ctx)
	if c.opts.OnLoad != nil {
		c.opts.OnLoad(key, c.opts.Now().Sub(start), err)
	}
	now := c.opts.Now()
	if err == nil {
		e := &Entry[V]{Value: v, Fetched: now, Version: rand.Uint64() | 1}
		c.tier.Set(ctx, key, e, c.opts.Keep)
		c.fails.Delete(key)
		if c.opts.OnStored != nil {
			c.opts.OnStored(key)
		}
		return e, nil
	}
	held, _ := c.Peek(key) // as fresh as the shared tier: load read it just now
	c.mu.Lock()
	next := &failure{failures: 1, lastErr: err}
	if prev := c.failure(key); prev != nil {
		next.failures = prev.failures + 1
	}
	if held != nil {
		next.failures = max(next.failures, held.Failures+1)
	}
	next.blocked = c.opts.Permanent(err)
	next.nextTry = now.Add(c.backoff(next.failures, err))
	keep := max(c.opts.MaxBackoff, time.Minute) // forget a failure eventually
	if next.blocked {
		keep = c.opts.Keep
	}
	c.fails.Set(key, next, keep)
	c.mu.Unlock()
	// Tell the other replicas to back off too, on the value they serve.
	if held != nil && now.Sub(held.Fetched) < c.opts.Keep {
		ttl := c.opts.Keep - now.Sub(held.Fetched)
		marked := *held
		marked.RetryAt, marked.Failures = next.nextTry, next.failures
		sctx, cancel := context.WithTimeout(c.ctx, time.Second)
		c.tier.Set(sctx, key, &marked, ttl)
		cancel()
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

package cache

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"
)

// ErrUnavailable wraps the last error when there is no value to serve and
// the next try is not due yet (backing off, or blocked).
var ErrUnavailable = errors.New("cache: no value yet")

const (
	// keepFor is how long a value is kept (and served stale) after it was
	// fetched, while refreshes fail.
	keepFor = 7 * 24 * time.Hour
	// loadTimeout bounds one load, and is how long a lock is held at most.
	loadTimeout = time.Minute
)

// recheckAfter is how soon a replica that found another one refreshing a
// stale value looks for the result: a tenth of the fresh time, within 1 s
// to 30 s.
func (c *SWR[V]) recheckAfter() time.Duration {
	return min(max(c.opts.Fresh/10, time.Second), 30*time.Second)
}

// Options tune an SWR cache.
type Options struct {
	// Fresh is how long a value is served without refreshing it.
	Fresh time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failed load, doubled
	// per failure in a row. 30s and 1h when 0.
	MinBackoff, MaxBackoff time.Duration
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
	// MaxWait bounds how long a caller waits for a load (the load goes
	// on, and whoever comes after it ends finds its value); past it the
	// caller gets ErrUnavailable. No bound when 0.
	MaxWait time.Duration
	Now     func() time.Time
}

// SWR serves values while they are fresh, serves stale values while one
// background load per key refreshes them, and collapses concurrent loads
// of a key into one: in this process with singleflight, across replicas
// with the tier's lock (fleet.Tiered, memory in front of Redis). It never makes a caller
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
	if opts.MinBackoff == 0 {
		opts.MinBackoff = 30 * time.Second
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = time.Hour
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Permanent == nil {
		opts.Permanent = func(error) bool { return false }
	}
	if tier == nil {
		tier = NewMemory[V](opts.Now, nil)
	}
	ctx, stop := context.WithCancel(context.Background())
	return &SWR[V]{opts: opts, tier: tier, fails: gocache.New(gocache.NoExpiration, 10*time.Minute), ctx: ctx, stop: stop}
}

// Close cancels background loads and waits for them.
func (c *SWR[V]) Close() {
	c.stop()
	c.bg.Wait()
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
	var late <-chan time.Time
	if c.opts.MaxWait > 0 {
		t := time.NewTimer(c.opts.MaxWait)
		defer t.Stop()
		late = t.C
	}
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*Entry[V]), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-late:
		return nil, fmt.Errorf("%w: still loading after %v", ErrUnavailable, c.opts.MaxWait)
	}
}

// Peek returns the value this process holds for key, without loading,
// reading a shared tier or counting a lookup.
func (c *SWR[V]) Peek(key string) (*Entry[V], bool) {
	return c.tier.Peek(key)
}

// Refresh starts a background load for key now, even if the value is
// fresh or loading was blocked or backing off (the owner reconnected, or
// a widget needs more than was loaded).
func (c *SWR[V]) Refresh(key string, load func(context.Context) (V, error)) {
	c.fails.Delete(key)
	asked := c.opts.Now()
	c.refreshAsync(key, load, func(e *Entry[V]) bool { return e.Fetched.After(asked) })
}

// RefreshNow loads key now, even when it is fresh or backing off, and waits
// for the result as long as ctx allows (the load goes on without it). It
// does so at most once per gap for key across every replica sharing the
// tier: the first to ask takes a lock it never releases, which expires
// after gap. ok is false when someone asked within gap.
func (c *SWR[V]) RefreshNow(ctx context.Context, key string, load func(context.Context) (V, error), gap time.Duration) (e *Entry[V], ok bool, err error) {
	_, ok, err = c.tier.TryLock(ctx, "refresh-now:"+key, gap)
	if err != nil || !ok {
		return nil, false, err
	}
	c.fails.Delete(key)
	asked := c.opts.Now()
	e, err = c.wait(ctx, key, load, func(e *Entry[V]) bool { return e.Fetched.After(asked) })
	return e, true, err
}

// Status is what is known here of a key's value.
type Status[V any] struct {
	Entry *Entry[V] // the value this process holds; nil if none
	// LastErr is the error this replica's last load failed with; nil when
	// it did not (another replica's failures show in Entry's Failures and
	// RetryAt).
	LastErr error
	// NextTry is when loading is tried again after a failure (zero: no
	// failure known here); Blocked, that it waits for Refresh.
	NextTry time.Time
	Blocked bool
}

// Status says what is known here of key's value, with no I/O.
func (c *SWR[V]) Status(key string) Status[V] {
	var st Status[V]
	st.Entry, _ = c.tier.Peek(key)
	if f := c.failure(key); f != nil {
		st.LastErr, st.NextTry, st.Blocked = f.lastErr, f.nextTry, f.blocked
	}
	return st
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

// DropLocal drops key from this process only: another replica deleted it
// from the shared tier already. (Delete is the one that reaches the
// shared tier.)
func (c *SWR[V]) DropLocal(key string) {
	c.tier.DeleteLocal(key)
	c.fails.Delete(key)
}

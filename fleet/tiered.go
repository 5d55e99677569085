package fleet

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/internal/backoff"
)

// keepLocal is how long entries read from the shared tier stay in memory.
const keepLocal = 7 * 24 * time.Hour

// TieredOptions tune a Tiered cache.
type TieredOptions struct {
	// MinBackoff and MaxBackoff bound how long the shared tier is left
	// alone after it failed, doubled per failure in a row. 1s and 30s when 0.
	MinBackoff, MaxBackoff time.Duration
	Logger                 *slog.Logger
	// OnLookup hears how each read of the shared tier went: "hit", "miss"
	// or "error".
	OnLookup func(result string)
	// OnError hears of every failed call to the shared tier, by operation.
	OnError func(op string)
	// OnState hears when the shared tier goes down (false) or comes back.
	OnState func(up bool)
	// Now is the clock entries are aged and backoffs timed by: the same
	// one the SWR cache in front is given. time.Now when nil.
	Now func() time.Time
}

// Tiered is memory in front of a shared tier (Redis). Reads are served from
// memory when it has the key; a miss reads the shared tier and keeps what
// it finds. Writes go to both. When the shared tier fails, Tiered keeps
// working from memory alone, logs that once, and tries the shared tier
// again after a backoff; it never passes the shared tier's errors on.
type Tiered[V any] struct {
	local  *cache.Memory[V]
	shared cache.Tier[V]
	opts   TieredOptions
	log    *slog.Logger

	down     atomic.Bool
	mu       sync.Mutex
	failures int
	retryAt  time.Time
}

// NewTiered puts local in front of shared.
func NewTiered[V any](local *cache.Memory[V], shared cache.Tier[V], opts TieredOptions) *Tiered[V] {
	if opts.MinBackoff == 0 {
		opts.MinBackoff = time.Second
	}
	if opts.MaxBackoff == 0 {
		opts.MaxBackoff = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Tiered[V]{local: local, shared: shared, opts: opts, log: opts.Logger}
}

// usable says whether to ask the shared tier now: it is up, or it is down
// and the backoff has passed (then this call is the retry).
func (t *Tiered[V]) usable() bool {
	if !t.down.Load() {
		return true
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return !t.opts.Now().Before(t.retryAt)
}

func (t *Tiered[V]) failed(op string, err error) {
	if t.opts.OnError != nil {
		t.opts.OnError(op)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	t.failures++
	t.retryAt = t.opts.Now().Add(backoff.Doubling(t.failures, t.opts.MinBackoff, t.opts.MaxBackoff))
	if !t.down.Swap(true) {
		t.log.Warn("the shared cache (Redis) does not answer: serving from this replica's own cache until it does",
			"op", op, "err", err)
		if t.opts.OnState != nil {
			t.opts.OnState(false)
		}
	}
}

func (t *Tiered[V]) worked() {
	if !t.down.Load() {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.down.Swap(false) {
		t.log.Info("the shared cache (Redis) answers again", "failed_calls", t.failures)
		t.failures = 0
		if t.opts.OnState != nil {
			t.opts.OnState(true)
		}
	}
}

func (t *Tiered[V]) lookup(result string) {
	if t.opts.OnLookup != nil {
		t.opts.OnLookup(result)
	}
}

// Get serves from memory, or on a miss from the shared tier.
func (t *Tiered[V]) Get(ctx context.Context, key string) (*cache.Entry[V], bool, error) {
	if e, ok, _ := t.local.Get(ctx, key); ok {
		return e, true, nil
	}
	return t.readShared(ctx, key, nil)
}

// Latest reads the shared tier even when memory has the key, and takes
// what it holds: the shared tier is the fleet's truth (the last refresh
// any replica stored), and comparing fetch times would trust clocks that
// differ between machines.
func (t *Tiered[V]) Latest(ctx context.Context, key string) (*cache.Entry[V], bool, error) {
	mine, _, _ := t.local.Latest(ctx, key)
	return t.readShared(ctx, key, mine)
}

func (t *Tiered[V]) readShared(ctx context.Context, key string, mine *cache.Entry[V]) (*cache.Entry[V], bool, error) {
	if !t.usable() {
		return mine, mine != nil, nil
	}
	e, ok, err := t.shared.Get(ctx, key)
	if err != nil {
		t.lookup("error")
		t.failed("get", err)
		return mine, mine != nil, nil
	}
	t.worked()
	if !ok {
		t.lookup("miss")
		return mine, mine != nil, nil
	}
	t.lookup("hit")
	if mine != nil && e.Version == mine.Version && e.RetryAt.Equal(mine.RetryAt) {
		return mine, true, nil
	}
	if keep := keepLocal - t.opts.Now().Sub(e.Fetched); keep > 0 { // (Memory keeps ttl <= 0 forever)
		t.local.Set(ctx, key, e, keep)
	}
	return e, true, nil
}

// Set writes memory, then the shared tier if it answers.
func (t *Tiered[V]) Set(ctx context.Context, key string, e *cache.Entry[V], ttl time.Duration) error {
	t.local.Set(ctx, key, e, ttl)
	if !t.usable() {
		return nil
	}
	if err := t.shared.Set(ctx, key, e, ttl); err != nil {
		t.failed("set", err)
		return nil
	}
	t.worked()
	return nil
}

// Delete removes key from both tiers (from memory even when the shared
// tier fails).
func (t *Tiered[V]) Delete(ctx context.Context, key string) error {
	t.local.Delete(ctx, key)
	if !t.usable() {
		return nil
	}
	if err := t.shared.Delete(ctx, key); err != nil {
		t.failed("delete", err)
		return nil
	}
	t.worked()
	return nil
}

// Peek returns what memory holds for key, with no I/O and no counting.
func (t *Tiered[V]) Peek(key string) (*cache.Entry[V], bool) { return t.local.Peek(key) }

// DeleteLocal forgets key in this process only (another replica changed
// it; the shared tier already holds the truth).
func (t *Tiered[V]) DeleteLocal(key string) { t.local.DeleteLocal(key) }

// TryLock takes the shared lock, so one replica in the fleet does the work.
// While the shared tier is down it takes this process's lock instead: each
// replica then works for itself, which costs calls but never blocks.
func (t *Tiered[V]) TryLock(ctx context.Context, name string, ttl time.Duration) (func(), bool, error) {
	if t.usable() {
		release, ok, err := t.shared.TryLock(ctx, name, ttl)
		if err == nil {
			t.worked()
			return release, ok, nil
		}
		t.failed("lock", err)
	}
	return t.local.TryLock(ctx, name, ttl)
}

// Watch pings the shared tier once a second while it is marked down (and
// its backoff has passed), so it is marked up again, and /readyz and the
// metrics say so, as soon as it answers, not when traffic next needs it.
func (t *Tiered[V]) Watch(ctx context.Context, ping func(context.Context) error) {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if !t.down.Load() || !t.usable() {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, time.Second)
		err := ping(pctx)
		cancel()
		if err != nil {
			if ctx.Err() == nil {
				t.failed("ping", err)
			}
			continue
		}
		t.worked()
	}
}

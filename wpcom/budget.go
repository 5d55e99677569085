package wpcom

import (
	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// WordPress.com does not say how many calls an app may make (REFERENCE.md
// §7: no numbers, no headers), but it does throttle apps. A surge of cold
// widgets (a restart with an empty cache, a page that shows many new
// widgets) would send every member's first fetch at once. The budget
// spaces the app's calls at a steady rate instead, for the whole fleet
// when there is Redis (fleet/budget.go), so a surge queues.

// Budget gives calls to WordPress.com their turns. Implementations are
// safe for concurrent use and never fail the caller: a shared budget that
// cannot be read gives way to one of this process's own.
type Budget interface {
	// Take takes the next turn for one call and says how long until it
	// comes (0: now). A turn further off than within is not taken: ok
	// is false, and wait says how far off it was. A turn taken and not
	// used is lost: the budget errs towards fewer calls.
	Take(ctx context.Context, within time.Duration) (wait time.Duration, ok bool)
}

// MaxBudgetWait bounds how long one call waits for its turn (less when its
// context ends sooner). A call whose turn is further off is not sent; it
// fails with ErrOverBudget, and its list backs off as after any failure,
// while the calls already queued go out.
const MaxBudgetWait = 10 * time.Second

// BudgetBurst is how many calls may go out together after a quiet spell:
// one, so that no second holds more calls than the rate.
const BudgetBurst = 1

// MemoryBudget is a Budget for one process: a token bucket
// (golang.org/x/time/rate) that fills at the rate and holds the burst.
type MemoryBudget struct {
	// mu makes a refused turn's reservation and its cancellation one
	// step, so the cancellation gives back all it took.
	mu  sync.Mutex
	lim *rate.Limiter
	now func() time.Time
}

var _ Budget = (*MemoryBudget)(nil)

// NewMemoryBudget returns a budget of perSecond calls a second (no limit
// when it is not above 0), letting burst calls go together (at least one).
// now is the clock turns are reckoned by; time.Now when nil.
func NewMemoryBudget(perSecond float64, burst int, now func() time.Time) *MemoryBudget {
	limit := rate.Limit(perSecond)
	if perSecond <= 0 {
		limit = rate.Inf
	}
	if now == nil {
		now = time.Now
	}
	return &MemoryBudget{lim: rate.NewLimiter(limit, max(burst, 1)), now: now}
}

// Take implements Budget.
func (b *MemoryBudget) Take(_ context.Context, within time.Duration) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	r := b.lim.ReserveN(now, 1) // always OK: one call is within any burst of at least one
	wait := r.DelayFrom(now)
	if wait > within {
		r.CancelAt(now)
		return wait, false
	}
	return wait, true
}

// budgetWait is how long a call made with ctx at now may wait for its turn.
func budgetWait(ctx context.Context, now time.Time) time.Duration {
	within := MaxBudgetWait
	if deadline, ok := ctx.Deadline(); ok {
		within = min(within, deadline.Sub(now))
	}
	return max(within, 0)
}

// awaitTurn takes a turn in the budget and waits for it, saying how long.
// It fails with ErrOverBudget, without waiting, when the turn is further
// off than the call may wait, and as a timeout when ctx ends first.
func (c *Client) awaitTurn(ctx context.Context, endpoint string) (time.Duration, error) {
	wait, ok := c.budget.Take(ctx, budgetWait(ctx, time.Now()))
	if !ok {
		c.refused.Do(func(n int64) {
			c.log.Warn("calls to WordPress.com refused: the budget's next turn is further off than they may wait (WIDGETS_UPSTREAM_RATE); their lists back off",
				"endpoint", endpoint, "turn_in", wait.Round(time.Millisecond), "refused_since_last_line", n)
		})
		return 0, &Error{Kind: ErrOverBudget, Endpoint: endpoint,
			Message: fmt.Sprintf("not sent: the budget's next turn is %v away", wait.Round(time.Millisecond)), RetryAfter: wait}
	}
	if wait <= 0 {
		return 0, nil
	}
	if wait >= budgetQueueLong {
		c.queued.Do(func(n int64) {
			c.log.Warn("calls to WordPress.com queue for the budget (WIDGETS_UPSTREAM_RATE)",
				"endpoint", endpoint, "wait", wait.Round(time.Millisecond), "long_waits_since_last_line", n)
		})
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return wait, nil
	case <-ctx.Done():
		return wait, transportError(endpoint, ctx.Err())
	}
}

// budgetQueueLong is a wait worth a line in the log (now and then).
const budgetQueueLong = 2 * time.Second

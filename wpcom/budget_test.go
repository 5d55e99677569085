package wpcom_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestMemoryBudget: turns come one interval apart after the burst, a
// turn further off than the caller may wait is refused and takes nothing,
// and time passing fills the bucket again. The clock is the test's: no
// step depends on how fast the machine is.
func TestMemoryBudget(t *testing.T) {
	type step struct {
		after  time.Duration // the clock moves on by this first
		within time.Duration // how long the caller may wait
		wait   time.Duration
		ok     bool
	}
	const long = wpcom.MaxBudgetWait
	ms := time.Millisecond
	tests := []struct {
		name      string
		perSecond float64
		burst     int
		steps     []step
	}{
		{"4 a second, burst 1: a quarter second apart", 4, 1, []step{
			{0, long, 0, true}, {0, long, 250 * ms, true}, {0, long, 500 * ms, true}, {0, long, 750 * ms, true}}},
		{"4 a second, burst 4: four at once, then a quarter second apart", 4, 4, []step{
			{0, long, 0, true}, {0, long, 0, true}, {0, long, 0, true}, {0, long, 0, true}, {0, long, 250 * ms, true}}},
		{"half a call a second", 0.5, 1, []step{{0, long, 0, true}, {0, long, 2 * time.Second, true}, {0, long, 4 * time.Second, true}}},
		{"a refused turn takes nothing", 1, 1, []step{
			{0, long, 0, true}, {0, 500 * ms, time.Second, false}, {0, 500 * ms, time.Second, false},
			{600 * ms, 500 * ms, 400 * ms, true}, {0, long, 1400 * ms, true}}},
		{"a quiet spell fills the bucket to its burst, no more", 2, 2, []step{
			{0, long, 0, true}, {0, long, 0, true}, {0, long, 500 * ms, true},
			{time.Minute, long, 0, true}, {0, long, 0, true}, {0, long, 500 * ms, true}}},
		{"time passing shortens the wait", 2, 1, []step{
			{0, long, 0, true}, {100 * ms, long, 400 * ms, true}, {time.Second, long, 0, true}}},
		{"no limit", 0, 1, []step{{0, 0, 0, true}, {0, 0, 0, true}, {0, 0, 0, true}}},
		{"burst 0 is 1", 1, 0, []step{{0, long, 0, true}, {0, long, time.Second, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := testutil.NewClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
			b := wpcom.NewMemoryBudget(tt.perSecond, tt.burst, clk.Now)
			for i, s := range tt.steps {
				clk.Add(s.after)
				wait, ok := b.Take(context.Background(), s.within)
				if wait != s.wait || ok != s.ok {
					t.Errorf("turn %d: wait %v ok %t, want %v %t", i+1, wait, ok, s.wait, s.ok)
				}
			}
		})
	}
}

// stubBudget hands out the turns it is given, one a call, and records
// how long each caller said it could wait.
type stubBudget struct {
	mu     sync.Mutex
	turns  []turn
	within []time.Duration
	taken  func() // if set, called as a turn is taken
}

type turn struct {
	wait time.Duration
	ok   bool
}

func (b *stubBudget) Take(_ context.Context, within time.Duration) (time.Duration, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.within = append(b.within, within)
	if b.taken != nil {
		b.taken()
	}
	if len(b.turns) == 0 {
		return 0, true
	}
	t := b.turns[0]
	b.turns = b.turns[1:]
	return t.wait, t.ok
}

func (b *stubBudget) takes() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.within)
}

// Every REST call takes a turn, each page of a list too; the token
// exchange takes none.
func TestEveryCallTakesATurn(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	budget := &stubBudget{}
	c := newClient(t, sim.URL, wpcom.Options{Budget: budget})
	tok := globalToken(t, sim, wpcomtest.AvidUser)
	if n := budget.takes(); n != 0 {
		t.Errorf("the token exchange took %d turns, want none", n)
	}
	if _, err := c.Me(ctx(t), tok); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Following(ctx(t), tok, wpcomtest.AvidFollows); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Liked(ctx(t), tok, 100); err != nil {
		t.Fatal(err)
	}
	calls := sim.Calls(wpcomtest.EndpointMe) + sim.Calls(wpcomtest.EndpointFollowing) + sim.Calls(wpcomtest.EndpointLiked)
	if n := budget.takes(); n != calls || calls != 1+5+3 {
		t.Errorf("%d turns taken for %d calls (%s), want one each: /me, 5 pages of follows, 3 of likes", n, calls, sim.CallSummary())
	}
}

// A call waits for its turn; one whose turn is further off than it may
// wait is not sent, and says when its turn would have come; a caller who
// gives up while waiting sends nothing. The wait is bounded by
// MaxBudgetWait and by the context's deadline.
func TestCallsWaitTheirTurn(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := wpcom.Token(sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global"))
	budget := &stubBudget{turns: []turn{{30 * time.Millisecond, true}, {7 * time.Second, false}, {5 * time.Second, true}}}
	type heard struct {
		waited time.Duration
		err    error
	}
	var mu sync.Mutex
	var hooks []heard
	c := newClient(t, sim.URL, wpcom.Options{Budget: budget, OnBudget: func(waited time.Duration, err error) {
		mu.Lock()
		defer mu.Unlock()
		hooks = append(hooks, heard{waited, err})
	}})

	if _, err := c.Liked(ctx(t), tok, 3); err != nil || sim.Calls(wpcomtest.EndpointLiked) != 1 {
		t.Fatalf("after waiting its turn: %v, %d calls", err, sim.Calls(wpcomtest.EndpointLiked))
	}
	_, err := c.Liked(ctx(t), tok, 3)
	var e *wpcom.Error
	if !errors.Is(err, wpcom.ErrOverBudget) || !errors.As(err, &e) || e.RetryAfter != 7*time.Second ||
		e.Endpoint != "read/liked" || wpcom.Class(err) != "over_budget" || sim.Calls(wpcomtest.EndpointLiked) != 1 {
		t.Errorf("a turn too far off: %v (retry after %v), %d calls, want over budget in 7s and nothing sent", err, retryOf(err), sim.Calls(wpcomtest.EndpointLiked))
	}
	gone, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	if _, err := c.Liked(gone, tok, 3); err == nil || !errors.Is(err, context.Canceled) || sim.Calls(wpcomtest.EndpointLiked) != 1 {
		t.Errorf("given up while waiting: %v, %d calls, want canceled and nothing sent", err, sim.Calls(wpcomtest.EndpointLiked))
	}

	mu.Lock()
	if len(hooks) != 3 || hooks[0].waited < 30*time.Millisecond || hooks[0].err != nil ||
		!errors.Is(hooks[1].err, wpcom.ErrOverBudget) || !errors.Is(hooks[2].err, context.Canceled) {
		t.Errorf("OnBudget heard %+v", hooks)
	}
	mu.Unlock()

	short, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	c.Liked(short, tok, 3)
	budget.mu.Lock()
	within := budget.within
	budget.mu.Unlock()
	if within[0] != wpcom.MaxBudgetWait {
		t.Errorf("a call with 20 s to go may wait %v, want MaxBudgetWait (%v)", within[0], wpcom.MaxBudgetWait)
	}
	if w := within[len(within)-1]; w > 2*time.Second || w < time.Second {
		t.Errorf("a call with 2 s to go may wait %v, want at most 2 s", w)
	}
}

// A throttle met while a call waited for its turn holds it: it is not sent.
func TestAThrottleMetInTheQueueHoldsTheCall(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := wpcom.Token(sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global"))
	pause := wpcom.NewMemoryPause()
	budget := &stubBudget{turns: []turn{{20 * time.Millisecond, true}}}
	budget.taken = func() { pause.Throttled(context.Background(), time.Now()) } // another call met "Limit reached"
	c := newClient(t, sim.URL, wpcom.Options{Budget: budget, Pause: pause})
	if _, err := c.Liked(ctx(t), tok, 3); !errors.Is(err, wpcom.ErrThrottled) || sim.Calls(wpcomtest.EndpointLiked) != 0 {
		t.Errorf("%v, %d calls, want throttled and nothing sent", err, sim.Calls(wpcomtest.EndpointLiked))
	}
}

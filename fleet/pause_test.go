package fleet

import (
	"context"
	"log/slog"
	"net"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestThrottlePausesTheFleet: WordPress.com throttles the app, not a
// replica. One replica meets "Limit reached"; the other sends nothing
// until the pause ends, and a throttle met by the second lengthens the
// pause the first one keeps.
func TestThrottlePausesTheFleet(t *testing.T) {
	rc := redistest.Client(t)
	key := redistest.Prefix(t, rc) + "wpcom-pause"
	clk := testutil.NewClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	sim := wpcomtest.NewServer(wpcomtest.Options{Now: clk.Now})
	t.Cleanup(sim.Close)
	tok := wpcom.Token(sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global"))
	replica := func() *wpcom.Client {
		c, err := wpcom.NewClient(wpcom.Options{BaseURL: sim.URL, Now: clk.Now, Pause: newRedisPause(rc, key, slog.New(slog.DiscardHandler))})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	r1, r2 := replica(), replica()
	ctx := context.Background()
	sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.LimitReached, Window: 90 * time.Second})

	if _, err := r1.Liked(ctx, tok, 3); wpcom.Class(err) != "throttled" {
		t.Fatalf("replica 1: %v", err)
	}
	clk.Add(30 * time.Second)
	if _, err := r2.Liked(ctx, tok, 3); wpcom.Class(err) != "throttled" || sim.Calls(wpcomtest.EndpointLiked) != 1 {
		t.Fatalf("replica 2 during the pause: %v, %d calls (want the call held back)", err, sim.Calls(wpcomtest.EndpointLiked))
	}
	clk.Add(31 * time.Second) // the first pause (1m) is over; WordPress.com's 90s is not
	if _, err := r2.Liked(ctx, tok, 3); wpcom.Class(err) != "throttled" || sim.Calls(wpcomtest.EndpointLiked) != 2 {
		t.Fatalf("replica 2 after the first pause: %v, %d calls", err, sim.Calls(wpcomtest.EndpointLiked))
	}
	// The second throttle in a row, met by replica 2, pauses replica 1 for 2m.
	clk.Add(time.Minute)
	if _, err := r1.Liked(ctx, tok, 3); wpcom.Class(err) != "throttled" || sim.Calls(wpcomtest.EndpointLiked) != 2 {
		t.Fatalf("replica 1 within the longer pause: %v, %d calls", err, sim.Calls(wpcomtest.EndpointLiked))
	}
	clk.Add(61 * time.Second)
	if _, err := r1.Liked(ctx, tok, 3); err != nil || sim.Calls(wpcomtest.EndpointLiked) != 3 {
		t.Fatalf("replica 1 after the pause: %v, %d calls", err, sim.Calls(wpcomtest.EndpointLiked))
	}
	if n, _ := rc.Exists(ctx, key).Result(); n != 0 {
		t.Error("a call that went through left the pause in Redis")
	}
}

// TestPauseCountsABurstOnce: answers met together (calls under way when
// the throttle came) are one throttle, and a call that went through while
// the pause ran clears nothing.
func TestPauseCountsABurstOnce(t *testing.T) {
	rc := redistest.Client(t)
	p := newRedisPause(rc, redistest.Prefix(t, rc)+"wpcom-pause", slog.New(slog.DiscardHandler))
	ctx, t0 := context.Background(), time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	first := p.Throttled(ctx, t0)
	for i := range 10 {
		if got := p.Throttled(ctx, t0.Add(time.Duration(i)*time.Second)); !got.Equal(first) {
			t.Fatalf("answer %d of a burst moved the pause to %v (was %v)", i+2, got, first)
		}
	}
	if !first.Equal(t0.Add(wpcom.PauseMin)) {
		t.Errorf("first pause ends %v, want %v", first, t0.Add(wpcom.PauseMin))
	}
	p.Cleared(ctx, t0.Add(10*time.Second)) // under way before the throttle
	if got := p.Until(ctx); !got.Equal(first) {
		t.Errorf("a call under way cleared the pause: %v", got)
	}
	second := p.Throttled(ctx, first) // the first call after the pause: throttled again
	if !second.Equal(first.Add(2 * wpcom.PauseMin)) {
		t.Errorf("second pause ends %v, want twice as long", second)
	}
	p.Cleared(ctx, second)
	if third := p.Throttled(ctx, second.Add(time.Minute)); !third.Equal(second.Add(time.Minute + wpcom.PauseMin)) {
		t.Errorf("after a call went through, the pause did not start from a minute again: %v", third)
	}
}

// countingHook counts the commands a client sends.
type countingHook struct{ n atomic.Int64 }

func (h *countingHook) DialHook(next redis.DialHook) redis.DialHook { return next }
func (h *countingHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error { h.n.Add(1); return next(ctx, cmd) }
}
func (h *countingHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}

// A Redis that does not answer is asked once, then left alone a while:
// its timeout must not add to every call to WordPress.com (a blogroll is
// many pages). An answer of "no pause" is not an outage.
func TestPauseLeavesADownRedisAlone(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	down := redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1})
	t.Cleanup(func() { down.Close() })
	hook := &countingHook{}
	down.AddHook(hook)
	p := newRedisPause(down, "wpcom-pause", slog.New(slog.DiscardHandler))
	for range 10 {
		p.Until(context.Background())
	}
	if n := hook.n.Load(); n != 1 {
		t.Errorf("a down Redis was asked %d times in 10 calls, want once", n)
	}

	up := redistest.Client(t)
	hook = &countingHook{}
	up.AddHook(hook)
	p = newRedisPause(up, redistest.Prefix(t, up)+"wpcom-pause", slog.New(slog.DiscardHandler))
	for range 3 {
		p.Until(context.Background())
	}
	if n := hook.n.Load(); n != 3 {
		t.Errorf("a Redis with no pause was asked %d times in 3 calls, want each time", n)
	}
}

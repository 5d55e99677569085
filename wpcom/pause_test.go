package wpcom_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func TestPauseFor(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 6: 32 * time.Minute, 7: time.Hour, 40: time.Hour} {
		if got := wpcom.PauseFor(n); got != want {
			t.Errorf("PauseFor(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestLimitReachedPausesEveryCall: a "Limit reached" answer pauses every
// call of the app, for every member, longer each time in a row, and the
// first call after the pause goes through.
func TestLimitReachedPausesEveryCall(t *testing.T) {
	clk := testutil.NewClock(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC))
	sim := newSim(t, wpcomtest.Options{Now: clk.Now})
	demo, avid := globalToken(t, sim, wpcomtest.DemoUser), globalToken(t, sim, wpcomtest.AvidUser)
	c := newClient(t, sim.URL, wpcom.Options{Now: clk.Now})
	calls := func() int { return sim.Calls(wpcomtest.EndpointFollowing) + sim.Calls(wpcomtest.EndpointLiked) }
	// WordPress.com's penalty is 3 minutes, started again by every call.
	sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.LimitReached, Window: 3 * time.Minute})

	step := func(name string, at time.Duration, tok wpcom.Token, wantErr bool, wantCalls int, wantWait time.Duration) {
		t.Helper()
		clk.Add(at - clk.Now().Sub(time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)))
		_, err := c.Liked(ctx(t), tok, 3)
		var e *wpcom.Error
		switch {
		case wantErr && (!errors.Is(err, wpcom.ErrThrottled) || !errors.As(err, &e) || e.RetryAfter != wantWait):
			t.Errorf("%s: %v (retry after %v), want throttled, retry after %v", name, err, retryOf(err), wantWait)
		case !wantErr && err != nil:
			t.Errorf("%s: %v", name, err)
		}
		if calls() != wantCalls {
			t.Errorf("%s: %d calls reached WordPress.com, want %d", name, calls(), wantCalls)
		}
	}
	step("throttled", 0, demo, true, 1, time.Minute)
	step("another member, during the pause: not sent", 30*time.Second, avid, true, 1, 30*time.Second)
	step("after the pause, still throttled", time.Minute, avid, true, 2, 2*time.Minute)
	step("after a longer pause, still throttled", 3*time.Minute, demo, true, 3, 4*time.Minute)
	step("after the penalty ran out", 7*time.Minute, demo, false, 4, 0)
	// A call that went through starts the next pause from a minute again.
	sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.LimitReached, Window: 3 * time.Minute})
	step("throttled again", 8*time.Minute, demo, true, 5, time.Minute)
	if _, err := c.Following(ctx(t), demo, 3); err == nil || !strings.Contains(err.Error(), "paused") {
		t.Errorf("following during the pause: %v", err)
	}
}

func retryOf(err error) time.Duration {
	var e *wpcom.Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}

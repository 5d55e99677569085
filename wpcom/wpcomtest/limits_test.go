package wpcomtest_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestRateLimit: three calls a second go through; the fourth is told
// "Limit reached" as WordPress.com tells a throttled app (403, no JSON),
// and so is every call until a minute has passed with none, each call
// during the penalty starting it again. Then calls go through again.
func TestRateLimit(t *testing.T) {
	clock := testutil.NewClock(time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC))
	sim := wpcomtest.NewServer(wpcomtest.Options{Now: clock.Now,
		RateLimit: wpcomtest.RateLimit{Calls: 3, Per: time.Second}})
	defer sim.Close()
	tok := "Bearer " + sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	liked := sim.URL + "/rest/v1.1/read/liked"
	call := func(want int, what string) string {
		t.Helper()
		status, body := getRaw(t, liked, tok)
		if status != want {
			t.Fatalf("%s: %d, want %d: %.200s", what, status, want, body)
		}
		return body
	}
	for i := range 3 {
		call(http.StatusOK, fmt.Sprintf("call %d within the second", i+1))
		clock.Add(300 * time.Millisecond)
	}
	// 900 ms after the first: over the limit.
	if body := call(http.StatusForbidden, "the fourth call within the second"); !strings.Contains(body, "Limit reached") || strings.HasPrefix(body, "{") {
		t.Errorf("the answer over the limit is not WordPress.com's throttled page: %.200s", body)
	}
	if until := sim.PenaltyUntil(); !until.Equal(clock.Now().Add(time.Minute)) {
		t.Errorf("the penalty ends at %v, want a minute from now", until)
	}
	clock.Add(50 * time.Second)
	call(http.StatusForbidden, "a call 50 s into the penalty")
	clock.Add(50 * time.Second) // 100 s after the call over the limit, 50 s after the last
	call(http.StatusForbidden, "a call 50 s after one made during the penalty")
	clock.Add(61 * time.Second)
	call(http.StatusOK, "a call after a quiet minute")
	if n := sim.Limited(); n != 3 {
		t.Errorf("Limited() = %d, want 3", n)
	}
	if n := sim.Calls(wpcomtest.EndpointLiked); n != 7 {
		t.Errorf("%d calls counted, want all 7: WordPress.com saw them", n)
	}
	// Calls spread out stay under the limit.
	for range 10 {
		clock.Add(400 * time.Millisecond)
		call(http.StatusOK, "a call 400 ms after the last")
	}
	// ClearFaults ends a penalty, and forgets the calls counted.
	clock.Add(2 * time.Second)
	for range 3 {
		call(http.StatusOK, "a call at the same moment")
	}
	call(http.StatusForbidden, "a fourth call at the same moment")
	sim.ClearFaults()
	for range 3 {
		call(http.StatusOK, "a call after ClearFaults")
	}
}

// TestLatency: REST answers wait between Min and Max; OAuth and pictures
// are not slowed.
func TestLatency(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{Latency: wpcomtest.Latency{Min: 60 * time.Millisecond, Max: 80 * time.Millisecond}})
	defer sim.Close()
	tok := "Bearer " + sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	for range 3 {
		start := time.Now()
		if status, body := getRaw(t, sim.URL+"/rest/v1.1/read/liked", tok); status != http.StatusOK {
			t.Fatalf("%d %.200s", status, body)
		}
		if took := time.Since(start); took < 60*time.Millisecond {
			t.Errorf("a REST call took %v, want at least 60 ms", took)
		}
	}
	start := time.Now()
	getRaw(t, sim.URL+"/oauth2/token-info?client_id="+wpcomtest.TestClientID+"&token=x", "")
	if took := time.Since(start); took >= 60*time.Millisecond {
		t.Errorf("token-info took %v: only the REST calls wait", took)
	}
}

package fleet_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// readers are n members who each liked one post, on a public site: a
// liked widget of theirs costs one call to fill.
func readers(n int) []*wpcomtest.Member {
	liked := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	var ms []*wpcomtest.Member
	for i := range n {
		site := &wpcomtest.Site{ID: int64(61000000 + i), FeedID: int64(81000000 + i), Name: fmt.Sprintf("Blog %d", i),
			URL: fmt.Sprintf("https://blog-of-reader%d.wordpress.com", i), FeedURL: fmt.Sprintf("https://blog-of-reader%d.wordpress.com/feed/", i)}
		post := &wpcomtest.Post{ID: int64(1000 + i), Site: site, Title: fmt.Sprintf("Liked by reader %d", i),
			URL: site.URL + "/2026/10/31/a-post/", Content: "<p>A post.</p>", Excerpt: "<p>A post.</p>", Date: liked.Add(-time.Hour),
			Author: wpcomtest.Author{ID: int64(5000 + i), Login: fmt.Sprintf("author%d", i), Name: fmt.Sprintf("Author %d", i)}, FeaturedMedia: map[string]any{}}
		ms = append(ms, &wpcomtest.Member{ID: int64(71000000 + i), Username: fmt.Sprintf("reader%d", i), DisplayName: fmt.Sprintf("Reader %d", i),
			Email: fmt.Sprintf("reader%d@example.com", i), PrimaryBlogID: site.ID, PrimaryBlogURL: site.URL, Joined: liked.AddDate(-1, 0, 0),
			Likes: []wpcomtest.Like{{Post: post, Liked: liked}}})
	}
	return ms
}

// TestUpstreamBudget is issue 22's budget for WordPress.com: 12 cold
// widgets of 12 members, asked at once of three replicas (four members
// each, so every replica calls WordPress.com), with a budget of 4 calls a
// second and a burst of 1. WordPress.com, as the simulator's log of when
// each call arrived, sees no second holding more than 4 calls for the
// fleet, and every widget fills in on every replica.
//
// With a burst of b, a second may hold up to 4+b-1 calls; the burst is 1
// (wpcom.BudgetBurst), so turns are a quarter second apart and any second
// holds at most 4. Between its turn and its arrival a call spends a few
// milliseconds (a timer, Redis, the loopback): a call late by more than
// its successors could seem to share a second with the fifth turn after
// it. jitter is the allowance for that, stated: windows are 1 s less it.
// Three replicas each spending a budget of their own would make 12 a
// second; a bucket of 5 a second would put 5 calls in 800 ms. Both fail.
func TestUpstreamBudget(t *testing.T) {
	const (
		members = 12
		rate    = 4
		jitter  = 100 * time.Millisecond
	)
	if wpcom.BudgetBurst != 1 {
		t.Fatalf("this test counts on a burst of 1, not %d", wpcom.BudgetBurst)
	}
	f := startFleetWith(t, 3, fleetOptions{sim: wpcomtest.Options{Members: readers(members), LogCalls: true}, upstreamRate: rate})
	ids := make([]string, members)
	for i := range ids {
		id, err := stack.SeedWidget(context.Background(), f.replicas[0].app, f.sim.Simulator, clientID, fmt.Sprintf("reader%d", i), "liked", 1, "list", "auto")
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = id
	}
	f.sim.ResetCalls()

	// Three visitors for each widget at once, on the replica of its
	// member (i mod 3): 36 requests, 12 loads.
	var wg sync.WaitGroup
	var filled, empty atomic.Int64
	begin := time.Now()
	for i, id := range ids {
		r := f.replicas[i%3]
		for range 3 {
			wg.Go(func() {
				resp, err := f.client.Get(r.base + "/w/" + id)
				if err != nil {
					t.Errorf("%s /w/%s: %v", r.name, id, err)
					return
				}
				defer resp.Body.Close()
				b, _ := io.ReadAll(resp.Body)
				body := string(b)
				switch {
				case resp.StatusCode != http.StatusOK:
					t.Errorf("%s /w/%s: %d", r.name, id, resp.StatusCode)
				case strings.Contains(body, fmt.Sprintf("Liked by reader %d", i)):
					filled.Add(1)
				case resp.Header.Get("Cache-Control") != "no-store":
					t.Errorf("%s /w/%s sent empty with Cache-Control %q, want no-store", r.name, id, resp.Header.Get("Cache-Control"))
				default:
					empty.Add(1)
				}
			})
		}
	}
	wg.Wait()
	surge := time.Since(begin)
	for i, id := range ids {
		f.allServe(id, fmt.Sprintf("Liked by reader %d", i))
	}
	t.Logf("the surge took %v: %d answers filled in, %d empty (no-store); then all 12 widgets served by all 3 replicas", surge, filled.Load(), empty.Load())

	calls := f.sim.CallLog()
	if len(calls) != members {
		t.Fatalf("%d calls (%s), want %d: one per member for the fleet", len(calls), f.sim.CallSummary(), members)
	}
	at := make([]time.Time, len(calls))
	for i, c := range calls {
		at[i] = c.At
	}
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	// The busiest window of a second starts at a call: count from each.
	busiest := 0
	for i := range at {
		n := 0
		for j := i; j < len(at) && at[j].Sub(at[i]) < time.Second-jitter; j++ {
			n++
		}
		busiest = max(busiest, n)
		if n > rate {
			t.Errorf("%d calls in the %v from %s, want at most %d", n, time.Second-jitter, at[i].Sub(at[0]), rate)
		}
	}
	span := at[len(at)-1].Sub(at[0])
	if want := time.Duration(members-1) * time.Second / rate; span < want-jitter {
		t.Errorf("the %d calls spanned %v, want at least %v: a quarter second apart", members, span, want)
	}
	gaps := make([]string, len(at)-1)
	for i := range gaps {
		gaps[i] = at[i+1].Sub(at[i]).Round(time.Millisecond).String()
	}
	t.Logf("%d calls over %v, at most %d in any %v; gaps %s", len(at), span.Round(time.Millisecond), busiest, time.Second-jitter, strings.Join(gaps, " "))

	for _, r := range f.replicas {
		if !f.metric(r, `widgets_upstream_calls_total{endpoint="read/liked",outcome="ok"} 4`) {
			t.Errorf("%s did not make the 4 calls of its members", r.name)
		}
		if !f.metric(r, "widgets_upstream_budget_refused_total 0") {
			t.Errorf("%s refused calls, though no turn here is 10 s off", r.name)
		}
	}
}

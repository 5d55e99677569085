package scale_test

import (
	"flag"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/e2e/scale"
	"github.com/wpcom-widgets/service/wpcom"
)

var full = flag.Bool("scale.full", false, "run the full scale run (make scale) instead of the small one")

func TestMain(m *testing.M) {
	if scale.IsReplica() { // this binary, started again as a replica
		os.Exit(scale.ServeReplica())
	}
	os.Exit(m.Run())
}

// TestScale runs the scale run, small unless -scale.full, and checks what
// must hold at any size. Every visitor gets a widget (its lists, or its
// waiting state), most of them at once from memory, none after more than
// two turns in the budget and the calls. The fleet keeps to its budget of calls to
// WordPress.com, and so never meets WordPress.com's own limit, and uses
// all of it while it has lists to fill. Lists once filled are served
// from memory; the edge answers most of what it may keep. Every number in
// the report was measured.
func TestScale(t *testing.T) {
	p := scale.Small()
	if *full {
		p = scale.Full()
	}
	r := scale.Run(t, p)
	fmt.Println(r.Markdown())

	// A cold widget's visitor waits for its member's load: a turn in the
	// budget and a call for each kind of list, following then liked.
	longest := 2*wpcom.MaxBudgetWait + 2*p.Latency.Max + 10*time.Second
	for _, ph := range r.Phases {
		n := float64(ph.Requests)
		if ph.Failed > 0 || ph.Late > 0 {
			t.Errorf("%s: %d of %d requests failed, %d never sent; the first: %s", ph.Name, ph.Failed, ph.Requests, ph.Late, ph.Example)
		}
		if want := 0.9 * float64(p.Rate) * p.Duration.Seconds(); n < want {
			t.Errorf("%s: %d requests answered in %v, want %.0f", ph.Name, ph.Requests, p.Duration, want)
		}
		// No visitor waits longer than the design allows. How many are
		// answered within QuickAnswer is reported, not checked: it is a
		// time, and the machine's (a CI run with the race detector and
		// other packages' tests on two cores once answered 13 % of the
		// edge phase's visitors within 250 ms, against 64 % alone). What
		// it stands for, answers from memory rather than after a load, is
		// checked by count below: memory hits and the edge's answers.
		if ph.P50 <= 0 || ph.P99 < ph.P50 || ph.P99 > longest {
			t.Errorf("%s: p50 %v, p99 %v: want p99 within %v", ph.Name, ph.P50, ph.P99, longest)
		}
		// Most visitors get the lists (65 and 71 % in the small form's two
		// phases with the machine to itself): the budget fills the popular
		// widgets' lists first, because their visitors ask first.
		if float64(ph.Filled) < 0.3*n {
			t.Errorf("%s: %d of %d answers carried lists, want 30 %% at least", ph.Name, ph.Filled, ph.Requests)
		}
		// The budget holds for the fleet: its rate and its burst of 1, and
		// a call of slack for a turn taken just before that arrived in
		// the time counted.
		budget := p.UpstreamRate * ph.Span.Seconds()
		if float64(ph.UpstreamCalls) > budget+2 {
			t.Errorf("%s: WordPress.com got %d calls in %v, over the budget of %g a second", ph.Name, ph.UpstreamCalls, ph.Span, p.UpstreamRate)
		}
		if ph.BudgetRefused > 0 && float64(ph.UpstreamCalls) < 0.8*budget {
			t.Errorf("%s: %d calls in %v while %.0f were refused for want of a turn: the fleet left its budget unused",
				ph.Name, ph.UpstreamCalls, ph.Span, ph.BudgetRefused)
		}
		if ph.Limited > 0 {
			t.Errorf("%s: WordPress.com answered \"Limit reached\" %d times: the budget (%g/s) let the fleet past its limit (%d in %v)",
				ph.Name, ph.Limited, p.UpstreamRate, p.Limit.Calls, p.Limit.Per)
		}
		if ph.Filled == 0 || ph.LoadsOK == 0 || ph.MembersViewed == 0 || ph.MembersViewed > p.Members || ph.WidgetsViewed > p.Widgets {
			t.Errorf("%s: %d answers with lists, %.0f loads; %d members and %d widgets viewed, of %d and %d",
				ph.Name, ph.Filled, ph.LoadsOK, ph.MembersViewed, ph.WidgetsViewed, p.Members, p.Widgets)
		}
		if len(ph.Heap) != p.Replicas {
			t.Errorf("%s: heap of %d replicas, want %d", ph.Name, len(ph.Heap), p.Replicas)
		}
		for _, m := range ph.Heap {
			if m.HeapInuse <= 0 || m.RSS <= 0 || m.PeakHeap < m.HeapInuse || m.CPU <= 0 {
				t.Errorf("%s: %s was not measured: %+v", ph.Name, m.Replica, m)
			}
		}
		switch ph.Name {
		case "edge":
			// A widget with its lists is kept 10 s at the edge: nginx
			// answers most of them alone.
			if float64(ph.FromEdge) < 0.5*float64(ph.Filled) {
				t.Errorf("edge: nginx answered %d of %d answers with lists alone", ph.FromEdge, ph.Filled)
			}
		default:
			// A member's lists, once loaded, are served from memory: many
			// answers with lists came without waiting for a load (the
			// rest waited for one, or read another replica's from Redis).
			if ph.MemoryHits < 0.25*float64(ph.Filled) {
				t.Errorf("%s: %.0f memory hits for %d answers with lists: lists loaded are not kept", ph.Name, ph.MemoryHits, ph.Filled)
			}
			if ph.FromEdge != 0 || ph.ReplicaRequests < 0.95*n {
				t.Errorf("%s: %d answers from an edge, %.0f of %d requests reached a replica", ph.Name, ph.FromEdge, ph.ReplicaRequests, ph.Requests)
			}
		}
	}
	if want := map[bool]int{true: 2, false: 1}[p.Edge]; len(r.Phases) != want {
		t.Errorf("%d phases, want %d", len(r.Phases), want)
	}
}

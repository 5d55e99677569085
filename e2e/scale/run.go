package scale

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

const clientID, clientSecret = "2222", "scale-secret"

// Run runs the scale run p describes and reports what it saw; it fails t
// when a part cannot be started. Each phase starts from cold: new replica
// processes, Redis emptied, the simulator's counters reset; the data in
// PostgreSQL and the members' tokens stay.
func Run(t testing.TB, p Params) Report {
	t.Helper()
	if err := p.check(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	rep := Report{Params: p}

	begin := time.Now()
	sim := wpcomtest.NewServer(wpcomtest.Options{Members: members(p.Members), Latency: p.Latency, RateLimit: p.Limit, LogCalls: true})
	t.Cleanup(sim.Close)
	edgeAddr := stack.FreePort(t)
	base := "http://" + edgeAddr // the service's public address is the edge's
	sim.AddApp(wpcomtest.App{ClientID: clientID, Secret: clientSecret, Name: "Widgets at scale", RedirectURIs: []string{base + "/auth/callback"}})
	dbURL := storetest.FreshPostgresURL(t)
	key := seal.GenerateKey()
	ws, err := seed(ctx, dbURL, key, sim.Simulator, clientID, p)
	if err != nil {
		t.Fatal(err)
	}
	rep.Seed = time.Since(begin)
	redis := redistest.Start(t)
	rc := redis.Client()

	phases := []string{"replicas"}
	if p.Edge {
		phases = append(phases, "edge")
	}
	for i, name := range phases {
		if err := rc.FlushAll(ctx).Err(); err != nil {
			t.Fatalf("emptying Redis: %v", err)
		}
		sim.ResetCalls()
		sim.ClearFaults() // a penalty from the phase before ends
		limited := sim.Limited()
		cfg := replicaConfig{BaseURL: base, DatabaseURL: dbURL, RedisURL: redis.URL, SecretKey: key, WPCOMURL: sim.URL,
			ClientID: clientID, ClientSecret: clientSecret, Refresh: p.Refresh, UpstreamRate: p.UpstreamRate}
		rs := make([]*replica, p.Replicas)
		for k := range rs {
			rs[k] = startReplica(t, fmt.Sprintf("replica %d", k+1), cfg)
		}
		var addrs, bases []string
		for _, r := range rs {
			r.ready(t, time.Minute) // a race-detector build takes a while
			addrs, bases = append(addrs, r.base[len("http://"):]), append(bases, r.base)
		}
		testutil.Eventually(t, 10*time.Second, "every replica listening to the others", func() bool {
			n, err := rc.PubSubNumSub(ctx, "widgets:changes:0").Result()
			return err == nil && int(n["widgets:changes:0"]) >= p.Replicas
		})
		stopEdge := func() {}
		if name == "edge" {
			// Room for thousands of visitors waiting for cold widgets at once.
			stopEdge = stack.StartEdge(t, edgeAddr, addrs, stack.EdgeOptions{Connections: 8192}).Stop
			bases = []string{base}
		}
		ph := runPhase(t, p, name, sim, ws, bases, rs, uint64(i+1))
		ph.Limited = sim.Limited() - limited
		stopEdge()
		for _, r := range rs {
			r.stop()
		}
		rep.Phases = append(rep.Phases, ph)
	}
	rep.Took = time.Since(begin)
	return rep
}

// runPhase sends the visitors for Warmup and Duration, measuring the
// last Duration.
func runPhase(t testing.TB, p Params, name string, sim *wpcomtest.Server, ws []widget, bases []string, rs []*replica, seed uint64) Phase {
	t.Helper()
	ctx := context.Background()
	start := time.Now()
	measureFrom, end := start.Add(p.Warmup), start.Add(p.Warmup+p.Duration)
	var res *tally
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		res = send(ctx, p, newVisitors(ws, p, seed), bases, measureFrom, end)
	}()

	scrapeAll := func() []sample {
		out := make([]sample, len(rs))
		for i, r := range rs {
			s, err := scrape(r.base)
			if err != nil {
				t.Errorf("%s: %v", r.name, err)
				s = sample{}
			}
			out[i] = s
		}
		return out
	}
	time.Sleep(time.Until(measureFrom))
	before := scrapeAll()
	// The heap is looked at every two seconds, for its peak.
	peak := make([]float64, len(rs))
	var mu sync.Mutex
	stopWatch := make(chan struct{})
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		tick := time.NewTicker(2 * time.Second)
		defer tick.Stop()
		for {
			select {
			case <-stopWatch:
				return
			case <-tick.C:
			}
			for i, r := range rs {
				if s, err := scrape(r.base); err == nil {
					mu.Lock()
					peak[i] = max(peak[i], s.sum("go_memstats_heap_inuse_bytes"))
					mu.Unlock()
				}
			}
		}
	}()
	<-sent
	close(stopWatch)
	<-watched
	after := scrapeAll()
	last := time.Now()

	ph := Phase{Name: name, Requests: res.requests, Filled: res.filled, Pending: res.pending, Failed: res.failed,
		Late: res.late, FromEdge: res.fromEdge, Example: res.example,
		MembersViewed: len(res.members), WidgetsViewed: len(res.widgets),
		P50: quantile(res.lat, 0.50), P90: quantile(res.lat, 0.90), P99: quantile(res.lat, 0.99), Max: quantile(res.lat, 1),
		Measured: p.Duration, Span: last.Sub(measureFrom)}
	for _, d := range res.lat {
		if d <= QuickAnswer {
			ph.Quick++
		}
	}
	var at []time.Time
	for _, c := range sim.CallLog() {
		if c.Endpoint == wpcomtest.EndpointFollowing || c.Endpoint == wpcomtest.EndpointLiked {
			at = append(at, c.At)
			if !c.At.Before(measureFrom) && c.At.Before(last) {
				ph.UpstreamCalls++
			}
		}
	}
	ph.BusiestSecond = busiest(at, time.Second)
	ph.MemoryHits = delta(before, after, "widgets_cache_lookups_total", `tier="memory"`, `result="hit"`)
	ph.MemoryLookups = delta(before, after, "widgets_cache_lookups_total", `tier="memory"`)
	ph.RedisHits = delta(before, after, "widgets_cache_lookups_total", `tier="redis"`, `result="hit"`)
	ph.RedisLookups = delta(before, after, "widgets_cache_lookups_total", `tier="redis"`)
	ph.ReplicaRequests = delta(before, after, "widgets_http_requests_total", `route="/w/:file"`)
	ph.BudgetRefused = delta(before, after, "widgets_upstream_budget_refused_total")
	ph.RedisErrors = delta(before, after, "widgets_redis_errors_total")
	ph.BudgetRedisErrors = delta(before, after, "widgets_redis_errors_total", `op="budget"`)
	ph.LoadsOK = delta(before, after, "widgets_refresh_duration_seconds_count", `outcome="ok"`)
	ph.LoadsFailed = delta(before, after, "widgets_refresh_duration_seconds_count", `outcome="error"`)
	for i, r := range rs {
		cpu := after[i].sum("process_cpu_seconds_total") - before[i].sum("process_cpu_seconds_total")
		ph.Heap = append(ph.Heap, Memory{Replica: r.name, HeapInuse: after[i].sum("go_memstats_heap_inuse_bytes"),
			PeakHeap: max(peak[i], after[i].sum("go_memstats_heap_inuse_bytes")), RSS: after[i].sum("process_resident_memory_bytes"),
			CPU: cpu / ph.Span.Seconds()})
	}
	t.Logf("%s: %d requests in %v after %v of warm-up, done in %v", name, res.requests, p.Duration, p.Warmup, time.Since(start).Round(time.Millisecond))
	return ph
}

// busiest is the most calls that arrived within any window of d.
func busiest(at []time.Time, d time.Duration) int {
	slices.SortFunc(at, func(a, b time.Time) int { return a.Compare(b) })
	most := 0
	for i, j := 0, 0; j < len(at); j++ {
		for at[j].Sub(at[i]) >= d {
			i++
		}
		most = max(most, j-i+1)
	}
	return most
}

package scale

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// visitors is the stream of embed requests: widget popularity follows a
// Zipf law (the k-th most popular widget is asked for in proportion to
// 1/k^s), the order of popularity a seeded shuffle of the widgets, so the
// popular ones belong to members of every kind.
type visitors struct {
	ws   []widget
	perm []int
	zipf *rand.Zipf
}

func newVisitors(ws []widget, p Params, phase uint64) *visitors {
	r := rand.New(rand.NewPCG(p.Seed, phase))
	return &visitors{ws: ws, perm: r.Perm(len(ws)), zipf: rand.NewZipf(r, p.ZipfS, 1, uint64(len(ws)-1))}
}

func (v *visitors) next() int { return v.perm[v.zipf.Uint64()] }

// tally is what the visitors saw, over the measured part of a phase.
type tally struct {
	requests int
	filled   int // 200 with the member's lists
	pending  int // 200 with the widget waiting for its lists (Cache-Control: no-store)
	failed   int // any other status, or no answer
	fromEdge int // X-Cache-Status HIT, STALE or UPDATING: nginx answered alone
	late     int // never sent: the run fell more than lateLimit behind
	lat      []time.Duration
	members  map[int]bool
	widgets  map[int]bool
	example  string // the first failure
}

func (t *tally) add(o *tally) {
	t.requests += o.requests
	t.filled += o.filled
	t.pending += o.pending
	t.failed += o.failed
	t.fromEdge += o.fromEdge
	t.late += o.late
	t.lat = append(t.lat, o.lat...)
	for m := range o.members {
		t.members[m] = true
	}
	for w := range o.widgets {
		t.widgets[w] = true
	}
	if t.example == "" {
		t.example = o.example
	}
}

func newTally() *tally { return &tally{members: map[int]bool{}, widgets: map[int]bool{}} }

// quantile of sorted durations (q in [0, 1]).
func quantile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, int(q*float64(len(sorted))))]
}

// lateLimit: a phase whose visitors fall this far behind their schedule
// stops sending; what was not sent is counted, not hidden.
const lateLimit = 5 * time.Second

type job struct {
	due time.Time
	w   int
	k   int
}

// send runs the stream from now until end at p.Rate a second, request k
// going to bases[k%len(bases)], each visitor on their own (a slow answer
// does not hold back the next visitor), at most p.InFlight at once;
// requests due from measureFrom on are tallied.
func send(ctx context.Context, p Params, v *visitors, bases []string, measureFrom, end time.Time) *tally {
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 256 * len(bases), MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute}}
	defer client.CloseIdleConnections()
	slots := make(chan struct{}, p.InFlight)
	var mu sync.Mutex
	all := newTally()
	var wg sync.WaitGroup
	start := time.Now()
	interval := time.Second / time.Duration(p.Rate)
	for k := 0; ; k++ {
		due := start.Add(time.Duration(k) * interval)
		if !due.Before(end) || ctx.Err() != nil {
			break
		}
		if d := time.Until(due); d > 0 {
			time.Sleep(d)
		}
		j := job{due: due, w: v.next(), k: k}
		select {
		case slots <- struct{}{}:
		case <-time.After(time.Until(due.Add(lateLimit))):
			if !due.Before(measureFrom) {
				mu.Lock()
				all.late++
				mu.Unlock()
			}
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			one := newTally()
			visit(ctx, client, bases[j.k%len(bases)], v.ws, j, j.due.Before(measureFrom), one)
			mu.Lock()
			all.add(one)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(all.lat)
	return all
}

// visit sends one request as a browser would (gzip, keep-alive) and
// tallies its answer, unless warmup.
func visit(ctx context.Context, c *http.Client, base string, ws []widget, j job, warmup bool, t *tally) {
	w := ws[j.w]
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+w.path, nil)
	resp, err := c.Do(req)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	took := time.Since(j.due) // from when it was due: waiting for a connection counts
	if warmup {
		return
	}
	t.requests++
	t.lat = append(t.lat, took)
	t.members[w.member] = true
	t.widgets[j.w] = true
	switch {
	case err != nil:
		t.failed++
		if t.example == "" {
			t.example = fmt.Sprintf("GET %s: %v", w.path, err)
		}
	case resp.StatusCode != http.StatusOK || len(body) == 0:
		t.failed++
		if t.example == "" {
			t.example = fmt.Sprintf("GET %s: %d %.200s", w.path, resp.StatusCode, body)
		}
	case resp.Header.Get("Cache-Control") == "no-store":
		t.pending++
	default:
		t.filled++
	}
	if err == nil {
		switch resp.Header.Get("X-Cache-Status") {
		case "HIT", "STALE", "UPDATING":
			t.fromEdge++
		}
	}
}

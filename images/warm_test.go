package images

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/model"
)

// recorder keeps what a proxy's hooks, or a warmer's, were told.
type recorder struct {
	mu   sync.Mutex
	seen []string
}

func (r *recorder) add(s string) { r.mu.Lock(); r.seen = append(r.seen, s); r.mu.Unlock() }

func (r *recorder) count(s string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, x := range r.seen {
		if x == s {
			n++
		}
	}
	return n
}

func (r *recorder) all() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.seen)
}

// TestWarmMakesWhatTheFirstVisitorGets: a warmed picture is served from
// memory without asking its origin again, a visitor arriving during the
// warm-up shares its fetch, a kept picture is not warmed twice, and a
// warm-up counts among no visitor's lookups.
func TestWarmMakesWhatTheFirstVisitorGets(t *testing.T) {
	var hits atomic.Int32
	release := make(chan struct{})
	jpg := photo(t, 300, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/a.jpg", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); <-release; w.Write(jpg) })
	mux.HandleFunc("/b.jpg", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(jpg) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	var lookups recorder
	disk, err := OpenDisk(t.TempDir(), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Disk: disk, Hooks: Hooks{Lookup: lookups.add}})
	a, b := model.NewPicture(origin.URL+"/a.jpg", 192), model.NewPicture(origin.URL+"/b.jpg", 192)

	warmed := make(chan string, 1)
	go func() { r, _ := p.Warm(context.Background(), a, 7); warmed <- r }()
	testutil.Eventually(t, 5*time.Second, "the warm-up never asked the origin", func() bool { return hits.Load() == 1 })
	visited := make(chan error, 1)
	go func() { _, err := p.Get(context.Background(), a, 7); visited <- err }()
	time.Sleep(50 * time.Millisecond) // the visitor joins the fetch under way (or, late, finds its result)
	close(release)
	if r := <-warmed; r != WarmMade {
		t.Errorf("warm-up: %s, want %s", r, WarmMade)
	}
	if err := <-visited; err != nil {
		t.Errorf("the visitor during the warm-up: %v", err)
	}
	visit := lookups.all()
	if len(visit) != 1 || (visit[0] != "shared" && visit[0] != "memory") {
		t.Errorf("lookups during the warm-up: %v, want the visitor's alone, sharing its fetch", visit)
	}

	if r, err := p.Warm(context.Background(), b, 7); r != WarmMade || err != nil {
		t.Fatalf("warm-up: %s, %v", r, err)
	}
	for _, pic := range []model.Picture{a, b} {
		if _, err := p.Get(context.Background(), pic, 7); err != nil {
			t.Fatal(err)
		}
		if r, _ := p.Warm(context.Background(), pic, 7); r != WarmCached {
			t.Errorf("a kept picture warmed again: %s", r)
		}
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("two pictures warmed and visited cost %d fetches, want 2", n)
	}
	if got := lookups.all(); !slices.Equal(got, append(visit, "memory", "memory")) {
		t.Errorf("lookups: %v, want the visits of both warmed pictures from memory", got)
	}

	// On disk only (a restart): kept, not warmed again.
	p2 := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Disk: disk})
	if r, _ := p2.Warm(context.Background(), b, 7); r != WarmCached || hits.Load() != 2 {
		t.Errorf("a picture kept on disk: %s, %d fetches", r, hits.Load())
	}
}

// TestWarmGivesWayToVisitors: with visitors waiting for turns, or half
// the image memory reserved, a warm-up does not start (nor wait): it says
// WarmBusy at once, asks no origin, and leaves nothing remembered, so the
// picture's first visitor makes it as before.
func TestWarmGivesWayToVisitors(t *testing.T) {
	var hits atomic.Int32
	jpg := photo(t, 300, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/a.jpg", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(jpg) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	budget := NewBudget(100 << 20)
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Budget: budget})
	a := model.NewPicture(origin.URL+"/a.jpg", 192)
	busy := func(what string) {
		t.Helper()
		start := time.Now()
		r, err := p.Warm(context.Background(), a, 7)
		if r != WarmBusy || !errors.Is(err, ErrBusy) || time.Since(start) > time.Second || hits.Load() != 0 {
			t.Errorf("%s: %s, %v after %v, %d fetches; want %s at once, no fetch", what, r, err, time.Since(start), hits.Load(), WarmBusy)
		}
		if p.cached(a.Key) {
			t.Errorf("%s: the skipped warm-up left something kept", what)
		}
	}

	// Half the memory reserved, by two other members' pictures.
	var jobs []*job
	for _, owner := range []string{"8", "9"} {
		j, err := budget.admit(context.Background(), "elsewhere", owner)
		if err != nil {
			t.Fatal(err)
		}
		if err := j.grow(context.Background(), 26<<20); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	busy("half the memory reserved")
	for _, j := range jobs {
		j.done()
	}

	// A visitor waiting for a turn: member 3's turns are all taken.
	for i := range maxJobsPerOwner {
		j, err := budget.admit(context.Background(), "elsewhere"+strconv.Itoa(i), "3")
		if err != nil {
			t.Fatal(err)
		}
		defer j.done()
	}
	ctx, cancel := context.WithCancel(context.Background())
	waiting := make(chan error, 1)
	go func() { _, err := budget.admit(ctx, "elsewhere", "3"); waiting <- err }()
	testutil.Eventually(t, 5*time.Second, "the visitor never queued", func() bool {
		budget.mu.Lock()
		defer budget.mu.Unlock()
		return budget.waiting == 1
	})
	busy("a visitor waiting for a turn")
	cancel()
	<-waiting

	if r, err := p.Warm(context.Background(), a, 7); r != WarmMade || err != nil {
		t.Errorf("with room again: %s, %v", r, err)
	}
}

// TestWarmCutShortLeavesNothing: a warm-up's work ends with its context
// (a deadline, shutdown), unlike a visitor's; cut short, it says busy and
// is not remembered as the picture's failure, so a visitor later makes
// the picture as if no warm-up had been.
func TestWarmCutShortLeavesNothing(t *testing.T) {
	var stall atomic.Bool
	stall.Store(true)
	jpg := photo(t, 300, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/a.jpg", func(w http.ResponseWriter, r *http.Request) {
		if stall.Load() {
			w.Write(jpg[:100]) // began, then nothing until the client leaves
			w.(http.Flusher).Flush()
			<-r.Context().Done()
			return
		}
		w.Write(jpg)
	})
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	var failed recorder
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Hooks: Hooks{Failed: func(_ string, err error) { failed.add(Reason(err)) }}})
	a := model.NewPicture(origin.URL+"/a.jpg", 192)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if r, err := p.Warm(ctx, a, 7); r != WarmBusy || !errors.Is(err, ErrBusy) || time.Since(start) > 2*time.Second {
		t.Errorf("a warm-up past its deadline: %s, %v after %v; want %s at its deadline", r, err, time.Since(start), WarmBusy)
	}
	if p.cached(a.Key) || len(failed.all()) != 0 {
		t.Errorf("the cut-short warm-up left a failure: kept %v, reported %v", p.cached(a.Key), failed.all())
	}
	stall.Store(false)
	if _, err := p.Get(context.Background(), a, 7); err != nil {
		t.Errorf("the first visitor after the cut-short warm-up: %v", err)
	}
}

// TestWarmerBoundsItsWork: a warmer makes at most Workers pictures at
// once, takes at most PerLoad of one offer and Queue in all, drops the
// rest without waiting, skips what is kept, and the pictures it made are
// served without asking their origin again.
func TestWarmerBoundsItsWork(t *testing.T) {
	var hits, now, most atomic.Int32
	release := make(chan struct{})
	jpg := photo(t, 120, 90)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n := now.Add(1)
		defer now.Add(-1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		<-release
		w.Write(jpg)
	})
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{})
	var results recorder
	w := NewWarmer(p, WarmOptions{Workers: 2, Queue: 3, PerLoad: 4, Warmed: results.add})
	defer w.Close()
	pics := func(from, to int) []model.Picture {
		var out []model.Picture
		for i := from; i < to; i++ {
			out = append(out, model.NewPicture(origin.URL+"/"+strconv.Itoa(i)+".jpg", 192))
		}
		return out
	}

	w.Add(1, pics(0, 2)) // both workers busy, held by the origin
	testutil.Eventually(t, 5*time.Second, "the workers never started", func() bool { return now.Load() == 2 })
	start := time.Now()
	w.Add(2, pics(2, 12)) // room for 3 in the queue: 7 dropped, at once
	w.Add(2, pics(2, 5))  // queued already: nothing more
	if took := time.Since(start); took > time.Second || results.count(WarmDropped) != 7 {
		t.Errorf("offering to a full queue: %d dropped after %v, want 7 at once", results.count(WarmDropped), took)
	}
	close(release)
	testutil.Eventually(t, 10*time.Second, "the queued pictures were never made", func() bool { return results.count(WarmMade) == 5 })
	if m := most.Load(); m != 2 {
		t.Errorf("%d pictures made at once, want 2", m)
	}

	// A queue with room: one offer gives it PerLoad pictures at most.
	var second recorder
	w2 := NewWarmer(p, WarmOptions{Workers: 2, Queue: 10, PerLoad: 4, Warmed: second.add})
	defer w2.Close()
	w2.Add(3, pics(0, 10)) // 5 kept; of the 5 others, 4 taken
	testutil.Eventually(t, 10*time.Second, "the second offer was never made", func() bool { return second.count(WarmMade) == 4 })
	if c, d := second.count(WarmCached), second.count(WarmDropped); c != 5 || d != 1 {
		t.Errorf("second offer: %d cached, %d dropped; want 5 and 1", c, d)
	}
	fetched := hits.Load()
	for _, pic := range pics(0, 9) {
		if _, err := p.Get(context.Background(), pic, 3); err != nil {
			t.Fatal(err)
		}
	}
	if hits.Load() != fetched || fetched != 9 {
		t.Errorf("visits of 9 warmed pictures cost %d fetches more (%d in all, want 9)", hits.Load()-fetched, fetched)
	}
	if m := most.Load(); m > 2 {
		t.Errorf("%d pictures made at once, want at most 2", m)
	}
}

package images

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestHeavyPicturesStayWithinTheBudget plays the attack of issue 18: a
// member whose widgets show 50 heavy pictures (progressive JPEGs without
// chroma subsampling, progressive CMYK, 7000×7000 paletted PNGs, origins
// that send 10 MiB and stall), all asked at once. The heap stays within
// the budget, another member's ordinary picture is served while the heavy
// ones are still under way, and asking the same keys again within the
// hour fetches nothing.
func TestHeavyPicturesStayWithinTheBudget(t *testing.T) {
	sim := wpcomtest.New(wpcomtest.Options{HeavyPictures: true})
	var fetches, stalling atomic.Int32
	counted := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetches.Add(1)
		if strings.Contains(r.URL.Path, wpcomtest.HeavyStall) {
			stalling.Add(1)
			defer stalling.Add(-1)
		}
		sim.ServeHTTP(w, r)
	})
	heavy := httptest.NewServer(counted)
	defer heavy.Close()
	ordinary := httptest.NewServer(sim) // another origin, another member
	defer ordinary.Close()
	ordinaryURL := ordinary.URL + "/images/ordinary1-512x512.png"
	// The simulator draws a picture on its first request, slowly under the
	// race detector: draw it now, so the test times the proxy.
	if resp, err := http.Get(ordinaryURL); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}

	var now atomic.Int64
	now.Store(time.Date(2031, 5, 6, 7, 0, 0, 0, time.UTC).UnixNano())
	budget := NewBudget(DefaultMemory)
	p := NewProxy(NewFetcher(Options{AllowPrivate: true, Timeout: 3 * time.Second, MaxDecode: budget.PerPicture()}),
		ProxyOptions{Budget: budget, Now: func() time.Time { return time.Unix(0, now.Load()) }})

	var keys []model.Picture
	for n := range 50 {
		kind := wpcomtest.HeavyKinds[n%len(wpcomtest.HeavyKinds)]
		keys = append(keys, model.NewPicture(heavy.URL+wpcomtest.HeavyPicture(kind, n), 192))
	}

	// The live heap, sampled after a collection every 20 ms.
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	baseline := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
		}
	}()

	var wg sync.WaitGroup
	for _, s := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := p.Get(context.Background(), s, 3); err == nil {
				t.Errorf("%s made a thumbnail", s.URL)
			}
		}()
	}
	// While the stalls hold their turns, another member's picture.
	deadline := time.Now().Add(10 * time.Second)
	for stalling.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	start := time.Now()
	img, err := p.Get(context.Background(), model.NewPicture(ordinaryURL, 64), 2)
	if err != nil || len(img.Body) == 0 {
		t.Errorf("the ordinary picture: %v", err)
	}
	if stalling.Load() == 0 {
		t.Error("the heavy pictures were done before the ordinary one: nothing was under way")
	}
	t.Logf("the ordinary picture took %v with the heavy ones under way", time.Since(start).Round(time.Millisecond))
	wg.Wait()

	// Every heavy picture is settled (failed, remembered) before the budget
	// is empty again.
	settled := func() bool {
		budget.mu.Lock()
		defer budget.mu.Unlock()
		return budget.used == 0 && budget.jobs == 0 && budget.waiting == 0
	}
	for deadline := time.Now().Add(time.Minute); !settled(); {
		if time.Now().After(deadline) {
			t.Fatal("pictures still under way after a minute")
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	<-sampled
	grew := int64(peak.Load()) - int64(baseline)
	t.Logf("live heap: %.1f MB at its peak above %.1f MB before (budget %d MB); peak RSS of the test process %s",
		float64(grew)/1e6, float64(baseline)/1e6, DefaultMemory/1_000_000, peakRSS())
	if grew > DefaultMemory {
		t.Errorf("the live heap grew by %d bytes, over the budget of %d", grew, DefaultMemory)
	}

	// Asked again, at once and 59 minutes on: nothing is fetched.
	before := fetches.Load()
	for _, when := range []time.Duration{0, 59 * time.Minute} {
		now.Add(int64(when))
		for _, s := range keys {
			if _, err := p.Get(context.Background(), s, 3); err == nil || errors.Is(err, ErrBusy) {
				t.Errorf("%s asked again: %v, want its failure remembered", s.URL, err)
			}
		}
	}
	if n := fetches.Load() - before; n != 0 {
		t.Errorf("asking the same pictures again fetched %d times, want none", n)
	}
}

// peakRSS is the process's peak resident memory, as Linux reports it.
func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}

package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
)

// loader counts its calls and returns what it is told to.
type loader struct {
	calls atomic.Int32
	mu    sync.Mutex
	val   string
	err   error
	gate  chan struct{} // when set, each load waits for it to close
}

func (l *loader) set(v string, err error) { l.mu.Lock(); l.val, l.err = v, err; l.mu.Unlock() }

func (l *loader) load(ctx context.Context) (string, error) {
	l.calls.Add(1)
	if l.gate != nil {
		select {
		case <-l.gate:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.val, l.err
}

var errPermanent = errors.New("token revoked")

func newTest(t *testing.T) (*SWR[string], *testutil.Clock) {
	clk := testutil.NewClock(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	c := NewSWR[string](Options{Fresh: 10 * time.Minute, MinBackoff: time.Minute, MaxBackoff: 8 * time.Minute,
		Now: clk.Now, Permanent: func(err error) bool { return errors.Is(err, errPermanent) }}, nil)
	t.Cleanup(c.Close)
	return c, clk
}

// settle waits for background loads to finish.
func settle(c *SWR[string]) {
	time.Sleep(5 * time.Millisecond)
	c.bg.Wait()
}

func TestColdGetsCollapseIntoOneLoad(t *testing.T) {
	c, _ := newTest(t)
	l := &loader{val: "v1", gate: make(chan struct{})}
	var wg sync.WaitGroup
	results := make(chan string, 200)
	for range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			e, err := c.Get(context.Background(), "k", l.load)
			if err != nil {
				t.Error(err)
				return
			}
			results <- e.Value
		}()
	}
	time.Sleep(50 * time.Millisecond)
	close(l.gate)
	wg.Wait()
	close(results)
	n := 0
	for v := range results {
		if v != "v1" {
			t.Errorf("got %q", v)
		}
		n++
	}
	if n != 200 || l.calls.Load() != 1 {
		t.Errorf("%d results, %d loads; want 200 and 1", n, l.calls.Load())
	}
}

func TestStaleWhileRevalidate(t *testing.T) {
	c, clk := newTest(t)
	l := &loader{val: "v1"}
	first, _ := c.Get(context.Background(), "k", l.load)
	clk.Add(9 * time.Minute)
	if e, _ := c.Get(context.Background(), "k", l.load); e != first || l.calls.Load() != 1 {
		t.Fatalf("fresh value reloaded: %d loads", l.calls.Load())
	}
	clk.Add(2 * time.Minute) // now stale
	l.set("v2", nil)
	l.gate = make(chan struct{})
	for range 50 { // many visitors at once: all get v1 at once, one load starts
		if e, err := c.Get(context.Background(), "k", l.load); err != nil || e.Value != "v1" {
			t.Fatalf("stale get: %v %v", e, err)
		}
	}
	close(l.gate)
	settle(c)
	if l.calls.Load() != 2 {
		t.Errorf("%d loads, want 2", l.calls.Load())
	}
	e, _ := c.Get(context.Background(), "k", l.load)
	if e.Value != "v2" || !e.Fetched.After(first.Fetched) {
		t.Errorf("after refresh: %q fetched %v (was %v)", e.Value, e.Fetched, first.Fetched)
	}
}

func TestFailuresKeepTheLastGoodValueAndBackOff(t *testing.T) {
	c, clk := newTest(t)
	l := &loader{val: "good"}
	c.Get(context.Background(), "k", l.load)
	l.set("", errors.New("503"))
	clk.Add(11 * time.Minute)
	for range 3 {
		if e, err := c.Get(context.Background(), "k", l.load); err != nil || e.Value != "good" {
			t.Fatalf("during failure: %v %v", e, err)
		}
		settle(c)
	}
	if l.calls.Load() != 2 {
		t.Fatalf("%d loads: retried inside the backoff", l.calls.Load())
	}
	clk.Add(61 * time.Second) // first backoff (1m) over
	c.Get(context.Background(), "k", l.load)
	settle(c)
	clk.Add(61 * time.Second) // second backoff is 2m: not yet
	c.Get(context.Background(), "k", l.load)
	settle(c)
	if l.calls.Load() != 3 {
		t.Fatalf("%d loads, want 3 (backoff doubles)", l.calls.Load())
	}
	clk.Add(time.Minute)
	l.set("better", nil)
	c.Get(context.Background(), "k", l.load)
	settle(c)
	if e, _ := c.Get(context.Background(), "k", l.load); e.Value != "better" {
		t.Errorf("recovered value %q", e.Value)
	}
}

func TestPermanentErrorsStopLoadingUntilRefresh(t *testing.T) {
	c, clk := newTest(t)
	l := &loader{val: "v1"}
	c.Get(context.Background(), "k", l.load)
	l.set("", errPermanent)
	clk.Add(11 * time.Minute)
	c.Get(context.Background(), "k", l.load)
	settle(c)
	clk.Add(24 * time.Hour)
	for range 5 {
		if e, _ := c.Get(context.Background(), "k", l.load); e.Value != "v1" {
			t.Fatalf("last good value lost: %v", e)
		}
		settle(c)
	}
	if l.calls.Load() != 2 {
		t.Fatalf("%d loads after a permanent error, want 2", l.calls.Load())
	}
	l.set("v2", nil)
	c.Refresh("k", l.load) // the owner reconnected
	settle(c)
	if e, _ := c.Get(context.Background(), "k", l.load); e.Value != "v2" {
		t.Errorf("after Refresh: %q", e.Value)
	}
}

func TestColdFailureIsNotRetriedAtOnce(t *testing.T) {
	c, clk := newTest(t)
	l := &loader{err: errors.New("down")}
	if _, err := c.Get(context.Background(), "k", l.load); err == nil {
		t.Fatal("no error")
	}
	_, err := c.Get(context.Background(), "k", l.load)
	if !errors.Is(err, ErrUnavailable) || l.calls.Load() != 1 {
		t.Fatalf("second get: %v after %d loads", err, l.calls.Load())
	}
	clk.Add(2 * time.Minute)
	l.set("up", nil)
	if e, err := c.Get(context.Background(), "k", l.load); err != nil || e.Value != "up" {
		t.Errorf("after backoff: %v %v", e, err)
	}
}

func TestAWaitingCallerCannotCancelTheSharedLoad(t *testing.T) {
	c, _ := newTest(t)
	l := &loader{val: "v", gate: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := c.Get(ctx, "k", l.load); done <- err }()
	time.Sleep(20 * time.Millisecond)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("impatient caller: %v", err)
	}
	close(l.gate)
	e, err := c.Get(context.Background(), "k", l.load)
	if err != nil || e.Value != "v" || l.calls.Load() != 1 {
		t.Errorf("load was cancelled or repeated: %v %v, %d loads", e, err, l.calls.Load())
	}
}

// A caller waits at most MaxWait for a load, which goes on without it:
// the next caller after it ends gets its value, from the one load.
func TestWaitsEndAtMaxWait(t *testing.T) {
	c := NewSWR[string](Options{Fresh: time.Minute, MaxWait: 50 * time.Millisecond}, nil)
	t.Cleanup(c.Close)
	l := &loader{val: "v", gate: make(chan struct{})}
	start := time.Now()
	_, err := c.Get(context.Background(), "k", l.load)
	if !errors.Is(err, ErrUnavailable) {
		t.Fatalf("a wait past MaxWait: %v, want ErrUnavailable", err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("the caller waited %v", took)
	}
	close(l.gate)
	testutil.Eventually(t, 2*time.Second, "the load went on and stored its value", func() bool {
		e, ok := c.Peek("k")
		return ok && e.Value == "v"
	})
	if n := l.calls.Load(); n != 1 {
		t.Errorf("%d loads, want 1", n)
	}
}

func TestDeleteForgets(t *testing.T) {
	c, _ := newTest(t)
	l := &loader{val: "v"}
	c.Get(context.Background(), "k", l.load)
	c.Delete("k")
	if _, ok := c.Peek("k"); ok {
		t.Fatal("still there")
	}
	c.Get(context.Background(), "k", l.load)
	if l.calls.Load() != 2 {
		t.Errorf("%d loads", l.calls.Load())
	}
}

// Other replicas are told of a refresh through OnStored and read the value
// from the shared tier at once, so it must be there when OnStored runs.
func TestOnStoredRunsOnceTheValueIsStored(t *testing.T) {
	tier := NewMemory[string](nil, nil)
	var seen []string
	c := NewSWR[string](Options{Fresh: time.Minute, OnStored: func(key string) {
		e, ok, _ := tier.Latest(context.Background(), key)
		if ok {
			seen = append(seen, e.Value)
		} else {
			seen = append(seen, "(nothing)")
		}
	}}, tier)
	defer c.Close()
	l := &loader{val: "v1"}
	c.Get(context.Background(), "k", l.load)
	l.set("v2", nil)
	c.Load(context.Background(), "k", l.load, func(e *Entry[string]) bool { return e.Value == "v2" })
	if len(seen) != 2 || seen[0] != "v1" || seen[1] != "v2" {
		t.Errorf("OnStored saw %v, want [v1 v2]", seen)
	}
}

// RefreshNow loads at once, through a backoff, and waits for the value;
// a second call within the gap is refused without loading.
func TestRefreshNowOncePerGap(t *testing.T) {
	c, clk := newTest(t)
	l := &loader{val: "v1"}
	ctx := context.Background()
	if _, err := c.Get(ctx, "k", l.load); err != nil {
		t.Fatal(err)
	}
	l.set("", errors.New("WordPress.com says 503"))
	clk.Add(11 * time.Minute)
	c.Get(ctx, "k", l.load) // stale: a background load fails, and backs off a minute
	settle(c)
	if st := c.Status("k"); st.LastErr == nil || !st.NextTry.After(clk.Now()) || st.Entry.Value != "v1" {
		t.Fatalf("Status does not tell the failed load: %+v", st)
	}
	l.set("v2", nil)
	calls := l.calls.Load()
	e, ok, err := c.RefreshNow(ctx, "k", l.load, time.Minute)
	if !ok || err != nil || e.Value != "v2" || l.calls.Load() != calls+1 {
		t.Fatalf("RefreshNow = %v %v %v after %d loads; want v2 loaded once, through the backoff", e, ok, err, l.calls.Load()-calls)
	}
	if st := c.Status("k"); st.Entry.Value != "v2" || st.LastErr != nil || st.Blocked || !st.NextTry.IsZero() {
		t.Errorf("Status after the refresh = %+v", st)
	}
	if _, ok, err := c.RefreshNow(ctx, "k", l.load, time.Minute); ok || err != nil || l.calls.Load() != calls+1 {
		t.Errorf("a second RefreshNow within the gap: ok %v, %v, %d loads", ok, err, l.calls.Load()-calls)
	}
	clk.Add(61 * time.Second)
	if _, ok, _ := c.RefreshNow(ctx, "k", l.load, time.Minute); !ok || l.calls.Load() != calls+2 {
		t.Errorf("RefreshNow after the gap: ok %v, %d loads", ok, l.calls.Load()-calls)
	}
}

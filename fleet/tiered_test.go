package fleet_test

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/fleet"
	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
)

type counts struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *counts) add(k string) { c.mu.Lock(); c.m[k]++; c.mu.Unlock() }
func (c *counts) get(k string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[k]
}

func TestTieredReplicasShareThroughRedis(t *testing.T) {
	rc := redistest.Client(t)
	prefix := redistest.Prefix(t, rc)
	ctx := context.Background()
	lookups := &counts{m: map[string]int{}}
	replica := func() *fleet.Tiered[string] {
		return fleet.NewTiered(cache.NewMemory[string](nil, nil), fleet.NewRedisTier[string](rc, prefix),
			fleet.TieredOptions{OnLookup: func(r string) { lookups.add(r) }})
	}
	a, b := replica(), replica()
	fetched := time.Now().Truncate(time.Second)
	a.Set(ctx, "k", &cache.Entry[string]{Value: "from a", Fetched: fetched, Version: 1}, time.Hour)
	e, ok, _ := b.Get(ctx, "k")
	if !ok || e.Value != "from a" {
		t.Fatalf("b did not find a's value in Redis: %v %v", e, ok)
	}
	for range 10 {
		b.Get(ctx, "k")
	}
	if n := lookups.get("hit"); n != 1 {
		t.Errorf("b read Redis %d times; after the first, memory should serve", n)
	}
	// a refreshes; b still holds the old value in memory until it asks for
	// the latest.
	a.Set(ctx, "k", &cache.Entry[string]{Value: "newer", Fetched: fetched.Add(time.Minute), Version: 2}, time.Hour)
	if e, _, _ := b.Get(ctx, "k"); e.Value != "from a" {
		t.Fatalf("b's memory changed by itself: %q", e.Value)
	}
	if e, _, _ := b.Latest(ctx, "k"); e.Value != "newer" {
		t.Fatalf("Latest = %q, want a's newer value", e.Value)
	}
	if e, _, _ := b.Get(ctx, "k"); e.Value != "newer" {
		t.Fatalf("Latest did not update b's memory: %q", e.Value)
	}
	// Redis is the truth, whatever the fetch times say: replicas' clocks
	// differ.
	rc2 := fleet.NewRedisTier[string](rc, prefix)
	rc2.Set(ctx, "k", &cache.Entry[string]{Value: "from a fast clock", Fetched: fetched.Add(-time.Hour), Version: 99}, time.Hour)
	if e, _, _ := b.Latest(ctx, "k"); e.Value != "from a fast clock" {
		t.Errorf("Latest kept %q over what Redis holds", e.Value)
	}
	// One lock for both replicas.
	release, ok, _ := a.TryLock(ctx, "k", time.Minute)
	if !ok {
		t.Fatal("a could not lock")
	}
	if _, ok, _ := b.TryLock(ctx, "k", time.Minute); ok {
		t.Error("b took the lock a holds")
	}
	release()
}

func TestTieredKeepsWorkingWhileRedisIsDown(t *testing.T) {
	srv := redistest.Start(t)
	rc := srv.Client()
	ctx := context.Background()
	logs := &testutil.SyncBuffer{}
	errs := &counts{m: map[string]int{}}
	var states []bool
	var mu sync.Mutex
	c := fleet.NewTiered(cache.NewMemory[string](nil, nil), fleet.NewRedisTier[string](rc, "t:"), fleet.TieredOptions{
		MinBackoff: 100 * time.Millisecond, MaxBackoff: 200 * time.Millisecond,
		Logger:  slog.New(slog.NewTextHandler(logs, nil)),
		OnError: func(op string) { errs.add(op) },
		OnState: func(up bool) { mu.Lock(); states = append(states, up); mu.Unlock() },
	})
	c.Set(ctx, "kept", &cache.Entry[string]{Value: "v", Fetched: time.Now()}, time.Hour)

	srv.Stop()
	for i := range 50 {
		if err := c.Set(ctx, "new", &cache.Entry[string]{Value: "w", Fetched: time.Now()}, time.Hour); err != nil {
			t.Fatalf("Set %d with Redis down: %v", i, err)
		}
		if e, ok, err := c.Get(ctx, "kept"); !ok || err != nil || e.Value != "v" {
			t.Fatalf("Get with Redis down: %v %v %v", e, ok, err)
		}
		if _, ok, err := c.Get(ctx, "unknown"); ok || err != nil {
			t.Fatalf("Get of a missing key with Redis down: %v %v", ok, err)
		}
		release, ok, err := c.TryLock(ctx, "job", time.Minute)
		if !ok || err != nil {
			t.Fatalf("TryLock with Redis down: %v %v (falls back to this process's lock)", ok, err)
		}
		release()
	}
	if c.Up() {
		t.Error("Up() with Redis stopped")
	}
	total := errs.get("get") + errs.get("set") + errs.get("lock")
	if total == 0 || total > 5 {
		t.Errorf("%d calls to a stopped Redis in 200 operations; want a few (backoff), counted", total)
	}
	if n := strings.Count(logs.String(), "does not answer"); n != 1 {
		t.Errorf("logged %d times that Redis is down, want once:\n%s", n, logs.String())
	}

	srv.Restart()
	deadline := time.Now().Add(3 * time.Second)
	for !c.Up() && time.Now().Before(deadline) {
		c.Set(ctx, "after", &cache.Entry[string]{Value: "x", Fetched: time.Now()}, time.Hour)
		time.Sleep(20 * time.Millisecond)
	}
	if !c.Up() {
		t.Fatal("never noticed Redis came back")
	}
	if got, _ := rc.Get(ctx, "t:after").Result(); !strings.Contains(got, `"x"`) {
		t.Errorf("writes do not reach Redis again: %q", got)
	}
	if !strings.Contains(logs.String(), "answers again") {
		t.Error("recovery not logged")
	}
	mu.Lock()
	defer mu.Unlock()
	if len(states) != 2 || states[0] || !states[1] {
		t.Errorf("state changes %v, want [false true]", states)
	}
}

// TestSWRLoadsOncePerFleet is the cache-level form of the replica test:
// three caches sharing one Redis, each with its own memory, many callers.
func TestSWRLoadsOncePerFleet(t *testing.T) {
	rc := redistest.Client(t)
	prefix := redistest.Prefix(t, rc)
	var now atomic.Int64
	now.Store(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC).UnixNano())
	clock := func() time.Time { return time.Unix(0, now.Load()) }
	var loads, contended atomic.Int32
	load := func(ctx context.Context) (string, error) {
		n := loads.Add(1)
		time.Sleep(50 * time.Millisecond) // WordPress.com takes a while
		return "v" + string(rune('0'+n)), nil
	}
	var replicas []*cache.SWR[string]
	for range 3 {
		tier := fleet.NewTiered(cache.NewMemory[string](clock, nil), fleet.NewRedisTier[string](rc, prefix), fleet.TieredOptions{Now: clock})
		c := cache.NewSWR[string](cache.Options{Fresh: 10 * time.Minute, Now: clock,
			OnContended: func() { contended.Add(1) }}, tier)
		t.Cleanup(c.Close)
		replicas = append(replicas, c)
	}
	burst := func() map[string]int {
		var wg sync.WaitGroup
		var mu sync.Mutex
		seen := map[string]int{}
		for i := range 60 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				e, err := replicas[i%3].Get(context.Background(), "member", load)
				if err != nil {
					t.Errorf("get: %v", err)
					return
				}
				mu.Lock()
				seen[e.Value]++
				mu.Unlock()
			}()
		}
		wg.Wait()
		return seen
	}
	if seen := burst(); loads.Load() != 1 || seen["v1"] != 60 {
		t.Fatalf("cold: %d loads, answers %v; want 1 load and v1 for all", loads.Load(), seen)
	}
	if contended.Load() == 0 {
		t.Error("no replica found the lock taken")
	}
	now.Add(int64(11 * time.Minute)) // stale everywhere
	if seen := burst(); seen["v1"] != 60 {
		t.Fatalf("stale burst answered %v; stale data should be served at once", seen)
	}
	// Every replica converges on the one refresh: the loser of the lock
	// looks again after a tenth of the fresh time (1m here), or at once when
	// told (Sync).
	deadline := time.Now().Add(3 * time.Second)
	for i, c := range replicas {
		for {
			c.Sync(context.Background(), "member")
			if e, _ := c.Peek("member"); e != nil && e.Value == "v2" {
				break
			}
			if time.Now().After(deadline) {
				e, _ := c.Peek("member")
				t.Fatalf("replica %d holds %v, want v2", i, e)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	now.Add(int64(2 * time.Minute)) // past the recheck: nobody loads again, the data is fresh
	burst()
	time.Sleep(100 * time.Millisecond)
	if loads.Load() != 2 {
		t.Fatalf("%d loads after the interval, want 2 in all", loads.Load())
	}
}

// A Redis that accepts connections and never answers (overloaded, or a
// network that drops packets) costs one timeout, then nothing while the
// backoff lasts.
func TestTieredSlowRedisCostsOneTimeout(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // hold it open, say nothing
		}
	}()
	rc := redis.NewClient(&redis.Options{Addr: ln.Addr().String(), DialTimeout: 100 * time.Millisecond,
		ReadTimeout: 100 * time.Millisecond, WriteTimeout: 100 * time.Millisecond, MaxRetries: -1})
	defer rc.Close()
	var calls atomic.Int32
	c := fleet.NewTiered(cache.NewMemory[string](nil, nil), fleet.NewRedisTier[string](rc, "t:"),
		fleet.TieredOptions{MinBackoff: time.Minute, OnError: func(string) { calls.Add(1) }})
	ctx := context.Background()
	start := time.Now()
	c.Set(ctx, "k", &cache.Entry[string]{Value: "v", Fetched: time.Now()}, time.Hour)
	first := time.Since(start)
	for range 100 {
		c.Get(ctx, "missing")
		c.Set(ctx, "k", &cache.Entry[string]{Value: "v", Fetched: time.Now()}, time.Hour)
		if r, ok, _ := c.TryLock(ctx, "job", time.Second); ok {
			r()
		}
	}
	if first > time.Second || calls.Load() != 1 || c.Up() {
		t.Errorf("first call took %v; %d calls timed out; up %v: want one short timeout, then none during the backoff", first, calls.Load(), c.Up())
	}
	if e, ok, _ := c.Get(ctx, "k"); !ok || e.Value != "v" {
		t.Error("memory did not keep serving")
	}
}

// When a refresh fails, the whole fleet backs off with the replica that
// tried: WordPress.com sees one call per backoff step, not one per replica.
func TestSWRFleetBacksOffTogether(t *testing.T) {
	rc := redistest.Client(t)
	prefix := redistest.Prefix(t, rc)
	clk := testutil.NewClock(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
	var loads atomic.Int32
	var failing atomic.Bool
	load := func(ctx context.Context) (string, error) {
		loads.Add(1)
		if failing.Load() {
			return "", errors.New("WordPress.com says 503")
		}
		return "good", nil
	}
	var replicas []*cache.SWR[string]
	for range 3 {
		tier := fleet.NewTiered(cache.NewMemory[string](clk.Now, nil), fleet.NewRedisTier[string](rc, prefix), fleet.TieredOptions{Now: clk.Now})
		c := cache.NewSWR[string](cache.Options{Fresh: 100 * time.Second, MinBackoff: time.Minute, Now: clk.Now}, tier) // rechecks after Fresh/10: 10 s
		t.Cleanup(c.Close)
		replicas = append(replicas, c)
	}
	round := func() {
		t.Helper()
		for _, c := range replicas {
			if e, err := c.Get(context.Background(), "member", load); err != nil || e.Value != "good" {
				t.Fatalf("get: %v %v", e, err)
			}
		}
		time.Sleep(100 * time.Millisecond) // background refreshes
	}
	round()
	if loads.Load() != 1 {
		t.Fatalf("%d loads to warm the fleet", loads.Load())
	}
	failing.Store(true)
	clk.Add(11 * time.Minute) // stale
	round()
	if n := loads.Load(); n != 2 {
		t.Fatalf("%d loads, want 2: one failed refresh", n)
	}
	for range 4 { // within the 1m backoff: past every replica's own recheck
		clk.Add(11 * time.Second)
		round()
	}
	if n := loads.Load(); n != 2 {
		t.Errorf("%d loads during the backoff, want still 2: the others backed off too", n)
	}
	clk.Add(20 * time.Second) // backoff over: one more try, for the fleet
	round()
	round()
	if n := loads.Load(); n != 3 {
		t.Errorf("%d loads after the backoff, want 3", n)
	}
	for range 5 { // second backoff doubles to 2m
		clk.Add(20 * time.Second)
		round()
	}
	if n := loads.Load(); n != 3 {
		t.Errorf("%d loads inside the doubled backoff, want 3", n)
	}
	failing.Store(false)
	clk.Add(30 * time.Second)
	round()
	round()
	if n := loads.Load(); n != 4 {
		t.Errorf("%d loads after recovery, want 4", n)
	}
	for i, c := range replicas {
		c.Sync(context.Background(), "member")
		if e, _ := c.Peek("member"); e == nil || !e.RetryAt.IsZero() || e.Failures != 0 {
			t.Errorf("replica %d still backs off after a good refresh: %+v", i, e)
		}
	}
}

func TestTieredDoesNotKeepOldEntriesForever(t *testing.T) {
	rc := redistest.Client(t)
	prefix := redistest.Prefix(t, rc)
	ctx := context.Background()
	shared := fleet.NewRedisTier[string](rc, prefix)
	shared.Set(ctx, "old", &cache.Entry[string]{Value: "v", Fetched: time.Now().Add(-8 * 24 * time.Hour), Version: 1}, time.Hour)
	c := fleet.NewTiered(cache.NewMemory[string](nil, nil), shared, fleet.TieredOptions{}) // keeps 7 days
	if e, ok, _ := c.Get(ctx, "old"); !ok || e.Value != "v" {
		t.Fatalf("Get = %v %v", e, ok)
	}
	shared.Delete(ctx, "old")
	if _, ok := c.Peek("old"); ok {
		t.Error("an entry older than memory keeps was kept in memory")
	}
}

// Another replica's change drops this replica's copy (DeleteLocal), never
// the shared one, which the next Get reads back.
func TestTieredDeleteLocalKeepsRedis(t *testing.T) {
	rc := redistest.Client(t)
	prefix := redistest.Prefix(t, rc)
	ctx := context.Background()
	c := fleet.NewTiered(cache.NewMemory[string](nil, nil), fleet.NewRedisTier[string](rc, prefix), fleet.TieredOptions{})
	c.Set(ctx, "k", &cache.Entry[string]{Value: "v", Fetched: time.Now(), Version: 1}, time.Hour)
	c.DeleteLocal("k")
	if _, ok := c.Peek("k"); ok {
		t.Fatal("memory still holds the entry")
	}
	if e, ok, _ := c.Get(ctx, "k"); !ok || e.Value != "v" {
		t.Errorf("Get after DeleteLocal = %v %v, want the entry from Redis", e, ok)
	}
	if _, ok := c.Peek("k"); !ok {
		t.Error("the entry read from Redis was not kept in memory again")
	}
}

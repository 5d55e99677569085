// Package cachetest is the contract every cache tier keeps: the in-process
// cache.Memory, fleet.RedisTier, and fleet.Tiered (memory in front of
// Redis). Each tier's tests call Run with a constructor.
package cachetest

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/cache"
)

// Sample is a value with the shapes the service stores: text (with
// characters JSON escapes), numbers, times and nested slices.
type Sample struct {
	Title string
	Count int
	When  time.Time
	Items []SampleItem
}

// SampleItem is an element of Sample.
type SampleItem struct {
	URL  string
	IDs  []int64
	Note string
}

func sample(title string) Sample {
	return Sample{Title: title, Count: 42, When: time.Date(2026, 11, 23, 9, 30, 0, 123456789, time.UTC),
		Items: []SampleItem{{URL: "https://example.wordpress.com/?p=1&x=<y>", IDs: []int64{1, 1 << 40}, Note: "café “quoted” \u2028 😀"},
			{URL: "", IDs: nil, Note: ""}}}
}

// Run runs the contract against tiers made by newTier; each subtest gets a
// new, empty tier.
func Run(t *testing.T, newTier func(t *testing.T) cache.Tier[Sample]) {
	ctx := context.Background()
	fetched := time.Date(2026, 11, 23, 10, 0, 0, 987654321, time.UTC)

	t.Run("Missing", func(t *testing.T) {
		c := newTier(t)
		if e, ok, err := c.Get(ctx, "nothing"); ok || e != nil || err != nil {
			t.Errorf("Get of a missing key = %v %v %v", e, ok, err)
		}
		if e, ok, err := c.Latest(ctx, "nothing"); ok || e != nil || err != nil {
			t.Errorf("Latest of a missing key = %v %v %v", e, ok, err)
		}
		if err := c.Delete(ctx, "nothing"); err != nil {
			t.Errorf("Delete of a missing key: %v", err)
		}
	})

	t.Run("RoundTrip", func(t *testing.T) {
		c := newTier(t)
		want := sample("Blogs I Follow")
		retry := fetched.Add(90 * time.Second)
		if err := c.Set(ctx, "k", &cache.Entry[Sample]{Value: want, Fetched: fetched, Version: 1<<63 + 5, RetryAt: retry, Failures: 2}, time.Hour); err != nil {
			t.Fatal(err)
		}
		for name, get := range map[string]func(context.Context, string) (*cache.Entry[Sample], bool, error){"Get": c.Get, "Latest": c.Latest} {
			e, ok, err := get(ctx, "k")
			if !ok || err != nil {
				t.Fatalf("%s after Set: %v %v", name, ok, err)
			}
			if !reflect.DeepEqual(e.Value, want) {
				t.Errorf("%s value = %#v, want %#v", name, e.Value, want)
			}
			if !e.Fetched.Equal(fetched) || e.Version != 1<<63+5 || !e.RetryAt.Equal(retry) || e.Failures != 2 {
				t.Errorf("%s = fetched %v, version %d, retry at %v after %d failures; want %v, %d, %v, 2",
					name, e.Fetched, e.Version, e.RetryAt, e.Failures, fetched, uint64(1<<63+5), retry)
			}
		}
	})

	t.Run("Overwrite", func(t *testing.T) {
		c := newTier(t)
		c.Set(ctx, "k", &cache.Entry[Sample]{Value: sample("old"), Fetched: fetched}, time.Hour)
		c.Set(ctx, "k", &cache.Entry[Sample]{Value: sample("new"), Fetched: fetched.Add(time.Minute)}, time.Hour)
		e, ok, _ := c.Get(ctx, "k")
		if !ok || e.Value.Title != "new" || !e.Fetched.Equal(fetched.Add(time.Minute)) {
			t.Errorf("after overwrite: %v %v", e, ok)
		}
	})

	t.Run("KeysAreIndependent", func(t *testing.T) {
		c := newTier(t)
		c.Set(ctx, "a", &cache.Entry[Sample]{Value: sample("A"), Fetched: fetched}, time.Hour)
		c.Set(ctx, "b", &cache.Entry[Sample]{Value: sample("B"), Fetched: fetched}, time.Hour)
		c.Delete(ctx, "a")
		if _, ok, _ := c.Get(ctx, "a"); ok {
			t.Error("a survived its Delete")
		}
		if e, ok, _ := c.Get(ctx, "b"); !ok || e.Value.Title != "B" {
			t.Errorf("b = %v %v after deleting a", e, ok)
		}
	})

	t.Run("Expiry", func(t *testing.T) {
		c := newTier(t)
		c.Set(ctx, "short", &cache.Entry[Sample]{Value: sample("x"), Fetched: fetched}, 50*time.Millisecond)
		c.Set(ctx, "long", &cache.Entry[Sample]{Value: sample("y"), Fetched: fetched}, time.Hour)
		if _, ok, _ := c.Get(ctx, "short"); !ok {
			t.Fatal("gone before its time")
		}
		time.Sleep(150 * time.Millisecond)
		if _, ok, _ := c.Get(ctx, "short"); ok {
			t.Error("still there after its ttl")
		}
		if _, ok, _ := c.Get(ctx, "long"); !ok {
			t.Error("an unexpired key went with it")
		}
	})

	t.Run("Concurrent", func(t *testing.T) {
		c := newTier(t)
		var wg sync.WaitGroup
		for i := range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for j := range 50 {
					e := &cache.Entry[Sample]{Value: sample("v"), Fetched: fetched.Add(time.Duration(i*100+j) * time.Second)}
					if err := c.Set(ctx, "k", e, time.Hour); err != nil {
						t.Error(err)
						return
					}
					if got, ok, err := c.Get(ctx, "k"); !ok || err != nil || got.Value.Title != "v" {
						t.Errorf("Get during writes: %v %v %v", got, ok, err)
						return
					}
				}
			}()
		}
		wg.Wait()
	})

	t.Run("LockIsExclusive", func(t *testing.T) {
		c := newTier(t)
		release, ok, err := c.TryLock(ctx, "job", time.Minute)
		if !ok || err != nil {
			t.Fatalf("first TryLock: %v %v", ok, err)
		}
		if _, ok, err := c.TryLock(ctx, "job", time.Minute); ok || err != nil {
			t.Fatalf("second TryLock while held: %v %v", ok, err)
		}
		if r, ok, _ := c.TryLock(ctx, "other-job", time.Minute); !ok {
			t.Error("a lock of another name was refused")
		} else {
			r()
		}
		release()
		r2, ok, err := c.TryLock(ctx, "job", time.Minute)
		if !ok || err != nil {
			t.Fatalf("TryLock after release: %v %v", ok, err)
		}
		r2()
	})

	t.Run("LockExpiresAndStaleReleaseIsHarmless", func(t *testing.T) {
		c := newTier(t)
		old, ok, _ := c.TryLock(ctx, "job", 50*time.Millisecond)
		if !ok {
			t.Fatal("TryLock refused")
		}
		time.Sleep(150 * time.Millisecond)
		cur, ok, _ := c.TryLock(ctx, "job", time.Minute)
		if !ok {
			t.Fatal("an expired lock still blocks")
		}
		old() // the first holder finishes late: it must not free the new holder's lock
		if _, ok, _ := c.TryLock(ctx, "job", time.Minute); ok {
			t.Fatal("a late release freed someone else's lock")
		}
		cur()
	})

	// Peek and DeleteLocal touch only what this process holds: Peek sees
	// the entry or, for a tier with nothing in process, nothing; after
	// DeleteLocal this process holds nothing, and Get finds the entry
	// again only where a shared part kept it.
	t.Run("LocalPart", func(t *testing.T) {
		c := newTier(t)
		want := sample("held here")
		if err := c.Set(ctx, "k", &cache.Entry[Sample]{Value: want, Fetched: fetched, Version: 3}, time.Hour); err != nil {
			t.Fatal(err)
		}
		if e, ok := c.Peek("k"); ok && !reflect.DeepEqual(e.Value, want) {
			t.Errorf("Peek = %+v", e.Value)
		}
		c.DeleteLocal("k")
		if _, ok := c.Peek("k"); ok {
			t.Error("Peek finds an entry after DeleteLocal")
		}
		if e, ok, _ := c.Get(ctx, "k"); ok && !reflect.DeepEqual(e.Value, want) {
			t.Errorf("after DeleteLocal, Get = %+v", e.Value)
		}
	})
}

package fleet_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/cache/cachetest"
	"github.com/wpcom-widgets/service/fleet"
	"github.com/wpcom-widgets/service/fleet/redistest"
)

// BenchmarkFreshGet is the cached embed's cache lookup: it must cost the
// same with Redis configured as without, since memory answers.
func BenchmarkFreshGet(b *testing.B) {
	rc := redistest.Client(b)
	for _, tc := range []struct {
		name string
		tier func() cache.Tier[cachetest.Sample]
	}{
		{"memory", func() cache.Tier[cachetest.Sample] { return cache.NewMemory[cachetest.Sample](nil, nil) }},
		{"tiered", func() cache.Tier[cachetest.Sample] {
			return fleet.NewTiered(cache.NewMemory[cachetest.Sample](nil, nil), fleet.NewRedisTier[cachetest.Sample](rc, redistest.Prefix(b, rc)), fleet.TieredOptions{})
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			c := cache.NewSWR[cachetest.Sample](cache.Options{Fresh: time.Hour}, tc.tier())
			defer c.Close()
			load := func(context.Context) (cachetest.Sample, error) { return cachetest.Sample{Title: "x"}, nil }
			ctx := context.Background()
			c.Get(ctx, "k", load)
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := c.Get(ctx, "k", load); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}

// BenchmarkMissReadsRedis is what a replica pays when memory does not have
// a member's lists and Redis does (a new replica, or after a restart):
// one GET and a JSON decode of 50 items, instead of a WordPress.com call.
func BenchmarkMissReadsRedis(b *testing.B) {
	rc := redistest.Client(b)
	prefix := redistest.Prefix(b, rc)
	v := cachetest.Sample{Title: "Blogs I Follow"}
	for i := range 50 {
		v.Items = append(v.Items, cachetest.SampleItem{URL: "https://blog" + strconv.Itoa(i) + ".wordpress.com/",
			IDs: []int64{int64(i), 1 << 40}, Note: "A blog about things, with a description of a sentence or two, as blogs have."})
	}
	ctx := context.Background()
	fleet.NewRedisTier[cachetest.Sample](rc, prefix).Set(ctx, "k", &cache.Entry[cachetest.Sample]{Value: v, Fetched: time.Now(), Version: 1}, time.Hour)
	b.ReportAllocs()
	for b.Loop() {
		t := fleet.NewTiered(cache.NewMemory[cachetest.Sample](nil, nil), fleet.NewRedisTier[cachetest.Sample](rc, prefix), fleet.TieredOptions{})
		if _, ok, _ := t.Get(ctx, "k"); !ok {
			b.Fatal("miss")
		}
	}
}

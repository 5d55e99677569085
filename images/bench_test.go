package images

import (
	"context"
	"net/http"
	"testing"

	"github.com/wpcom-widgets/service/model"
)

// BenchmarkTiers: what a thumbnail costs from each tier. The figures
// decide where replicas keep thumbnails (README, "Images"): a disk read is
// microseconds, a fetch and resize of a large photo a tenth of a second.
func BenchmarkTiers(b *testing.B) {
	big := photo(b, 2000, 1500)
	mux := http.NewServeMux()
	mux.HandleFunc("/big.jpg", func(w http.ResponseWriter, r *http.Request) { w.Write(big) })
	origin, _ := serveOn(b, "127.0.0.2:0", mux)
	f := NewFetcher(withPublic(Options{}, "127.0.0.2/32"))
	ctx := context.Background()
	src := model.NewPicture(origin.URL+"/big.jpg", 80)

	b.Run("miss-fetch-and-resize-2000x1500", func(b *testing.B) {
		for b.Loop() {
			p := NewProxy(f, ProxyOptions{})
			if _, err := p.Get(ctx, src, 4); err != nil {
				b.Fatal(err)
			}
		}
	})
	p := NewProxy(f, ProxyOptions{})
	img, err := p.Get(ctx, src, 4)
	if err != nil {
		b.Fatal(err)
	}
	b.Run("memory", func(b *testing.B) {
		for b.Loop() {
			p.Get(ctx, src, 4)
		}
	})
	d, err := OpenDisk(b.TempDir(), 1<<20)
	if err != nil {
		b.Fatal(err)
	}
	d.Put("k", img)
	b.Run("disk", func(b *testing.B) {
		for b.Loop() {
			if _, ok := d.Get("k"); !ok {
				b.Fatal("missing")
			}
		}
	})
}

package render_test

import (
	"runtime"
	"testing"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// BenchmarkRender50 renders a 50-item widget in every format (with gzip
// copies and ETags): the work done once per data version.
func BenchmarkRender50(b *testing.B) {
	t := &testing.T{}
	following, liked := seeded(t, wpcomtest.AvidUser)
	for _, tc := range []struct {
		kind  model.Kind
		items []model.Item
	}{{model.Following, following[:50]}, {model.Liked, liked[:50]}} {
		w := widget(tc.kind, "list", "auto", tc.items)
		b.Run(string(tc.kind)+"/all-formats", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r := render.Render(w, created) // renders as asked: ask for every format
				for _, o := range []func() *render.Output{r.Frame, r.Script, r.JSONFeed, r.OEmbedJSON, r.OEmbedXML, r.Atom, r.RSS, r.HTML, r.OPML} {
					o()
				}
			}
		})
		b.Run(string(tc.kind)+"/frame", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w.Frame()
			}
		})
	}
}

// BenchmarkBundleHeap reports the heap one cached bundle of a 20-item
// widget keeps (KiB/bundle) once asked for its frame, script and JSON
// Feed (outputs are rendered as they are asked for): what a replica holds
// for a widget embedded every way at once.
func BenchmarkBundleHeap(b *testing.B) {
	t := &testing.T{}
	following, liked := seeded(t, wpcomtest.AvidUser)
	for _, tc := range []struct {
		kind  model.Kind
		items []model.Item
	}{{model.Following, following[:20]}, {model.Liked, liked[:20]}} {
		w := widget(tc.kind, "list", "auto", tc.items)
		b.Run(string(tc.kind), func(b *testing.B) {
			const n = 200
			keep := make([]*render.Bundle, n)
			var before, after runtime.MemStats
			for b.Loop() {
				clear(keep) // the last round's, so the heap below holds none
				runtime.GC()
				runtime.ReadMemStats(&before)
				for i := range keep {
					keep[i] = render.Render(w, created)
					keep[i].Compact() // as the server keeps them
					keep[i].Frame()
					keep[i].Script()
					keep[i].JSONFeed()
				}
				runtime.GC()
				runtime.ReadMemStats(&after)
			}
			b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n/1024, "KiB/bundle")
			runtime.KeepAlive(keep)
		})
	}
}

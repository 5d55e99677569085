package render_test

import (
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
				render.Render(w, created)
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

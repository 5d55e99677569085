package render_test

import (
	"testing"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestOutputSizes: what a visitor downloads for each widget on a page is
// its items and little else. A 10-item liked list (the heaviest kind:
// excerpts, pictures, names) gzips to at most 2 KB as a frame and 3 KB as
// a script embed, with pictures from the service or from their origins.
// The stylesheet and frame script are shared by every widget and kept by
// the browser for a year (AssetPath), so they do not count.
func TestOutputSizes(t *testing.T) {
	// The frame is well under: its stylesheet back inline would not be.
	limits := map[string]int{"frame": 2000, "script": 3000}
	_, liked := seeded(t, wpcomtest.AvidUser)
	for _, layout := range model.Layouts {
		for _, proxy := range []bool{true, false} {
			w := widget(model.Liked, layout, model.Auto, liked[:10])
			w.ProxyImages = proxy
			for name, o := range map[string]int{"frame": len(w.Frame().Gzip), "script": len(w.Script().Gzip)} {
				t.Logf("%s %s (own pictures %v): %d bytes gzipped", layout, name, proxy, o)
				if o == 0 || o > limits[name] {
					t.Errorf("a 10-item liked %s's %s is %d bytes gzipped, want 1..%d", layout, name, o, limits[name])
				}
			}
		}
	}
}

package render_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

const base = "https://widgets.example"

// assets are loaded once for every test, as the server loads them at start.
var assets = func() *render.Assets {
	a, err := render.Load()
	if err != nil {
		panic(err)
	}
	return a
}()

var created = time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)

// seeded returns a member's items as the service would show them: fetched
// from the simulator by the real client and cleaned by the widgets package.
func seeded(t *testing.T, user string) (following, liked []model.Item) {
	t.Helper()
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	tok := wpcom.Token(sim.IssueToken("golden", user, "global"))
	c, err := wpcom.NewClient(wpcom.Options{BaseURL: sim.URL})
	if err != nil {
		t.Fatal(err)
	}
	subs, err := c.Following(context.Background(), tok, 50)
	if err != nil {
		t.Fatal(err)
	}
	posts, err := c.Liked(context.Background(), tok, 50)
	if err != nil {
		t.Fatal(err)
	}
	return widgets.FollowingItems(subs), widgets.LikedItems(posts)
}

func widget(kind model.Kind, layout model.Layout, theme model.Theme, items []model.Item) render.Drawing {
	w := model.Defaults(kind)
	w.ID = "golden" + string(kind)[:1] + string(layout)[:1] + strings.Repeat("x", 21) // the same for every theme
	w.Layout, w.Theme = layout, theme
	return render.Drawing{View: model.View{Widget: w, Items: items}, Site: render.Site{BaseURL: base, Assets: assets, ProxyImages: true}}
}

// TestNothingHostileSurvives: the demo member's data holds <script>,
// onerror=, javascript: and data: strings; none may reach any output.
func TestNothingHostileSurvives(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	for _, kind := range []model.Kind{model.Following, model.Liked} {
		items := following
		if kind == model.Liked {
			items = liked
		}
		for _, layout := range model.Layouts {
			b := render.Render(widget(kind, layout, "auto", items), created)
			outs := map[string]*render.Output{"frame": b.Frame(), "script": b.Script(), "json": b.JSONFeed(),
				"oembed.json": b.OEmbedJSON(), "oembed.xml": b.OEmbedXML(), "opml": b.OPML(), "atom": b.Atom(), "rss": b.RSS(), "html": b.HTML()}
			for name, o := range outs {
				if o == nil {
					continue
				}
				s := string(o.Body)
				for _, bad := range []string{"alert(", "javascript:", "onerror", "onclick", "onload", "evil.example"} {
					if strings.Contains(strings.ToLower(s), bad) {
						t.Errorf("%s/%s/%s contains %q", kind, layout, name, bad)
					}
				}
				// No data: URLs at all ("data:image/svg+xml,<svg onload=…>" came from WordPress.com; monograms are drawn by CSS).
				if n := strings.Count(s, "data:"); n != 0 {
					t.Errorf("%s/%s/%s has %d data: URLs", kind, layout, name, n)
				}
				scripts := strings.Count(strings.ToLower(s), "<script") + strings.Count(strings.ToLower(s), `\u003cscript`)
				if want := map[string]int{"frame": 1}[name]; scripts != want {
					t.Errorf("%s/%s/%s has %d script tags, want %d (only our own)", kind, layout, name, scripts, want)
				}
			}
			for u := range b.Links() {
				if !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
					t.Errorf("redirect allows %q", u)
				}
			}
		}
	}
	// The hostile blog is still listed, as plain text.
	found := false
	for _, it := range following {
		if it.Title == "Totally Normal Blog" && it.URL == "" && it.Image == "" {
			found = true
		}
	}
	if !found {
		t.Errorf("the hostile blog should be listed as plain text without links: %+v", following)
	}
}

func TestOutputs(t *testing.T) {
	o := render.NewOutput("text/plain", []byte(strings.Repeat("widget ", 200)))
	if o.Gzip == nil || len(o.Gzip) >= len(o.Body) || !strings.HasPrefix(o.ETag, `"`) || o.GzipETag() == o.ETag {
		t.Errorf("output %+v", o)
	}
	if small := render.NewOutput("text/plain", []byte("hi")); small.Gzip != nil {
		t.Error("tiny bodies are not worth compressing")
	}
	if render.NewOutput("a", []byte("x")).ETag == render.NewOutput("a", []byte("y")).ETag {
		t.Error("different bytes, same ETag")
	}
}

func TestOEmbedSizes(t *testing.T) {
	following, liked := seeded(t, wpcomtest.AvidUser)
	tests := []struct {
		w          render.Drawing
		maxW, maxH int
		wantW      int
		maxHeight  int
		minHeight  int
	}{
		{widget(model.Following, "list", "auto", following[:20]), 0, 0, 320, 1000, 200},
		{widget(model.Following, "list", "auto", following[:50]), 0, 0, 320, 1000, 1000},
		{widget(model.Liked, "list", "auto", liked[:3]), 640, 960, 600, 1000, 200},
		{widget(model.Liked, "grid", "auto", liked[:6]), 150, 150, 150, 150, 150},
	}
	for i, tt := range tests {
		w, h := tt.w.OEmbedSize(tt.maxW, tt.maxH)
		if w != tt.wantW || h > tt.maxHeight || h < tt.minHeight {
			t.Errorf("%d: %d×%d, want width %d and height in %d..%d", i, w, h, tt.wantW, tt.minHeight, tt.maxHeight)
		}
	}
}

// A compact output keeps only its gzip copy and makes the plain bytes
// again, the same, for a client without gzip; one gzip does not help
// keeps its bytes.
func TestCompactOutput(t *testing.T) {
	body := []byte(strings.Repeat("<li>a widget's item</li>\n", 100))
	o := render.NewOutput("text/html; charset=utf-8", append([]byte(nil), body...))
	etag := o.ETag
	o.Compact()
	if o.Body != nil || o.Gzip == nil || !bytes.Equal(o.Plain(), body) || o.ETag != etag {
		t.Errorf("compact: body %d bytes, gzip %d, plain equal %v", len(o.Body), len(o.Gzip), bytes.Equal(o.Plain(), body))
	}
	small := render.NewOutput("text/plain", []byte("tiny"))
	small.Compact()
	if string(small.Plain()) != "tiny" {
		t.Errorf("a small output lost its bytes: %q", small.Plain())
	}
}

// TestScriptStaysAScript: the script embed's markup travels as a string
// without HTML escaping (it is a file of its own), so nothing in an item
// may end that string or the script: quotes and backslashes are escaped,
// and U+2028 and U+2029, line ends to older JavaScript, too. The closing
// tag and comment opener an item brings arrive as text, escaped.
func TestScriptStaysAScript(t *testing.T) {
	w := widget(model.Liked, model.List, model.Auto, []model.Item{{
		Title: "a\u2028b\u2029c \"q\" \\ </script><!-- x", URL: "https://a.example/p", SiteName: "</SCRIPT>", SiteURL: "https://a.example",
	}})
	s := string(w.Script().Body)
	for _, bad := range []string{"\u2028", "\u2029", "</script", "</SCRIPT", "<!--"} {
		if strings.Contains(s, bad) {
			t.Errorf("the script embed holds %q", bad)
		}
	}
	for _, want := range []string{`\u2028`, `\u2029`, `&#34;q&#34; \\ `, `&lt;/script&gt;&lt;!-- x`} {
		if !strings.Contains(s, want) {
			t.Errorf("the script embed lacks %q", want)
		}
	}
}

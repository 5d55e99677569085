package render_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

var update = flag.Bool("update", false, "rewrite the golden files")

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

func widget(kind model.Kind, layout model.Layout, theme model.Theme, items []model.Item) render.Widget {
	w := model.Defaults(kind)
	w.ID = "golden" + string(kind)[:1] + string(layout)[:1] + string(theme)[:1] + strings.Repeat("x", 20)
	w.Layout, w.Theme = layout, theme
	return render.Widget{Widget: w, BaseURL: base, Items: items, Assets: assets, ProxyImages: true}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; if the change is intended, run go test ./render -update and review the diff:\n%s",
			name, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows where two texts part: the first differing line with two
// lines of context, "-" for the golden file and "+" for what was made.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	i := 0
	for i < len(w) && i < len(g) && w[i] == g[i] {
		i++
	}
	var b strings.Builder
	for j := max(0, i-2); j < i; j++ {
		fmt.Fprintf(&b, "  %d  %.200s\n", j+1, w[j])
	}
	for j := i; j < min(i+3, len(w)); j++ {
		fmt.Fprintf(&b, "- %d  %.200s\n", j+1, w[j])
	}
	for j := i; j < min(i+3, len(g)); j++ {
		fmt.Fprintf(&b, "+ %d  %.200s\n", j+1, g[j])
	}
	fmt.Fprintf(&b, "(%d lines in the golden file, %d made)", len(w), len(g))
	return b.String()
}

func TestGolden(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	if len(following) != 10 || len(liked) != 8 {
		t.Fatalf("seed data: %d follows, %d likes", len(following), len(liked))
	}
	items := map[model.Kind][]model.Item{model.Following: following, model.Liked: liked}
	for _, kind := range []model.Kind{model.Following, model.Liked} {
		for _, layout := range model.Layouts {
			for _, theme := range model.Themes {
				w := widget(kind, layout, theme, items[kind])
				golden(t, string(kind)+"-"+string(layout)+"-"+string(theme)+".html", w.Frame().Body)
			}
		}
		golden(t, string(kind)+"-page.js", widget(kind, "list", "page", items[kind]).Script().Body)
		w := widget(kind, "list", "auto", items[kind])
		golden(t, string(kind)+".js", w.Script().Body)
		golden(t, string(kind)+".json", w.JSONFeed().Body)
		golden(t, string(kind)+"-oembed.json", w.OEmbed("json", 0, 0).Body)
		golden(t, string(kind)+"-oembed.xml", w.OEmbed("xml", 0, 0).Body)
		if o := w.OPML(created); o != nil {
			golden(t, string(kind)+".opml", o.Body)
		} else if kind == model.Following {
			t.Error("no OPML for a following widget")
		}
	}
	worldF, worldL := seeded(t, wpcomtest.WorldUser)
	golden(t, "world-following.html", widget(model.Following, "list", "auto", worldF).Frame().Body)
	golden(t, "world-liked.html", widget(model.Liked, "list", "auto", worldL).Frame().Body)
	golden(t, "empty-following.html", widget(model.Following, "grid", "auto", nil).Frame().Body)
	golden(t, "empty-liked.json", widget(model.Liked, "list", "auto", nil).JSONFeed().Body)
	said := widget(model.Liked, "list", "page", nil)
	said.EmptyText = "Nothing liked yet — come back soon."
	golden(t, "empty-liked-said.html", said.Fragment())
	if h := render.EstimateHeight(said.Widget, nil, 0, 300); h < 60 || h > 70 { // 4 + 35.2 + 22.4
		t.Errorf("an empty widget with a message is estimated %d px high", h)
	}
	if h := render.EstimateHeight(widget(model.Liked, "list", "page", nil).Widget, nil, 0, 300); h != 0 {
		t.Errorf("an empty widget without one is estimated %d px high", h)
	}
}

// TestGoldenDisplay renders each display option the owner can set, as the
// fragment the frame and the script embed share.
func TestGoldenDisplay(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	items := map[model.Kind][]model.Item{model.Following: following[:3], model.Liked: liked[:3]}
	options := []struct {
		name string
		set  func(*model.Display)
	}{
		{"bare", func(d *model.Display) { *d = model.Display{} }},
		{"excerpts", func(d *model.Display) { d.ShowExcerpts = true }},
		{"newtab-narrow", func(d *model.Display) { d.NewTab, d.MaxWidth = true, 320 }},
	}
	for _, kind := range []model.Kind{model.Following, model.Liked} {
		for _, o := range options {
			w := widget(kind, "list", "page", items[kind])
			o.set(&w.Display)
			golden(t, "display-"+string(kind)+"-"+o.name+".html", w.Fragment())
		}
	}
}

// monogramPrefix is in every data: URL render.Monogram makes.
// (html/template writes its "+" as "&#43;", so the check looks past it.)
const monogramPrefix = "xml,%3Csvg%20xmlns=%22http:%2F%2Fwww.w3.org%2F2000%2Fsvg%22%20viewBox=%220%200%2040%2040%22"

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
			outs := map[string]*render.Output{"frame": b.Frame, "script": b.Script, "json": b.JSONFeed,
				"oembed.json": b.OEmbedJSON, "oembed.xml": b.OEmbedXML, "opml": b.OPML}
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
				// The only data: URLs are the monograms we draw ("data:image/svg+xml,<svg onload=…>" came from WordPress.com).
				if n, ours := strings.Count(s, "data:"), strings.Count(s, monogramPrefix); n != ours {
					t.Errorf("%s/%s/%s has %d data: URLs, %d of them ours", kind, layout, name, n, ours)
				}
				scripts := strings.Count(strings.ToLower(s), "<script") + strings.Count(strings.ToLower(s), `\u003cscript`)
				if want := map[string]int{"frame": 1}[name]; scripts != want {
					t.Errorf("%s/%s/%s has %d script tags, want %d (only our own)", kind, layout, name, scripts, want)
				}
			}
			for u := range b.Links {
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
		w          render.Widget
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

// TestGoldenLook: a frame that matches the page drawn in the owner's site
// look; other themes ignore it.
func TestGoldenLook(t *testing.T) {
	_, liked := seeded(t, wpcomtest.DemoUser)
	w := widget(model.Liked, "list", "page", liked[:3])
	w.Look = model.Look{Dark: true, Text: "#cdd6f4", Link: "#89b4fa", Font: model.FontSerif}
	golden(t, "look-liked-dark-serif.html", w.Frame().Body)
	w.Look = model.Look{Font: `"Trebuchet MS", sans-serif`}
	golden(t, "look-liked-font.html", w.Frame().Body)

	w.Theme = model.Light
	if body := string(w.Frame().Body); strings.Contains(body, "Trebuchet") {
		t.Error("a light frame took the site's look")
	}
	// A font list that did not come through the form (say, edited in the
	// database) cannot leave its CSS value.
	w.Theme, w.Look = model.Page, model.Look{Font: `x}body{background:url(https://evil.example/)`}
	if body := string(w.Frame().Body); strings.Contains(body, "evil.example") {
		t.Error("an unchecked font list reached the frame's CSS")
	}
	w.Look = model.Look{Dark: true, Font: `"Trebuchet MS`}
	if body := string(w.Frame().Body); strings.Contains(body, "Trebuchet") || !strings.Contains(body, "--wpfl-link:#8ab4ff") {
		t.Error("a font list with an open quote reached the frame's CSS, or swallowed its colours")
	}
}

// TestGoldenLang: the widget's own words in each language it speaks, and
// the direction of Arabic; a title left at the default follows the
// language, one the owner wrote does not.
func TestGoldenLang(t *testing.T) {
	_, liked := seeded(t, wpcomtest.DemoUser)
	for _, tag := range []string{"fr", "de", "es", "ja", "ar"} {
		w := widget(model.Liked, "list", "page", liked[:3])
		w.Lang = tag
		golden(t, "lang-liked-"+tag+".html", w.Fragment())
	}
	w := widget(model.Following, "list", "page", nil)
	w.Lang, w.Title = "ar", "My reading"
	if got := w.ShownTitle(); got != "My reading" {
		t.Errorf("the owner's title became %q", got)
	}
	w.Title = model.Defaults(model.Following).Title
	if got := w.ShownTitle(); got != "مدونات أتابعها" {
		t.Errorf("the default title in Arabic is %q", got)
	}
	if body := string(w.Frame().Body); !strings.Contains(body, `<html lang="ar" dir="rtl"`) {
		t.Error("an Arabic frame does not say its language and direction")
	}
}

package render_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

var imgSrcs = regexp.MustCompile(`<img[^>]*\ssrc="([^"]+)"`)

// With the proxy, every picture a frame, script or oEmbed loads is under
// the widget's own image path, and each path leads back to one of its
// items; without it, pictures link to their origins over https only.
func TestImagePaths(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	for _, tc := range []struct {
		kind   model.Kind
		layout model.Layout
		items  []model.Item
		side   int
	}{
		{model.Following, "list", following, 64},
		{model.Liked, "list", liked, 80},
		{model.Liked, "grid", liked, 192},
	} {
		w := widget(tc.kind, tc.layout, "page", tc.items)
		if got := render.ImageSide(w.Widget); got != tc.side {
			t.Errorf("%s %s: side %d, want %d", tc.kind, tc.layout, got, tc.side)
		}
		for name, body := range map[string]string{"frame": string(w.Frame().Body), "script": string(w.Script().Body),
			"oembed": string(w.OEmbed("json", 0, 0).Body)} {
			srcs := imgSrcs.FindAllStringSubmatch(strings.NewReplacer(`\"`, `"`, `\u003c`, "<", `\u003e`, ">").Replace(body), -1)
			if name != "oembed" && len(srcs) == 0 {
				t.Errorf("%s %s %s: no pictures", tc.kind, tc.layout, name)
			}
			proxied := 0
			for _, m := range srcs {
				src := m[1]
				key, ok := strings.CutPrefix(src, w.PageURL()+"/i/")
				if !ok {
					t.Errorf("%s %s %s: picture from %s", tc.kind, tc.layout, name, src)
					continue
				}
				proxied++
				if p, ok := w.Pictures()[key]; !ok || p.URL == "" || p.Side != tc.side || p.Monogram.Letter == "" {
					t.Errorf("%s: key %s names no item", name, key)
				}
			}
			if name != "oembed" && proxied == 0 {
				t.Errorf("%s %s %s: nothing proxied", tc.kind, tc.layout, name)
			}
		}
		if len(w.Pictures()) == 0 {
			t.Error("no pictures")
		}
	}

	// Without the proxy: origins, https only.
	w := widget(model.Following, "list", "page", []model.Item{
		{ID: "a", Title: "A", URL: "https://a.example/", Image: "https://a.example/icon.png"},
		{ID: "b", Title: "B", URL: "https://b.example/", Image: "http://b.example/icon.png"}})
	w.ProxyImages = false
	if w.Pictures() != nil {
		t.Error("pictures to proxy with the proxy off")
	}
	if feed := string(w.JSONFeed().Body); strings.Contains(feed, `"images":`) || strings.Contains(feed, `"picture":`) {
		t.Error("the JSON Feed says pictures come from the service while they do not")
	}
	body := string(w.Frame().Body)
	if !strings.Contains(body, `src="https://a.example/icon.png"`) || strings.Contains(body, "http://b.example/icon.png") {
		t.Errorf("direct links: want the https picture and not the http one:\n%s", body)
	}
	// The JSON Feed keeps the originals, and says so.
	var feed struct {
		Items []struct{ Image string }
		About struct{ Images string } `json:"_wpcom_widgets"`
	}
	if err := json.Unmarshal(widget(model.Liked, "list", "page", liked).JSONFeed().Body, &feed); err != nil {
		t.Fatal(err)
	}
	if feed.Items[0].Image != liked[0].Image || !strings.HasPrefix(feed.Items[0].Image, "https://animalsofpnw.files.wordpress.com/") ||
		!strings.Contains(feed.About.Images, "original URLs") {
		t.Errorf("JSON Feed: image %q, note %q", feed.Items[0].Image, feed.About.Images)
	}
}

// Shown is what the markup loads from the image path, in its order and
// at its size: what the image proxy makes before the first visitor.
// Nothing when the widget shows no pictures, or links them directly.
func TestShownIsWhatTheMarkupLoads(t *testing.T) {
	following, liked := seeded(t, wpcomtest.DemoUser)
	for _, tc := range []struct {
		kind   model.Kind
		layout model.Layout
		items  []model.Item
	}{
		{model.Following, "list", following},
		{model.Liked, "list", liked},
		{model.Liked, "grid", liked},
	} {
		w := widget(tc.kind, tc.layout, "page", tc.items)
		var loaded []string
		for _, m := range imgSrcs.FindAllStringSubmatch(string(w.Frame().Body), -1) {
			if key, ok := strings.CutPrefix(m[1], w.PageURL()+"/i/"); ok && !slices.Contains(loaded, key) {
				loaded = append(loaded, key)
			}
		}
		var shown []string
		for _, p := range w.Shown() {
			shown = append(shown, p.Key)
			if p.Side != render.ImageSide(w.Widget) || w.Pictures()[p.Key].URL != p.URL {
				t.Errorf("%s %s: %+v is not the picture the image path serves", tc.kind, tc.layout, p)
			}
		}
		if len(loaded) == 0 || !slices.Equal(shown, loaded) {
			t.Errorf("%s %s: shown %v, the frame loads %v", tc.kind, tc.layout, shown, loaded)
		}

		w.Display.ShowImages = false
		if s := w.Shown(); s != nil || strings.Contains(string(w.Frame().Body), "/i/") {
			t.Errorf("%s %s without pictures: shown %v", tc.kind, tc.layout, s)
		}
		w.Display.ShowImages, w.ProxyImages = true, false
		if s := w.Shown(); s != nil {
			t.Errorf("%s %s linking pictures directly: shown %v", tc.kind, tc.layout, s)
		}
	}
}

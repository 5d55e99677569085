package browser

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestFramesOnDarkSchemePages: many themes now declare
// :root{color-scheme:dark}, which a page's iframe elements inherit;
// Chromium paints an opaque canvas behind a frame whose scheme differs
// from its element's. The iframe snippet, and the frame of a widget whose
// owner said their site is dark, show the page's own background, in both
// visitor schemes, with every text readable.
func TestFramesOnDarkSchemePages(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	h := hostPages[1] // the dark blog
	plain := s.Widget(wpcomtest.DemoUser, "liked", 3, "list", "page")
	dark := s.WidgetWith(wpcomtest.DemoUser, "liked", 3, func(w *model.Widget) { w.Look = model.Look{Dark: true} })
	page := func(name, snippet string) string {
		return s.Page("/"+name+".html", strings.Replace(h.html(snippet), "<style>", "<style>:root{color-scheme:dark}", 1))
	}
	for _, tc := range []struct{ name, url string }{
		{"iframe snippet", page("scheme-snippet", s.Snippet(plain, "iframe"))},
		{"iframe snippet, no script", page("scheme-snippet-bare", s.Snippet(plain, "iframe")[:strings.Index(s.Snippet(plain, "iframe"), "<script>")])},
		{"the owner's dark site, framed as WordPress does", page("scheme-wordpress", `<iframe src="`+s.Base+`/w/`+dark+`" width="300" height="420" style="border:0"></iframe>`)},
	} {
		for _, scheme := range []string{"light", "dark"} {
			t.Run(tc.name+"/"+scheme, func(t *testing.T) {
				tab, closeTab := chromedp.NewContext(ctx) // a tab of its own: the frame's target goes with it
				defer closeTab()
				step := stack.Step(t, tab)
				if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Navigate(tc.url), chromedp.WaitVisible(`iframe`)); err != nil {
					t.Fatal(err)
				}
				time.Sleep(300 * time.Millisecond) // the frame's own page and pictures
				if _, err := chromedp.Run(step, chromedp.Evaluate[bool](`document.querySelector('iframe').style.height = '420px', true`)); err != nil {
					t.Fatal(err)
				}
				time.Sleep(100 * time.Millisecond)
				if got := belowItems(t, step); got != h.bg {
					t.Errorf("the frame shows %s where the page is %s", got, h.bg)
				}
				if strings.HasPrefix(tc.name, "the owner's") {
					inFrame := stack.FrameContext(t, step, s.Base+"/w/"+dark)
					r := stack.Contrast(t, inFrame, h.bg)
					for _, v := range r.Violations {
						t.Errorf("unreadable: %s", v)
					}
				}
			})
		}
	}
}

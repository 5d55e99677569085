package browser

import (
	"cmp"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestAxeContrastOnHostPages: with the default theme ("match the page"),
// axe-core reports no color-contrast violation on any of the four host
// pages, in either visitor colour scheme, for the script embed, the
// iframe snippet and the frame as WordPress embeds it (whose owner has
// told the dashboard how the site looks). Before this wave: 35 serious
// contrast failures per page.
func TestAxeContrastOnHostPages(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	for _, h := range hostPages {
		// The owner describes their site, as the dashboard asks.
		look := model.Look{Dark: h.name == "dark"}
		if look.Dark {
			look.Text, look.Link = h.fg, h.link
		}
		lang := map[string]string{"rtl": "ar"}[h.name]
		id := s.WidgetWith(wpcomtest.DemoUser, "liked", 5, func(w *model.Widget) { w.Look, w.Lang = look, cmp.Or(lang, "en") })
		pages := map[string]string{
			"script":    s.Page("/axe-script-"+h.name+".html", h.html(s.Snippet(id, "script"))),
			"iframe":    s.Page("/axe-iframe-"+h.name+".html", h.html(s.Snippet(id, "iframe"))),
			"wordpress": s.Page("/axe-wordpress-"+h.name+".html", h.html(wordpressMarkup(oembedHTML(t, s, id), "Ab3dEf6hIj")+`<script src="/wp-embed.js"></script>`)),
		}
		for _, embed := range []string{"script", "iframe", "wordpress"} {
			for _, scheme := range []string{"light", "dark"} {
				t.Run(h.name+"/"+embed+"/"+scheme, func(t *testing.T) {
					tab, closeTab := chromedp.NewContext(ctx)
					defer closeTab()
					step := stack.Step(t, tab)
					if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Navigate(pages[embed])); err != nil {
						t.Fatal(err)
					}
					var r stack.AxeReport
					if embed == "script" {
						if _, err := chromedp.Run(step, chromedp.Poll[bool](`!!document.querySelector('.wpfl-host')?.shadowRoot?.querySelector('.wpfl__item')`)); err != nil {
							t.Fatal(err)
						}
						r = stack.Contrast(t, step, "")
					} else {
						// The frame has spoken (its height arrived) and, for the
						// iframe snippet, has the page's look.
						if _, err := chromedp.Run(step, chromedp.Poll[bool](`(f => f && (f.style.height !== '' || (f.height && !f.getAttribute('style'))))(document.querySelector('iframe'))`)); err != nil {
							t.Fatal(err)
						}
						in := stack.FrameContext(t, step, s.Base+"/w/"+id)
						if _, err := chromedp.Run(in, chromedp.Poll[bool](`!!document.querySelector('.wpfl__item')`)); err != nil {
							t.Fatal(err)
						}
						if embed == "iframe" {
							if _, err := chromedp.Run(in, chromedp.Poll[bool](`getComputedStyle(document.body).fontFamily !== getComputedStyle(document.documentElement).fontFamily || document.body.style.color !== ''`)); err != nil {
								t.Fatalf("the frame never took the page's look: %v", err)
							}
						}
						r = stack.Contrast(t, in, h.bg)
					}
					if len(r.Violations) > 0 {
						t.Errorf("axe %s: %d color-contrast violations:\n%s", r.Version, len(r.Violations), strings.Join(r.Violations, "\n"))
					}
					if r.Passes < 10 { // the title and 5 items' texts at least: axe looked at the widget
						t.Errorf("axe checked only %d elements", r.Passes)
					}
					t.Logf("axe %s: %d elements readable, %d not", r.Version, r.Passes, len(r.Violations))
				})
			}
		}
	}
}

// oembedHTML is the html oEmbed gives for widget id at 300 px.
func oembedHTML(t *testing.T, s *stack.Stack, id string) string {
	t.Helper()
	resp, err := http.Get(s.Base + "/oembed?maxwidth=300&url=" + url.QueryEscape(s.Base+"/w/"+id))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var o struct{ HTML string }
	if err := json.NewDecoder(resp.Body).Decode(&o); err != nil {
		t.Fatal(err)
	}
	return o.HTML
}

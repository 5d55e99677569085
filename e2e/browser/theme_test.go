package browser

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// hostPage is a blog page a widget sits on: its background, text colour,
// link colour and font, as a theme would set them (with a line height of
// 1.7, as most themes set their body text).
type hostPage struct {
	name, bg, fg, link, font string
	lang, dir                string // "" for English, left to right
}

// hostPages are the blogs the widget is tried on: a light serif blog with
// brown links, a dark blog, a plain light blog, and an Arabic blog.
var hostPages = []hostPage{
	{name: "light-serif", bg: "#fbf7ef", fg: "#3b2f2f", link: "#8b4513", font: "Georgia, serif"},
	{name: "dark", bg: "#1e1e2e", fg: "#cdd6f4", link: "#89b4fa", font: `"Trebuchet MS", sans-serif`},
	{name: "light", bg: "#ffffff", fg: "#1e1e1e", link: "#0073aa", font: "Arial, sans-serif"},
	{name: "rtl", bg: "#fffdf8", fg: "#222222", link: "#9c2a5e", font: "Tahoma, sans-serif", lang: "ar", dir: "rtl"},
}

func (h hostPage) html(snippet string) string {
	lang, dir, article := cmp.Or(h.lang, "en"), cmp.Or(h.dir, "ltr"), `<h1>A post</h1><p>Some words, and <a href="#">a link</a>.</p>`
	if h.lang == "ar" {
		article = `<h1>مقالة</h1><p>بعض الكلمات، و<a href="#">رابط</a>.</p>`
	}
	return `<!doctype html><html lang="` + lang + `" dir="` + dir + `"><head><meta charset="utf-8"><title>` + h.name + `</title>
<style>body{margin:0;background:` + h.bg + `;color:` + h.fg + `;font-family:` + h.font + `;font-size:17px;line-height:1.7}a{color:` + h.link + `}@media (max-width:600px){main{flex-direction:column}aside{width:auto!important}}</style></head>
<body><main style="display:flex;gap:2rem;padding:1.5rem"><article style="flex:1">` + article + `</article>
<aside style="width:300px"><h2>Elsewhere</h2>` + snippet + `</aside></main></body></html>`
}

// wantReadable checks the contrasts ratiosJS measured: the widget's
// links, title and muted text on the page's background bg, WCAG AA.
func wantReadable(t *testing.T, got map[string]any, bg string) {
	t.Helper()
	for _, k := range []string{"link", "title", "muted"} {
		if r, _ := got[k].(float64); r < 4.5 {
			t.Errorf("%s contrast %.2f on %s, want at least 4.5 (WCAG AA)", k, r, bg)
		}
	}
}

// ratiosJS measures, in an object literal, the contrasts wantReadable
// checks; it needs wcagJS, a cs(selector) giving computed styles, and bg.
const ratiosJS = "link: ratio(cs('.wpfl__link').color, bg), title: ratio(cs('.wpfl__title').color, bg), muted: ratio(cs('.wpfl__on').color, bg)"

// wcagJS defines contrast helpers in the page.
const wcagJS = `
	const rgb = c => c.match(/[\d.]+/g).slice(0, 3).map(Number);
	const lum = c => { const v = rgb(c).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
		return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
	const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };`

// TestScriptEmbedMatchesThePage: the default widget ("match the page"),
// on a light serif blog with brown links and on a dark blog, seen by
// visitors in light and dark mode: the page's font and text colour, and
// every text readable (WCAG AA) on the page's background. Following the
// visitor's scheme instead gave 1.09:1 on the light blog in dark mode.
func TestScriptEmbedMatchesThePage(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "page")
	ctx := stack.Browser(t)
	for _, h := range hostPages {
		page := s.Page("/match-"+h.name+".html", h.html(s.Snippet(id, "script")))
		for _, scheme := range []string{"light", "dark"} {
			t.Run(h.name+"/"+scheme, func(t *testing.T) {
				step := stack.Step(t, ctx)
				if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Navigate(page)); err != nil {
					t.Fatal(err)
				}
				got, err := chromedp.Run(step, chromedp.Poll[map[string]any](`(() => {`+wcagJS+`
					const host = document.querySelector('.wpfl-host'); if (!host) return null;
					const r = host.shadowRoot, body = getComputedStyle(document.body), bg = body.backgroundColor;
					const cs = sel => getComputedStyle(r.querySelector(sel));
					return {font: cs('.wpfl').fontFamily, color: cs('.wpfl').color, bodyFont: body.fontFamily, bodyColor: body.color,
						`+ratiosJS+`,
						linkColor: cs('.wpfl__link').color};
				})()`))
				if err != nil {
					t.Fatal(err)
				}
				if got["font"] != got["bodyFont"] || got["color"] != got["bodyColor"] {
					t.Errorf("font %v, colour %v; the page's are %v, %v", got["font"], got["color"], got["bodyFont"], got["bodyColor"])
				}
				wantReadable(t, got, h.bg)
				if want := map[string]string{"light-serif": "rgb(139, 69, 19)", "dark": "rgb(137, 180, 250)", "light": "rgb(0, 115, 170)",
					"rtl": "rgb(156, 42, 94)"}[h.name]; got["linkColor"] != want {
					t.Errorf("links %v, the page's are %v", got["linkColor"], want)
				}
				if scheme == "light" {
					stack.Screenshot(t, step, "match-the-page-"+h.name, "aside")
				}
			})
		}
	}
}

// TestIframeMatchesThePage: the iframe snippet's companion tells a "match
// the page" frame how the page looks, so on the same two blogs, in both
// visitor schemes, the framed widget has the page's font, text and link
// colours and every text is readable on the page's background (a frame
// cannot see its host: on the dark blog it drew dark text, 1.3:1).
func TestIframeMatchesThePage(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "page")
	ctx := stack.Browser(t)
	for _, h := range hostPages {
		page := s.Page("/iframe-match-"+h.name+".html", h.html(s.Snippet(id, "iframe")))
		for _, scheme := range []string{"light", "dark"} {
			t.Run(h.name+"/"+scheme, func(t *testing.T) {
				// A tab of its own: the frame's target goes with it.
				tab, closeTab := chromedp.NewContext(ctx)
				defer closeTab()
				step := stack.Step(t, tab)
				if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Navigate(page), chromedp.WaitVisible(`iframe`)); err != nil {
					t.Fatal(err)
				}
				page, err := chromedp.Run(step, chromedp.Evaluate[map[string]string](`(() => { const b = getComputedStyle(document.body);
					return {font: b.fontFamily, color: b.color, bg: b.backgroundColor, link: getComputedStyle(document.querySelector('a')).color,
						lh: getComputedStyle(document.querySelector('iframe').parentNode).lineHeight}; })()`))
				if err != nil {
					t.Fatal(err)
				}
				// The resizer has heard from the frame: it is loaded.
				if _, err := chromedp.Run(step, chromedp.Poll[bool](`document.querySelector('iframe').style.height !== ''`)); err != nil {
					t.Fatal(err)
				}
				inFrame := stack.FrameContext(t, step, s.Base+"/w/"+id)
				// Wait for the page's look to arrive: the body's colour changes.
				got, err := chromedp.Run(inFrame, chromedp.PollFunction[map[string]any](`function (bodyColor, bg) {`+wcagJS+`
					const sec = document.querySelector('.wpfl'); if (!sec || getComputedStyle(document.body).color !== bodyColor) return null;
					const cs = sel => getComputedStyle(document.querySelector(sel));
					return {font: cs('.wpfl').fontFamily, color: cs('.wpfl').color, linkColor: cs('.wpfl__link').color, lh: cs('.wpfl').lineHeight,
						`+ratiosJS+`};
				}`, chromedp.WithPollingTimeout(5*time.Second),
					chromedp.WithPollingArgs(page["color"], page["bg"])))
				if err != nil {
					t.Fatalf("the frame never took the page's look (%v)", err)
				}
				if got["font"] != page["font"] || got["color"] != page["color"] || got["linkColor"] != page["link"] {
					t.Errorf("font %v, colour %v, links %v; the page's are %v, %v, %v", got["font"], got["color"], got["linkColor"], page["font"], page["color"], page["link"])
				}
				// Items spaced as the script embed's, which inherits the line height.
				if page["lh"] != "normal" && got["lh"] != page["lh"] {
					t.Errorf("line height %v, the page's %v", got["lh"], page["lh"])
				}
				wantReadable(t, got, h.bg)
				if scheme == "light" {
					stack.Screenshot(t, step, "iframe-match-the-page-"+h.name, "aside")
				}
			})
		}
	}
}

// TestFramesPaintNoBox: a frame is transparent in every colour scheme:
// what shows around and below its items is the host page's background
// (a dark frame used to paint an opaque #121212 box).
func TestFramesPaintNoBox(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	for _, tc := range []struct {
		host  hostPage
		theme string
	}{{hostPages[1], "dark"}, {hostPages[0], "light"}, {hostPages[0], "page"}} {
		id := s.Widget(wpcomtest.DemoUser, "liked", 3, "list", tc.theme)
		page := s.Page("/frame-"+tc.theme+"-"+tc.host.name+".html", tc.host.html(s.Snippet(id, "iframe")))
		for _, scheme := range []string{"light", "dark"} {
			step := stack.Step(t, ctx)
			if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Navigate(page),
				chromedp.WaitVisible(`iframe`)); err != nil {
				t.Fatal(err)
			}
			time.Sleep(300 * time.Millisecond) // the frame's own page and pictures
			// The frame is 420px high; three items fill the top half.
			if got := belowItems(t, step); got != tc.host.bg {
				t.Errorf("%s frame on the %s page, visitor in %s: the frame shows %s where the page is %s",
					tc.theme, tc.host.name, scheme, got, tc.host.bg)
			}
		}
	}
}

func TestKeyboardFocusIsVisible(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "following", 20, "grid", "auto")
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/w/"+id), chromedp.KeyEvent("\t")); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(step, chromedp.Evaluate[map[string]any](`(() => { const a = document.activeElement, cs = getComputedStyle(a);
		return {tag: a.tagName, cls: a.className, style: cs.outlineStyle, width: parseFloat(cs.outlineWidth)}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	if got["tag"] != "A" || got["style"] == "none" || got["width"].(float64) < 2 {
		t.Errorf("focused element %v: no visible outline", got)
	}
	stack.Screenshot(t, step, "keyboard-focus", ".wpfl")
}

// TestScreenshots writes one picture of each kind, layout and theme for
// people to look at (e2e/browser/screenshots).
func TestScreenshots(t *testing.T) {
	s := stack.Start(t)
	ctx := stack.Browser(t)
	for _, kind := range []string{"following", "liked"} {
		for _, layout := range []string{"list", "grid"} {
			for _, theme := range []string{"light", "dark"} {
				id := s.Widget(wpcomtest.DemoUser, kind, 8, layout, theme)
				step := stack.Step(t, ctx)
				bg := map[string]string{"light": "#ffffff", "dark": "#1d2327"}[theme]
				page := s.Page(fmt.Sprintf("/shot-%s.html", id), `<!doctype html><html><head><meta charset="utf-8"><title>shot</title></head>
<body style="margin:0;background:`+bg+`;color-scheme:`+theme+`"><div style="width:320px;padding:16px">`+
					s.Snippet(id, "script")+`</div></body></html>`)
				if err := chromedp.Do(step, chromedp.EmulateViewport(360, 900), chromedp.Navigate(page)); err != nil {
					t.Fatal(err)
				}
				if _, err := chromedp.Run(step, chromedp.Poll[bool](`(() => { const h = document.querySelector('.wpfl-host');
					return !!h && [...h.shadowRoot.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0); })()`)); err != nil {
					t.Fatalf("%s %s %s did not render with its pictures: %v", kind, layout, theme, err)
				}
				stack.Screenshot(t, step, fmt.Sprintf("%s-%s-%s", kind, layout, theme), "body > div")
			}
		}
	}
	// The default widget on each host page (the README's pictures): by
	// script, speaking the page's language.
	for _, h := range hostPages {
		id := s.WidgetWith(wpcomtest.DemoUser, "liked", 4, func(w *model.Widget) { w.Lang = cmp.Or(h.lang, "en") })
		step := stack.Step(t, ctx)
		if err := chromedp.Do(step, chromedp.EmulateViewport(820, 900), chromedp.Navigate(s.Page("/host-"+h.name+".html", h.html(s.Snippet(id, "script"))))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(step, chromedp.Poll[bool](`(() => { const h = document.querySelector('.wpfl-host');
			return !!h && [...h.shadowRoot.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0); })()`)); err != nil {
			t.Fatalf("%s: %v", h.name, err)
		}
		stack.Screenshot(t, step, "host-"+h.name, "main")
	}
	// At phone width, where themes put the sidebar under the post: the
	// script embed and the iframe snippet on the light and the dark blog.
	for _, h := range hostPages[:3] {
		id := s.Widget(wpcomtest.DemoUser, "liked", 4, "list", "page")
		for _, embed := range []string{"script", "iframe"} {
			tab, closeTab := chromedp.NewContext(ctx)
			step := stack.Step(t, tab)
			page := s.Page("/phone-"+embed+"-"+h.name+".html", h.html(s.Snippet(id, embed)))
			if err := chromedp.Do(step, chromedp.EmulateViewport(390, 844), chromedp.Navigate(page)); err != nil {
				t.Fatal(err)
			}
			ready := `(() => { const h = document.querySelector('.wpfl-host'); return !!h && !!h.shadowRoot.querySelector('.wpfl__item'); })()`
			if embed == "iframe" {
				ready = `document.querySelector('iframe').style.height !== ''`
			}
			if _, err := chromedp.Run(step, chromedp.Poll[bool](ready)); err != nil {
				t.Fatalf("%s on %s at phone width: %v", embed, h.name, err)
			}
			width, err := chromedp.Run(step, chromedp.Evaluate[float64](`document.querySelector('aside').getBoundingClientRect().width`))
			if err != nil || width < 300 || width > 390 {
				t.Errorf("%s on %s at phone width: the sidebar is %v px wide (%v)", embed, h.name, width, err)
			}
			if over, _ := chromedp.Run(step, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > innerWidth`)); over {
				t.Errorf("%s on %s at phone width scrolls sideways", embed, h.name)
			}
			time.Sleep(200 * time.Millisecond) // the frame's own pictures
			stack.Screenshot(t, step, "phone-"+embed+"-"+h.name, "aside")
			closeTab()
		}
	}
}

// TestBrokenPicturesBecomeMonograms: a picture that fails to load shows
// the item's monogram, in the script embed and in a frame, never the
// browser's broken-image icon.
func TestBrokenPicturesBecomeMonograms(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "following", 5, "list", "page")
	ctx := stack.Browser(t)
	page := s.Page("/broken.html", hostPages[0].html(s.Snippet(id, "script")+s.Snippet(id, "iframe")))
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(page), chromedp.WaitVisible(`iframe`)); err != nil {
		t.Fatal(err)
	}
	// Break the first picture of the script embed after the fact, as a
	// host that went down would.
	got, err := chromedp.Run(step, chromedp.Poll[map[string]any](`(() => {
		const h = document.querySelector('.wpfl-host'); if (!h) return null;
		const img = h.shadowRoot.querySelector('img[data-wpfl-m]');
		if (img && !window.wpflBroke) { window.wpflBroke = img.parentElement; window.wpflLetter = img.dataset.wpflM.split(' ')[1]; img.src = location.origin + '/no-such-picture.png'; return null; }
		// In the broken picture's own place: its parent holds its monogram and no picture.
		const m = window.wpflBroke && window.wpflBroke.querySelector('.wpfl__mono');
		if (!m || m.textContent !== window.wpflLetter || window.wpflBroke.querySelector('img')) return null;
		const r = m.getBoundingClientRect();
		return {width: r.width, bg: getComputedStyle(m).backgroundColor};
	})()`))
	if err != nil || got["width"].(float64) == 0 || got["bg"] == "rgba(0, 0, 0, 0)" {
		t.Fatalf("script embed: the broken picture became %v (%v)", got, err)
	}
	// In the frame, every picture is loaded or a monogram (the demo member
	// has blogs without icons: monograms from the start).
	frame, err := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector('iframe').src`))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(step, chromedp.Navigate(frame)); err != nil {
		t.Fatal(err)
	}
	broken, err := chromedp.Run(step, chromedp.Poll[map[string]any](`(() => { const imgs = [...document.images];
		if (!imgs.every(i => i.complete)) return null;
		return {broken: imgs.filter(i => i.naturalWidth === 0).length, monograms: document.querySelectorAll('.wpfl__mono').length}; })()`))
	if err != nil || broken["broken"].(float64) != 0 || broken["monograms"].(float64) == 0 {
		t.Errorf("frame: %v (%v)", broken, err)
	}
}

// TestGoneMeansGone: a deleted widget's frame shows nothing and tells its
// host it is 0 pixels high; its script embed adds nothing to the page.
func TestGoneMeansGone(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "page")
	page := s.Page("/gone.html", `<!doctype html><html><head><meta charset="utf-8"><title>gone</title>
<script>window.heights = []; addEventListener('message', e => { if (e.data && e.data.type === 'wpfl:height') heights.push(e.data.height); });</script>
</head><body>`+s.Snippet(id, "script")+s.Snippet(id, "iframe")+`</body></html>`)
	if err := s.App.Store.DeleteWidget(context.Background(), s.Sim.Member(wpcomtest.DemoUser).ID, id); err != nil {
		t.Fatal(err)
	}
	s.App.Widgets.Forget(id)
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(step, chromedp.Poll[map[string]any](`window.heights.length > 0 && {height: heights[heights.length-1], hosts: document.querySelectorAll('.wpfl-host').length}`))
	if err != nil || got["height"].(float64) != 0 || got["hosts"].(float64) != 0 {
		t.Errorf("a deleted widget: %v (%v)", got, err)
	}
	text, _ := chromedp.Run(step, chromedp.Evaluate[string](`document.querySelector('iframe').contentDocument ? document.querySelector('iframe').contentDocument.body.innerText : ''`))
	if text != "" {
		t.Errorf("the frame shows %q", text)
	}
}

// TestOEmbedFrameTakesTheOwnersLook: WordPress's oEmbed frame has no
// companion script to tell it the page's look, so it draws the look the
// owner gave in the dashboard: on the dark blog, as WordPress embeds it,
// in both visitor schemes, the owner's font and colours, every text 4.5:1
// or better on the page (it drew dark text there, 1.3:1).
func TestOEmbedFrameTakesTheOwnersLook(t *testing.T) {
	s := stack.Start(t)
	h := hostPages[1]
	look := model.Look{Dark: true, Text: "#cdd6f4", Link: "#89b4fa", Font: `"Trebuchet MS", sans-serif`}
	id := s.WidgetWith(wpcomtest.DemoUser, "liked", 5, func(w *model.Widget) { w.Look = look })
	resp, err := http.Get(s.Base + "/oembed?maxwidth=300&url=" + url.QueryEscape(s.Base+"/w/"+id))
	if err != nil {
		t.Fatal(err)
	}
	var o struct{ HTML string }
	err = json.NewDecoder(resp.Body).Decode(&o)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	page := s.Page("/oembed-look.html", h.html(wordpressMarkup(o.HTML, "Ab3dEf6hIj")+`<script src="/wp-embed.js"></script>`))
	ctx := stack.Browser(t)
	for _, scheme := range []string{"light", "dark"} {
		t.Run(scheme, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(ctx)
			defer closeTab()
			step := stack.Step(t, tab)
			if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Navigate(page)); err != nil {
				t.Fatal(err)
			}
			if _, err := chromedp.Run(step, chromedp.Poll[bool](`!document.querySelector('iframe.wp-embedded-content').getAttribute('style')`)); err != nil {
				t.Fatalf("wp-embed.js never showed the frame: %v", err)
			}
			got, err := chromedp.Run(stack.FrameContext(t, step, s.Base+"/w/"+id), chromedp.PollFunction[map[string]any](`function (bg) {`+wcagJS+`
				if (!document.querySelector('.wpfl__on')) return null;
				const cs = sel => getComputedStyle(document.querySelector(sel));
				return {font: cs('.wpfl').fontFamily, color: cs('.wpfl').color,
					`+ratiosJS+`};
			}`, chromedp.WithPollingArgs("rgb(30, 30, 46)")))
			if err != nil {
				t.Fatal(err)
			}
			if got["font"] != look.Font || got["color"] != "rgb(205, 214, 244)" {
				t.Errorf("font %v, colour %v; the owner said %s, %s", got["font"], got["color"], look.Font, look.Text)
			}
			wantReadable(t, got, h.bg)
			if scheme == "dark" {
				stack.Screenshot(t, step, "oembed-owners-look-dark", "aside")
			}
		})
	}
}

// TestArabicWidgetReadsRightToLeft: an Arabic widget on an Arabic blog,
// by script and by iframe, says its language, runs right to left (the
// pictures on the right of the text), and speaks Arabic.
func TestArabicWidgetReadsRightToLeft(t *testing.T) {
	s := stack.Start(t)
	h := hostPages[3]
	id := s.WidgetWith(wpcomtest.DemoUser, "liked", 3, func(w *model.Widget) { w.Lang = "ar" })
	const probe = `function (root) {
		const sec = (root || document).querySelector('.wpfl'); if (!sec || !sec.querySelector('.wpfl__thumb')) return null;
		const thumb = sec.querySelector('.wpfl__thumb').getBoundingClientRect(), text = sec.querySelector('.wpfl__text').getBoundingClientRect();
		return {lang: sec.lang, dir: getComputedStyle(sec).direction, title: sec.querySelector('.wpfl__title').textContent,
			pictureRight: thumb.left > text.right - 1, on: sec.querySelector('.wpfl__on').textContent.trim().split(' ')[0]};
	}`
	check := func(t *testing.T, got map[string]any) {
		t.Helper()
		want := map[string]any{"lang": "ar", "dir": "rtl", "title": "مقالات أعجبتني", "pictureRight": true, "on": "على"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("%s = %v, want %v", k, got[k], v)
			}
		}
	}
	ctx := stack.Browser(t)
	t.Run("script", func(t *testing.T) {
		step := stack.Step(t, ctx)
		if err := chromedp.Do(step, chromedp.Navigate(s.Page("/rtl-script.html", h.html(s.Snippet(id, "script"))))); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(step, chromedp.PollFunction[map[string]any](`function () { const host = document.querySelector('.wpfl-host');
			return host && (`+probe+`)(host.shadowRoot); }`))
		if err != nil {
			t.Fatal(err)
		}
		check(t, got)
		stack.Screenshot(t, step, "rtl-script", "aside")
	})
	t.Run("iframe", func(t *testing.T) {
		tab, closeTab := chromedp.NewContext(ctx)
		defer closeTab()
		step := stack.Step(t, tab)
		if err := chromedp.Do(step, chromedp.Navigate(s.Page("/rtl-iframe.html", h.html(s.Snippet(id, "iframe"))))); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(step, chromedp.Poll[bool](`document.querySelector('iframe').style.height !== ''`)); err != nil {
			t.Fatal(err)
		}
		got, err := chromedp.Run(stack.FrameContext(t, step, s.Base+"/w/"+id), chromedp.PollFunction[map[string]any](probe))
		if err != nil {
			t.Fatal(err)
		}
		check(t, got)
		if d, _ := chromedp.Run(stack.FrameContext(t, step, s.Base+"/w/"+id), chromedp.Evaluate[string](`document.documentElement.lang + " " + document.documentElement.dir`)); d != "ar rtl" {
			t.Errorf("the frame's document says %q", d)
		}
		stack.Screenshot(t, step, "rtl-iframe", "aside")
	})
}

// belowItems is the colour shown at the bottom right of the page's
// iframe, below the widget's items: the page's own background unless the
// browser painted a box behind the frame.
func belowItems(t *testing.T, step context.Context) string {
	t.Helper()
	shot, err := chromedp.Run(step, chromedp.Screenshot(chromedp.CSS(`iframe`)))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	r, g, bl, _ := img.At(b.Max.X-5, b.Max.Y-5).RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, g>>8, bl>>8)
}

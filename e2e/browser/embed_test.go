package browser

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// hostile is CSS a theme might ship that would wreck an embed that does
// not isolate itself.
const hostile = `<style>
* { color: red !important; font-family: "Comic Sans MS", cursive !important; }
div, section, ul, li, a, img { display: inline !important; }
img { width: 300px !important; height: 5px !important; }
.wpfl, .wpfl__link, .wpfl-host { color: red !important; background: yellow !important; }
</style>`

type renderedWidget struct {
	Widget      string  `json:"widget"`
	Items       int     `json:"items"`
	Color       string  `json:"color"`
	HostDisplay string  `json:"hostDisplay"`
	ImgWidth    float64 `json:"imgWidth"`
	Title       string  `json:"title"`
	AfterOwnTag bool    `json:"afterOwnTag"`
}

func TestScriptEmbedOnAHostilePage(t *testing.T) {
	s := stack.Start(t)
	a := s.Widget(wpcomtest.DemoUser, "following", 20, "list", "auto")
	b := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "dark")
	page := s.Page("/hostile.html", `<!doctype html><html><head><meta charset="utf-8"><title>host</title>
<script>window.__before = Object.keys(window);</script>`+hostile+`</head><body>
<h1>A host page with aggressive styles</h1>
<div id="a1">`+s.Snippet(a, "script")+`</div>
<div id="a2">`+s.Snippet(a, "script")+`</div>
<div id="b">`+s.Snippet(b, "script")+`</div>
</body></html>`)
	ctx := stack.Browser(t)
	logs := stack.WatchConsole(ctx)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(step, chromedp.Poll[bool](`document.querySelectorAll('.wpfl-host').length === 3 && window.WPFollowLike && window.WPFollowLike.rendered === 3`)); err != nil {
		t.Fatalf("the three widgets did not render: %v", err)
	}
	raw, err := chromedp.Run(step, chromedp.Evaluate[[]byte](`[...document.querySelectorAll('.wpfl-host')].map(h => {
		const r = h.shadowRoot, link = r.querySelector('.wpfl__link'), img = r.querySelector('img'), prev = h.previousElementSibling;
		return {widget: h.dataset.wpflWidget, items: r.querySelectorAll('.wpfl__item, .wpfl__cell').length,
			color: getComputedStyle(link).color, hostDisplay: getComputedStyle(h).display,
			imgWidth: img.getBoundingClientRect().width, title: r.querySelector('.wpfl__title').textContent,
			afterOwnTag: !!prev && prev.tagName === 'SCRIPT' && prev.src.indexOf('/w/' + h.dataset.wpflWidget + '.js') > 0};
	})`))
	if err != nil {
		t.Fatal(err)
	}
	var got []renderedWidget
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		id    string
		items int
		title string
	}{{a, 10, "Blogs I Follow"}, {a, 10, "Blogs I Follow"}, {b, 5, "Posts I Like"}}
	for i, w := range got {
		if w.Widget != want[i].id || w.Items != want[i].items || w.Title != want[i].title || !w.AfterOwnTag {
			t.Errorf("widget %d: %+v", i, w)
		}
		if w.Color == "rgb(255, 0, 0)" || w.HostDisplay != "block" || w.ImgWidth > 48 {
			t.Errorf("widget %d: the page's CSS leaked in: %+v", i, w)
		}
	}
	globals, err := chromedp.Run(step, chromedp.Evaluate[[]string](`Object.keys(window).filter(k => !window.__before.includes(k) && k !== '__before')`))
	if err != nil || len(globals) != 1 || globals[0] != "WPFollowLike" {
		t.Errorf("new globals %v, want only WPFollowLike (%v)", globals, err)
	}
	stack.Screenshot(t, step, "script-embed-on-hostile-page", "")
	time.Sleep(200 * time.Millisecond)
	if errs := logs.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

// wordpressMarkup turns our oEmbed html into what WordPress puts in a post
// (wp_filter_oembed_result): classes, a secret on both elements, the
// iframe hidden until it speaks, sandbox="allow-scripts".
func wordpressMarkup(oembedHTML, secret string) string {
	h := strings.Replace(oembedHTML, "<blockquote>", `<blockquote class="wp-embedded-content" data-secret="`+secret+`">`, 1)
	h = strings.Replace(h, "<iframe ", `<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted" style="position: absolute; visibility: hidden;" data-secret="`+secret+`" `, 1)
	i := strings.Index(h, `src="`) + len(`src="`)
	j := i + strings.Index(h[i:], `"`)
	return h[:j] + "#?secret=" + secret + h[j:]
}

func TestFrameAsWordPressServesIt(t *testing.T) {
	s := stack.Start(t)
	// The first blog followed lives on the host site, so a click can be seen to arrive.
	_ = s.Sim.Update(wpcomtest.DemoUser, func(m *wpcomtest.Member) {
		site := &wpcomtest.Site{ID: 424242, FeedID: 242424, Name: "Landing Blog", URL: s.Host + "/blog/landing",
			FeedURL: s.Host + "/blog/landing/feed/", Icon: "https://example.invalid/icon.png"}
		m.Follows = append([]wpcomtest.Follow{{SubID: 999, Site: site, Subscribed: time.Now(), Shape: wpcomtest.Current}}, m.Follows...)
	})
	id := s.Widget(wpcomtest.DemoUser, "following", 20, "list", "auto")
	settings := model.Defaults(model.Following)
	settings.ID = id
	assets, err := render.Load()
	if err != nil {
		t.Fatal(err)
	}
	w := render.Drawing{View: model.View{Widget: settings, Items: make([]model.Item, 11)}, Site: render.Site{BaseURL: s.Base, Assets: assets}}
	width, height := w.OEmbedSize(320, 0)
	page := s.Page("/post.html", `<!doctype html><html><head><meta charset="utf-8"><title>A WordPress post</title></head>
<body style="max-width:40rem;margin:2rem auto;font-family:serif"><article><h1>My reading</h1><p>Here is what I follow:</p>
`+wordpressMarkup(w.OEmbedHTML(width, height), "Ab3dEf6hIj")+`
<p id="after">The end of the post.</p></article>
<script src="/wp-embed.js"></script></body></html>`)
	ctx := stack.Browser(t)
	logs := stack.WatchConsole(ctx)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	// wp-embed.js un-hides the frame on its first message and sets its height.
	grown, err := chromedp.Run(step, chromedp.Poll[int](`(() => { const f = document.querySelector('iframe.wp-embedded-content');
		return !f.getAttribute('style') && parseInt(f.height) !== `+fmt.Sprint(height)+` && parseInt(f.height); })()`))
	if err != nil {
		t.Fatalf("the frame never reported its height to wp-embed.js: %v", err)
	}
	if grown < 400 || grown > 1000 {
		t.Errorf("frame height %d, want the content's (about 520 for 11 blogs)", grown)
	}
	state, err := chromedp.Run(step, chromedp.Evaluate[map[string]any](`({
		quote: getComputedStyle(document.querySelector('blockquote.wp-embedded-content')).display,
		sandbox: document.querySelector('iframe').getAttribute('sandbox'),
		afterBelow: document.getElementById('after').getBoundingClientRect().top >= document.querySelector('iframe').getBoundingClientRect().bottom})`))
	if err != nil || state["quote"] != "none" || state["sandbox"] != "allow-scripts" || state["afterBelow"] != true {
		t.Errorf("page state %v, %v", state, err)
	}
	// Let late images and their height messages settle before the picture.
	if _, err := chromedp.Run(step, chromedp.Poll[bool](`(() => { const f = document.querySelector('iframe');
		const h = f.height; return new Promise(r => setTimeout(() => r(f.height === h), 400)); })()`, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		t.Fatal(err)
	}
	stack.Screenshot(t, step, "wordpress-post-with-frame", "")

	// A click on the first blog inside the sandboxed frame reaches it through our redirect.
	rect, err := chromedp.Run(step, chromedp.Evaluate[map[string]float64](`(() => { const r = document.querySelector('iframe').getBoundingClientRect(); return {x: r.left, y: r.top}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	stack.ClickThrough(t, step, rect["x"]+90, rect["y"]+52, s.Host+"/blog/landing", "a click in the frame")
	if s.Visits("/blog/landing") != 1 {
		t.Errorf("landing visits %d", s.Visits("/blog/landing"))
	}
	if errs := logs.Errors(); len(errs) > 0 {
		t.Errorf("console errors: %v", errs)
	}
}

func TestPlainIframeOnAnotherSite(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.WorldUser, "liked", 5, "grid", "light")
	page := s.Page("/plain.html", `<!doctype html><html><head><meta charset="utf-8"><title>plain</title>
<script>window.heights = []; addEventListener('message', e => { if (e.data && e.data.type === 'wpfl:height') heights.push(e.data.height); });</script>
</head><body><aside style="width:300px"><p id="before">Sidebar</p>`+s.Snippet(id, "iframe")+`<p id="after">More sidebar</p></aside></body></html>`)
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(page)); err != nil {
		t.Fatal(err)
	}
	h, err := chromedp.Run(step, chromedp.Poll[float64](`window.heights.length > 0 && heights[heights.length-1]`))
	if err != nil || h < 100 {
		t.Fatalf("no plain height message: %v %v", h, err)
	}
	// The snippet's own few lines take the height: the frame fits.
	layout, err := chromedp.Run(step, chromedp.Poll[map[string]float64](`(() => { const f = document.querySelector('iframe').getBoundingClientRect();
		if (Math.abs(f.height - heights[heights.length-1]) > 1) return null;
		return {height: f.height, width: f.width, after: document.getElementById('after').getBoundingClientRect().top, bottom: f.bottom}; })()`))
	if err != nil || layout["width"] > 300 || layout["after"] < layout["bottom"] {
		t.Errorf("layout %v, %v", layout, err)
	}
	stack.Screenshot(t, step, "plain-iframe", "aside")
}

func TestForgedRedirectIsRefused(t *testing.T) {
	s := stack.Start(t)
	id := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	ctx := stack.Browser(t)
	step := stack.Step(t, ctx)
	if err := chromedp.Do(step, chromedp.Navigate(s.Base+"/w/"+id+"/go?url="+url.QueryEscape(s.Host+"/phishing"))); err != nil {
		t.Fatal(err)
	}
	text, err := chromedp.Run(step, chromedp.Evaluate[string](`document.body.innerText`))
	loc, _ := chromedp.Run(step, chromedp.Location())
	if err != nil || !strings.Contains(text, "not one of the widget's items") || !strings.HasPrefix(loc, s.Base) || s.Visits("/phishing") != 0 {
		t.Errorf("forged target: at %s, text %q, %v", loc, text, err)
	}
}

package wordpress_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/e2e/wordpress"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := (&http.Client{Timeout: 60 * time.Second}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %.500s", url, resp.StatusCode, b)
	}
	return string(b)
}

// filtered matches what WordPress keeps of our oEmbed html after
// wp_filter_oembed_result: the blockquote and the iframe, with the classes,
// secret and sandbox WordPress adds (and, for a URL in classic content, the
// <p> tags wpautop adds around them).
var filtered = regexp.MustCompile(`<blockquote class="wp-embedded-content" data-secret="(\w{10})">(?:<p>)?<a href="([^"]+)">[^<]+</a>(?:</p>)?</blockquote>\s*(?:<p>)?<iframe class="wp-embedded-content" sandbox="allow-scripts" security="restricted"[^>]*src="([^"#]+)#\?secret=(\w{10})"[^>]*data-secret="(\w{10})"[^>]*></iframe>`)

func TestWidgetsInARealWordPress(t *testing.T) {
	s := stack.Start(t)
	ctx := context.Background()
	// The first blog followed lives on the host site, so a click can be seen to arrive.
	_ = s.Sim.Update(wpcomtest.DemoUser, func(m *wpcomtest.Member) {
		site := &wpcomtest.Site{ID: 424242, FeedID: 242424, Name: "Landing Blog", URL: s.Host + "/blog/landing",
			FeedURL: s.Host + "/blog/landing/feed/", Icon: "https://example.invalid/icon.png"}
		m.Follows = append([]wpcomtest.Follow{{SubID: 999, Site: site, Subscribed: time.Now(), Shape: wpcomtest.Current}}, m.Follows...)
	})
	inPost := s.Widget(wpcomtest.DemoUser, "following", 20, "list", "page")
	inSidebar := s.Widget(wpcomtest.DemoUser, "liked", 5, "list", "page")
	byScript := s.Widget(wpcomtest.DemoUser, "liked", 4, "grid", "page")

	var phpLog testutil.SyncBuffer
	wp, err := wordpress.Start(ctx, wordpress.Options{Dir: t.TempDir(), ServiceHost: "127.0.0.1", ServicePort: s.Port, Log: &phpLog})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(wp.Close)
	post, err := wp.Post(ctx, "What I read", "<!-- wp:paragraph --><p>The blogs I follow:</p><!-- /wp:paragraph -->\n\n"+
		wordpress.EmbedBlock(s.Base+"/w/"+inPost))
	if err != nil {
		t.Fatal(err)
	}
	if err := wp.Sidebar(ctx, []string{wordpress.EmbedBlock(s.Base + "/w/" + inSidebar)},
		[]string{s.Snippet(byScript, "script")}); err != nil {
		t.Fatal(err)
	}

	// WordPress discovers our oEmbed endpoint, fetches it, and filters it.
	html := get(t, post)
	matches := filtered.FindAllStringSubmatch(html, -1)
	if len(matches) != 2 {
		t.Fatalf("want 2 filtered embeds (post and sidebar), found %d in:\n%s", len(matches), excerpt(html, "wp-embedded-content"))
	}
	for _, m := range matches {
		if m[1] != m[4] || m[4] != m[5] || !strings.HasPrefix(m[3], s.Base+"/w/") || m[2] != m[3] {
			t.Errorf("embed %v: secrets or URLs disagree", m[1:])
		}
	}
	t.Logf("what WordPress made of our oEmbed html:\n%s", matches[0][0])
	// A post whose whole content is the URL (the classic editor's way)
	// embeds too, through WordPress's auto-embed.
	bare, err := wp.Post(ctx, "Just the link", s.Base+"/w/"+inSidebar)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(filtered.FindAllString(get(t, bare), -1)); n != 2 { // the post's, and the sidebar's
		t.Errorf("a post of just the URL: %d filtered embeds, want 2:\n%s", n, excerpt(get(t, bare), "wp-embedded-content"))
	}
	if !strings.Contains(html, "wp-embed") {
		t.Errorf("WordPress did not enqueue its wp-embed host script")
	}
	if strings.Count(html, `<script async src="`+s.Base+"/w/"+byScript+`.js"></script>`) != 1 {
		t.Errorf("the Custom HTML widget's script snippet is not on the page:\n%s", excerpt(html, "custom-html"))
	}

	// In a browser: both frames grow to their content, the script widget
	// renders, and a click inside the sandboxed frame reaches the blog.
	bctx := stack.Browser(t)
	logs := stack.WatchConsole(bctx)
	step := stack.Step(t, bctx)
	if err := chromedp.Do(step, chromedp.Navigate(post)); err != nil {
		t.Fatal(err)
	}
	// WordPress shows a frame at 200 px until it hears a height; on a busy
	// machine the first look may come before the post's frame has spoken,
	// so wait (bounded) for the heights the widgets need.
	frameHeights := `(() => { const fs = [...document.querySelectorAll('iframe.wp-embedded-content')];
		return fs.map(f => f.getAttribute('style') ? 0 : Math.round(f.getBoundingClientRect().height)); })()`
	if _, err := chromedp.Run(step, chromedp.Poll[bool](`(hs => hs.length === 2 && hs[0] >= 400 && hs[1] >= 200)(`+frameHeights+`)`,
		chromedp.WithPollingTimeout(10*time.Second))); err != nil {
		heights, _ := chromedp.Run(step, chromedp.Evaluate[[]int](frameHeights))
		t.Errorf("frame heights %v: want the post's 11 blogs (about 520px) and the sidebar's 5 posts (%v)", heights, err)
	}
	cells, err := chromedp.Run(step, chromedp.Poll[int](`(() => { const h = document.querySelector('.wpfl-host');
		return h && h.shadowRoot.querySelectorAll('.wpfl__cell').length; })()`))
	if err != nil || cells != 4 {
		t.Errorf("script widget in the Custom HTML widget: %d pictures (%v)", cells, err)
	}
	// Pictures of the viewport scrolled to each part: a full-page capture
	// does not paint out-of-process frames below the fold.
	for i, name := range []string{"wordpress-post", "wordpress-sidebar"} {
		if err := chromedp.Do(step, chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('iframe.wp-embedded-content')[`+
			fmt.Sprint(i)+`].scrollIntoView({block: 'start', behavior: 'instant'}); window.scrollBy({top: -80, behavior: 'instant'})`),
			chromedp.Sleep(300*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		png, err := chromedp.Run(step, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		stack.SavePicture(t, name, png)
	}

	// Readable in the real theme (Twenty Twenty-One's green page), in both
	// visitor schemes: axe-core finds no contrast failure on the page (the
	// script widget included) or in either oEmbed frame.
	for _, scheme := range []string{"dark", "light"} {
		if err := chromedp.Do(step, stack.Visitor(scheme), chromedp.Reload()); err != nil {
			t.Fatal(err)
		}
		if _, err := chromedp.Run(step, chromedp.Poll[bool](`[...document.querySelectorAll('iframe.wp-embedded-content')].every(f => !f.getAttribute('style'))
			&& !!document.querySelector('.wpfl-host')?.shadowRoot?.querySelector('.wpfl__cell')`)); err != nil {
			t.Fatal(err)
		}
		if r := stack.Contrast(t, step, ""); len(r.Violations) > 0 || r.Passes < 10 {
			t.Errorf("%s visitor, the page: %d elements readable, contrast failures: %v", scheme, r.Passes, r.Violations)
		}
		for _, id := range []string{inPost, inSidebar} {
			bg, err := chromedp.Run(step, chromedp.Evaluate[string](`(f => { for (let n = f.parentElement; n; n = n.parentElement) {
				const b = getComputedStyle(n).backgroundColor; if (b !== 'rgba(0, 0, 0, 0)' && b !== 'transparent') return b; } return 'rgb(255, 255, 255)'; })(document.querySelector('iframe[src^="`+s.Base+"/w/"+id+`"]'))`))
			if err != nil {
				t.Fatal(err)
			}
			in := stack.FrameContext(t, step, s.Base+"/w/"+id)
			if _, err := chromedp.Run(in, chromedp.Poll[bool](`!!document.querySelector('.wpfl__item')`)); err != nil {
				t.Fatal(err)
			}
			if r := stack.Contrast(t, in, bg); len(r.Violations) > 0 || r.Passes < 5 {
				t.Errorf("%s visitor, frame %s on %s: %d elements readable, contrast failures: %v", scheme, id, bg, r.Passes, r.Violations)
			}
		}
	}

	rect, err := chromedp.Run(step, chromedp.Evaluate[map[string]float64](`(() => { const f = document.querySelector('iframe.wp-embedded-content');
		f.scrollIntoView({block: 'center', behavior: 'instant'}); const r = f.getBoundingClientRect(); return {x: r.left, y: r.top}; })()`))
	if err != nil {
		t.Fatal(err)
	}
	// Let the compositor place the out-of-process frame after the scroll,
	// or the click lands on the old position.
	if _, err := chromedp.Run(step, chromedp.Evaluate[bool](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => r(true), 200))))`,
		chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	stack.ClickThrough(t, step, rect["x"]+90, rect["y"]+52, s.Host+"/blog/landing", "a click in the post's frame")
	for _, e := range logs.Errors() {
		if strings.Contains(e, s.Base) || strings.Contains(e, "wpfl") {
			t.Errorf("console error from the widget: %s", e)
		}
	}
}

// excerpt shows the part of a page around a marker, for failure messages.
func excerpt(html, marker string) string {
	i := strings.Index(html, marker)
	if i < 0 {
		return html[:min(len(html), 1500)]
	}
	return html[max(0, i-500):min(len(html), i+1500)]
}

// TestRSSBlockListsTheWidget: WordPress's own RSS block, pointed at a
// widget's RSS address (as the dashboard says to), lists its items in the
// real WordPress, with their titles and links, non-Latin ones too. (It
// refused the JSON Feed: "A feed could not be found".)
func TestRSSBlockListsTheWidget(t *testing.T) {
	s := stack.Start(t)
	ctx := context.Background()
	for _, tc := range []struct{ user, kind string }{{wpcomtest.DemoUser, "liked"}, {wpcomtest.WorldUser, "following"}} {
		id := s.Widget(tc.user, tc.kind, 10, "list", "page")
		items := jsonItems(t, s.Base+"/w/"+id+".json")
		var phpLog testutil.SyncBuffer
		wp, err := wordpress.Start(ctx, wordpress.Options{Dir: t.TempDir(), ServiceHost: "127.0.0.1", ServicePort: s.Port, Log: &phpLog})
		if err != nil {
			t.Fatal(err)
		}
		post, err := wp.Post(ctx, "Reading list", wordpress.RSSBlock(s.Base+"/w/"+id+".rss", 20))
		if err != nil {
			wp.Close()
			t.Fatal(err)
		}
		html := get(t, post)
		wp.Close()
		block := excerpt(html, "wp-block-rss")
		if i := strings.Index(html, "<main"); i >= 0 && !strings.Contains(html, "wp-block-rss") {
			block = html[i:min(len(html), i+3000)]
		}
		if strings.Contains(html, "RSS Error") || !strings.Contains(html, `class="wp-block-rss"`) {
			t.Fatalf("%s %s: no list from the RSS block:\n%s", tc.user, tc.kind, block)
		}
		for _, it := range items {
			link := it.URL
			if link == "" {
				link = s.Base + "/w/" + id // no safe address: the widget's page
			}
			if !strings.Contains(html, `href='`+link) && !strings.Contains(html, `href="`+link) || !strings.Contains(html, htmlText(it.Title)) {
				t.Errorf("%s %s: the RSS block lacks %q (%s)", tc.user, tc.kind, it.Title, link)
			}
		}
		t.Logf("%s %s: WordPress's RSS block lists all %d items", tc.user, tc.kind, len(items))
	}
}

// jsonItems are a widget's items as its JSON Feed has them, once it has
// some (a first view starts the fetch).
func jsonItems(t *testing.T, url string) []struct{ URL, Title string } {
	t.Helper()
	var f struct{ Items []struct{ URL, Title string } }
	for deadline := time.Now().Add(10 * time.Second); len(f.Items) == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if err := json.Unmarshal([]byte(get(t, url)), &f); err != nil {
			t.Fatal(err)
		}
	}
	if len(f.Items) == 0 {
		t.Fatalf("%s has no items", url)
	}
	return f.Items
}

// htmlText is s as WordPress prints a title: HTML-escaped, with its
// typographic quotes kept.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

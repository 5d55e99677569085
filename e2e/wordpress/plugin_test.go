package wordpress_test

import (
	"context"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/e2e/wordpress"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestPluginDrawsWidgetsNatively: the plugin (wp-plugin/follow-like-widgets)
// in the real WordPress draws a following widget from a shortcode in a
// post, and a liked widget from its block and from its classic widget in
// the sidebar, in the page's own HTML (no frame, no script of ours) with
// the theme's fonts; the head links the following widget's blogroll; and
// with the service gone and the kept copies expired, the last good copy
// still shows.
func TestPluginDrawsWidgetsNatively(t *testing.T) {
	s := stack.Start(t)
	ctx := context.Background()
	following := s.Widget(wpcomtest.DemoUser, "following", 5, "list", "page")
	liked := s.Widget(wpcomtest.DemoUser, "liked", 3, "list", "page")
	// The plugin reaches the service through a door the test can shut.
	target, _ := url.Parse(s.Base)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	door := &http.Server{Handler: httputil.NewSingleHostReverseProxy(target)}
	go func() { _ = door.Serve(ln) }()
	t.Cleanup(func() { door.Close() })
	base := "http://" + ln.Addr().String()

	var phpLog testutil.SyncBuffer
	doorPort := ln.Addr().(*net.TCPAddr).Port // the only loopback address WordPress may fetch from
	wp, err := wordpress.Start(ctx, wordpress.Options{Dir: t.TempDir(), ServiceHost: "127.0.0.1", ServicePort: doorPort, Log: &phpLog})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(wp.Close)
	if err := wp.Plugin(ctx, filepath.Join("..", "..", "wp-plugin", "follow-like-widgets")); err != nil {
		t.Fatal(err)
	}
	post, err := wp.Post(ctx, "What I read", `<!-- wp:shortcode -->[follow_like_widget url="`+base+`/w/`+following+`"]<!-- /wp:shortcode -->`)
	if err != nil {
		t.Fatal(err)
	}
	if err := wp.Sidebar(ctx, []string{`<!-- wp:follow-like-widgets/widget {"url":"` + base + `/w/` + liked + `"} /-->`}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := wp.PHP(ctx, `update_option('widget_follow_like_widget', ['_multiwidget' => 1, 2 => ['url' => `+phpQuote(base+"/w/"+liked)+`]]);
$sidebars = wp_get_sidebars_widgets(); $area = array_key_first($GLOBALS['wp_registered_sidebars']);
$sidebars[$area][] = 'follow_like_widget-2'; wp_set_sidebars_widgets($sidebars);`); err != nil {
		t.Fatal(err)
	}
	follows, likes := titles(t, s.Base+"/w/"+following+".json"), titles(t, s.Base+"/w/"+liked+".json")
	// The classic widget's form keeps what was typed and says when it is
	// not a widget's address.
	out, err := wp.PHP(ctx, `$w = new Follow_Like_Widget(); $i = $w->update(['url' => ' https://example.com/not-a-widget '], []);
ob_start(); $w->form($i); $form = ob_get_clean();
echo $i['url'], '|', str_contains($form, 'This is not a widget address') ? 'said' : 'silent';`)
	if err != nil || strings.TrimSpace(out) != "https://example.com/not-a-widget|said" {
		t.Errorf("the classic widget's form with a wrong address: %q (%v)", out, err)
	}

	check := func(when string) {
		t.Helper()
		html := get(t, post)
		for _, not := range []string{"<iframe", s.Base + "/w/" + following + ".js", base + "/w/" + liked + ".js"} {
			if strings.Contains(html, not) {
				t.Errorf("%s: the page holds %s", when, not)
			}
		}
		if n := strings.Count(html, `data-kind="following"`); n != 1 {
			t.Errorf("%s: %d following widgets drawn, want the shortcode's", when, n)
		}
		if n := strings.Count(html, `data-kind="liked"`); n != 2 {
			t.Errorf("%s: %d liked widgets drawn, want the block's and the classic widget's:\n%s", when, n, excerpt(html, "follow-like-widgets"))
		}
		for _, title := range append(follows, likes...) {
			if !strings.Contains(html, htmlText(title)) {
				t.Errorf("%s: %q is not on the page", when, title)
			}
		}
		if want := `<link rel="blogroll" type="text/x-opml" href="` + base + `/w/` + following + `.opml"`; strings.Count(html, want) != 1 {
			t.Errorf("%s: the head lacks the blogroll link %s", when, want)
		}
	}
	check("served")

	// In Chromium: the items are the page's own elements, in its fonts.
	step := stack.Step(t, stack.Browser(t))
	if err := chromedp.Do(step, chromedp.Navigate(post)); err != nil {
		t.Fatal(err)
	}
	fonts, err := chromedp.Run(step, chromedp.Poll[[]string](`(() => { const a = document.querySelector('.follow-like-widgets .wp-block-rss__item-title a');
		return a && [getComputedStyle(a).fontFamily, getComputedStyle(a.closest('.entry-content, .widget, body').parentElement).fontFamily]; })()`))
	if err != nil || len(fonts) != 2 || fonts[0] != fonts[1] || fonts[0] == "" {
		t.Errorf("the widget's fonts %v, the theme's around it (%v)", fonts, err)
	}
	stack.Screenshot(t, step, "plugin-in-wordpress", "")

	// The service goes away and the kept copies expire: the last good copy shows.
	door.Close()
	if _, err := wp.PHP(ctx, `foreach ([`+phpQuote(base+"/w/"+following)+`, `+phpQuote(base+"/w/"+liked)+`] as $p) { delete_transient('flw_' . md5($p)); }`); err != nil {
		t.Fatal(err)
	}
	check("with the service gone")
	if strings.Contains(phpLog.String(), "PHP Warning") || strings.Contains(phpLog.String(), "PHP Fatal") {
		t.Errorf("PHP complained:\n%s", phpLog.String())
	}
}

// titles are the items' titles in a widget's JSON Feed, once it has some.
func titles(t *testing.T, url string) []string {
	t.Helper()
	var out []string
	for _, it := range jsonItems(t, url) {
		out = append(out, it.Title)
	}
	return out
}

// phpQuote is s as a PHP single-quoted string.
func phpQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

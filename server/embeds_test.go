package server

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// seedWidget connects a member without the browser dance (a token from the
// simulator, sealed as the callback would) and makes a widget in the store,
// so its cache is cold.
func (e *env) seedWidget(user, kind string, count int, layout, theme string) string {
	e.t.Helper()
	m := e.sim.Member(user)
	if _, err := e.store.Account(context.Background(), m.ID); err != nil {
		tok := wpcom.Token(e.sim.IssueToken("test", user, "global"))
		me := &wpcom.Me{ID: wpcom.ID(m.ID), Username: m.Username, DisplayName: m.DisplayName}
		if _, err := e.svc.Connect(context.Background(), me, tok, "global"); err != nil {
			e.t.Fatal(err)
		}
	}
	id := widgets.NewID()
	w := model.Defaults(model.Kind(kind))
	w.ID, w.AccountID, w.Count, w.Layout, w.Theme = id, m.ID, count, model.Layout(layout), model.Theme(theme)
	if err := e.store.CreateWidget(context.Background(), w, model.MaxPerAccount); err != nil {
		e.t.Fatal(err)
	}
	return id
}

// fetch GETs a public URL with the given request headers.
func fetch(t *testing.T, u string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestColdCacheMakesOneUpstreamCallPerList(t *testing.T) {
	e := newEnv(t)
	following := e.seedWidget(wpcomtest.AvidUser, "following", 20, "list", "auto")
	liked := e.seedWidget(wpcomtest.AvidUser, "liked", 5, "grid", "dark")
	paths := []string{"/w/" + following, "/w/" + following + ".js", "/w/" + following + ".json", "/w/" + following + ".opml",
		"/w/" + liked, "/w/" + liked + ".js", "/w/" + liked + ".json", "/oembed?url=" + url.QueryEscape(e.base+"/w/"+liked)}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 1000}}
	var wg sync.WaitGroup
	failures := make(chan string, 1000)
	start := make(chan struct{})
	for i := range 1000 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			p := paths[i%len(paths)]
			resp, err := client.Get(e.base + p)
			if err != nil {
				failures <- err.Error()
				return
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			want := "Blog number 1"
			switch {
			case strings.HasPrefix(p, "/oembed"):
				want = `"type":"rich"`
			case strings.Contains(p, liked):
				want = "Post 1 of"
			}
			if resp.StatusCode != 200 || !strings.Contains(string(body), want) {
				failures <- fmt.Sprintf("%s: %d %.200s", p, resp.StatusCode, body)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(failures)
	n := 0
	for f := range failures {
		if n++; n <= 5 {
			t.Error(f)
		}
	}
	if n > 5 {
		t.Errorf("… and %d more failures", n-5)
	}
	// One load per list: the liked posts in one page, every followed blog
	// (the blogroll) in as many pages as they take.
	pages := (len(e.sim.Member(wpcomtest.AvidUser).Follows) + wpcom.FollowingPageLimit - 1) / wpcom.FollowingPageLimit
	if f, l := e.sim.Calls(wpcomtest.EndpointFollowing), e.sim.Calls(wpcomtest.EndpointLiked); f != pages || l != 1 {
		t.Errorf("upstream calls: following %d, liked %d; want %d and 1 (%s)", f, l, pages, e.sim.CallSummary())
	}
}

func TestStaleWhileRevalidate(t *testing.T) {
	clk := testutil.NewClock(time.Now())
	e := newEnvClock(t, nil, storetest.FreshSQLite(t), nil, clk)
	id := e.seedWidget(wpcomtest.AvidUser, "liked", 5, "list", "auto")
	resp, body := fetch(t, e.base+"/w/"+id)
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || !strings.Contains(body, "Post 1 of") || etag == "" {
		t.Fatalf("warm-up: %d", resp.StatusCode)
	}
	// Fresh: no more upstream calls, whatever the traffic.
	for range 20 {
		fetch(t, e.base+"/w/"+id)
	}
	if n := e.sim.Calls(wpcomtest.EndpointLiked); n != 1 {
		t.Fatalf("%d calls while fresh", n)
	}
	// The member likes something new; the interval passes; WordPress.com is slow.
	_ = e.sim.Update(wpcomtest.AvidUser, func(m *wpcomtest.Member) {
		p := *m.Likes[0].Post
		p.ID, p.Title, p.URL = 999999, "A brand new like", p.URL+"new/"
		m.Likes = append([]wpcomtest.Like{{Post: &p, Liked: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)}}, m.Likes...)
	})
	e.sim.SetFault(wpcomtest.EndpointLiked, wpcomtest.Fault{Kind: wpcomtest.Slow, Delay: 700 * time.Millisecond})
	clk.Add(refreshInterval + time.Second)
	begin := time.Now()
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, b := fetch(t, e.base+"/w/"+id)
			if r.StatusCode != 200 || r.Header.Get("ETag") != etag || strings.Contains(b, "A brand new like") {
				t.Errorf("during refresh: %d, etag %s (was %s)", r.StatusCode, r.Header.Get("ETag"), etag)
			}
		}()
	}
	wg.Wait()
	if took := time.Since(begin); took > 500*time.Millisecond {
		t.Errorf("visitors waited %v for WordPress.com", took)
	}
	e.sim.ClearFaults()
	deadline := time.Now().Add(5 * time.Second)
	for {
		r, b := fetch(t, e.base+"/w/"+id)
		if strings.Contains(b, "A brand new like") {
			if r.Header.Get("ETag") == etag {
				t.Errorf("new bytes, old ETag")
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the refreshed list never arrived")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := e.sim.Calls(wpcomtest.EndpointLiked); n != 2 {
		t.Errorf("%d liked calls, want 2: one fetch and one refresh (%s)", n, e.sim.CallSummary())
	}
}

func TestUpstreamFailuresKeepTheLastGoodData(t *testing.T) {
	faults := []struct {
		name  string
		apply func(e *env)
	}{
		{"WordPress.com down", func(e *env) { e.sim.Close() }},
		{"throttled", func(e *env) { e.sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.Throttle, RetryAfter: "3600"}) }},
		{"throttled HTML", func(e *env) { e.sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.ThrottleHTML}) }},
		{"5xx", func(e *env) { e.sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 503}) }},
		{"garbage", func(e *env) { e.sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.Garbage}) }},
		{"token revoked", func(e *env) { e.sim.RevokeMember(wpcomtest.DemoUser) }},
	}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			clk := testutil.NewClock(time.Now())
			e := newEnvClock(t, nil, storetest.FreshSQLite(t), nil, clk)
			id := e.seedWidget(wpcomtest.DemoUser, "following", 20, "list", "auto")
			resp, body := fetch(t, e.base+"/w/"+id+".json")
			etag := resp.Header.Get("ETag")
			if resp.StatusCode != 200 || !strings.Contains(body, "WordPress.com News") {
				t.Fatalf("warm-up %d", resp.StatusCode)
			}
			f.apply(e)
			for round := range 3 {
				clk.Add(refreshInterval + 2*time.Hour) // past the interval and any backoff
				for range 5 {
					r, b := fetch(t, e.base+"/w/"+id+".json")
					if r.StatusCode != 200 || r.Header.Get("ETag") != etag || !strings.Contains(b, "WordPress.com News") {
						t.Fatalf("round %d: %d %.100s", round, r.StatusCode, b)
					}
				}
				time.Sleep(30 * time.Millisecond) // let the background refresh fail
			}
			if f.name == "token revoked" {
				a, _ := e.store.Account(context.Background(), 152748359)
				if a.Status != model.StatusNeedsReconnect {
					t.Errorf("account status %q, want needs_reconnect", a.Status)
				}
				if n := e.sim.Calls(wpcomtest.EndpointFollowing); n != 2 {
					t.Errorf("%d following calls: refreshing did not stop after the token was refused", n)
				}
			}
		})
	}
}

func TestEmptyStates(t *testing.T) {
	e := newEnv(t)
	// A revoked token and nothing cached: a polite, briefly cached empty widget.
	id := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	e.sim.RevokeMember(wpcomtest.DemoUser)
	resp, body := fetch(t, e.base+"/w/"+id)
	if resp.StatusCode != 200 || !strings.Contains(body, `wpfl--empty" data-wpfl="`+id+`" hidden>`) || strings.Contains(body, "<h2") || resp.Header.Get("Cache-Control") != ccWaiting {
		t.Errorf("reconnect, no data: %d %q", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	// A member who follows nothing.
	id = e.seedWidget(wpcomtest.NewUser, "following", 20, "grid", "auto")
	resp, body = fetch(t, e.base+"/w/"+id)
	if resp.StatusCode != 200 || !strings.Contains(body, "hidden></section>") {
		t.Errorf("nothing followed: %d", resp.StatusCode)
	}
	// Unless the owner wrote what it should say then, through the form.
	b := e.browser()
	b.login(wpcomtest.NewUser)
	if resp, _ := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}, "empty_text": {"Nothing liked <yet>."}}); resp.StatusCode != http.StatusOK {
		t.Fatalf("creating: %d", resp.StatusCode)
	}
	ws, err := e.store.WidgetsOf(context.Background(), e.sim.Member(wpcomtest.NewUser).ID)
	if err != nil || len(ws) != 2 { // the seeded one, and this
		t.Fatalf("widgets %v, %v", ws, err)
	}
	for _, path := range []string{"", ".js"} {
		_, body := fetch(t, e.base+"/w/"+ws[1].ID+path)
		if !strings.Contains(body, "Nothing liked") || strings.Contains(body, "<yet>") || strings.Contains(body, " hidden>") {
			t.Errorf("/w/ID%s does not say the owner's message, escaped", path)
		}
	}
}

// A widget whose lists have not come yet (its first fetch failed, or waits
// its turn in the budget of calls to WordPress.com) is sent empty and kept
// nowhere, in every format, so no browser or edge keeps it empty; once
// filled in, it is kept as any widget is.
func TestNotFilledInIsKeptNowhere(t *testing.T) {
	clk := testutil.NewClock(time.Now())
	e := newEnvClock(t, nil, storetest.FreshSQLite(t), nil, clk)
	id := e.seedWidget(wpcomtest.DemoUser, "following", 5, "list", "auto")
	e.sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 503})
	paths := []string{"/w/" + id, "/w/" + id + ".js", "/w/" + id + ".json", "/w/" + id + ".opml", "/oembed?url=" + url.QueryEscape(e.base+"/w/"+id)}
	for _, path := range paths {
		resp, body := fetch(t, e.base+path)
		if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || strings.Contains(body, "WordPress.com News") {
			t.Errorf("%s before its first fetch: %d, Cache-Control %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"))
		}
	}
	e.sim.ClearFaults()
	clk.Add(time.Hour) // past the failed fetch's backoff
	for _, path := range paths {
		want := ccWidget
		if strings.HasPrefix(path, "/oembed") {
			want = ccOEmbed
		}
		if resp, _ := fetch(t, e.base+path); resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != want {
			t.Errorf("%s filled in: %d, Cache-Control %q, want %q", path, resp.StatusCode, resp.Header.Get("Cache-Control"), want)
		}
	}
	if _, body := fetch(t, e.base+"/w/"+id); !strings.Contains(body, "WordPress.com News") {
		t.Error("the widget did not fill in")
	}
}

func TestEmbedHeaders(t *testing.T) {
	e := newEnv(t)
	f := e.seedWidget(wpcomtest.DemoUser, "following", 20, "list", "auto")
	l := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	tests := []struct {
		path, ctype string
		framable    bool
	}{
		{"/w/" + f, "text/html; charset=utf-8", true},
		{"/w/" + f + ".js", "text/javascript; charset=utf-8", false},
		{"/w/" + f + ".json", "application/feed+json; charset=utf-8", false},
		{"/w/" + f + ".opml", "text/x-opml; charset=utf-8", false},
		{"/w/" + l + ".atom", "application/atom+xml; charset=utf-8", false},
		{"/w/" + f + ".rss", "application/rss+xml; charset=utf-8", false},
		{"/w/" + f + ".html", "text/html; charset=utf-8", false},
		{"/w/" + f + ".css", "text/css; charset=utf-8", false},
		{"/oembed?format=xml&url=" + url.QueryEscape(e.base+"/w/"+l), "text/xml; charset=utf-8", false},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp, body := fetch(t, e.base+tt.path, "Accept-Encoding", "identity")
			h := resp.Header
			cc := h.Get("Cache-Control")
			etag := h.Get("ETag")
			// A widget is asked for again on every load (and answered 304 when
			// it did not change), so a saved change shows on the next one;
			// oEmbed's answer, which only frames the widget, is kept an hour.
			// An edge in front (nginx) keeps a widget 10 s, oEmbed an hour.
			wantCC, wantEdge := "public, no-cache, s-maxage=10, stale-if-error=86400", "10"
			if strings.HasPrefix(tt.path, "/oembed") {
				wantCC, wantEdge = "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=86400", "3600"
			}
			if got := h.Get("X-Accel-Expires"); got != wantEdge {
				t.Errorf("X-Accel-Expires %q, want %q", got, wantEdge)
			}
			if resp.StatusCode != 200 || h.Get("Content-Type") != tt.ctype || !strings.HasPrefix(etag, `"`) || cc != wantCC ||
				h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Access-Control-Allow-Origin") != "*" || h.Get("Set-Cookie") != "" {
				t.Fatalf("%d %v", resp.StatusCode, h)
			}
			csp := h.Get("Content-Security-Policy")
			if tt.framable && (!strings.Contains(csp, "frame-ancestors *") || h.Get("X-Frame-Options") != "") {
				t.Errorf("frame must be framable: CSP %q XFO %q", csp, h.Get("X-Frame-Options"))
			}
			if !tt.framable && !strings.Contains(csp, "default-src 'none'") {
				t.Errorf("strict CSP missing: %q", csp)
			}
			// Conditional GET.
			r304, b304 := fetch(t, e.base+tt.path, "Accept-Encoding", "identity", "If-None-Match", etag)
			if r304.StatusCode != 304 || b304 != "" || r304.Header.Get("ETag") != etag || r304.Header.Get("Cache-Control") != cc ||
				r304.Header.Get("X-Accel-Expires") != wantEdge { // an edge revalidating keeps its copy as long again
				t.Errorf("If-None-Match: %d %q", r304.StatusCode, r304.Header)
			}
			// Compressed.
			rgz, bgz := fetch(t, e.base+tt.path, "Accept-Encoding", "gzip, deflate, br")
			if len(body) > 256 && (rgz.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(rgz.Header.Get("Vary"), "Accept-Encoding") ||
				len(bgz) >= len(body) || rgz.Header.Get("ETag") == etag) {
				t.Errorf("gzip: %q %q, %d vs %d bytes", rgz.Header.Get("Content-Encoding"), rgz.Header.Get("Vary"), len(bgz), len(body))
			}
			if rq0, _ := fetch(t, e.base+tt.path, "Accept-Encoding", "gzip;q=0"); rq0.Header.Get("Content-Encoding") != "" {
				t.Errorf("gzip;q=0 got gzip")
			}
		})
	}
}

// The HTML fragment is markup alone, for a page that includes it on its
// server: no document, no script, no styles, pictures by full address;
// its stylesheet is at .css, the widget's own.
func TestHTMLFragmentForIncludes(t *testing.T) {
	e := newEnv(t)
	id := e.seedWidget(wpcomtest.DemoUser, "following", 5, "list", "page")
	resp, body := fetch(t, e.base+"/w/"+id+".html")
	if resp.StatusCode != 200 || !strings.HasPrefix(strings.TrimSpace(body), `<section class="wpfl wpfl--following`) ||
		strings.Count(body, `class="wpfl__item"`) != 5 {
		t.Fatalf("%d %.300s", resp.StatusCode, body)
	}
	for _, not := range []string{"<!doctype", "<html", "<script", "<style", "<link", `src="/`} {
		if strings.Contains(strings.ToLower(body), not) {
			t.Errorf("the fragment holds %s", not)
		}
	}
	if _, css := fetch(t, e.base+"/w/"+id+".css"); !strings.Contains(css, ".wpfl{") {
		t.Errorf("the stylesheet: %.200s", css)
	}
}

// A following widget's OPML is the whole blogroll: every public blog its
// member follows, however few the widget shows, without those it hides.
func TestOPMLIsTheWholeBlogroll(t *testing.T) {
	e := newEnv(t)
	id := e.seedWidget(wpcomtest.AvidUser, "following", 10, "list", "page")
	public := 0
	for _, f := range e.sim.Member(wpcomtest.AvidUser).Follows {
		if f.Site != nil && !f.Site.Private {
			public++
		}
	}
	_, body := fetch(t, e.base+"/w/"+id+".opml")
	if n := strings.Count(body, "<outline "); n != public || public < 400 {
		t.Errorf("the OPML of a 10-blog widget has %d outlines, want all %d public follows", n, public)
	}
	if _, feed := fetch(t, e.base+"/w/"+id+".json"); strings.Count(feed, `"id": "wpcom:`) != 10 {
		t.Error("the widget itself no longer shows its 10")
	}
	w, _ := e.store.Widget(context.Background(), id)
	items, titles := feedItems(t, e, id)
	if err := e.store.SetCuration(context.Background(), w.AccountID, id, w.Curation(), model.Curation{Hidden: []string{strings.TrimPrefix(items[0], render.FeedIDPrefix)}}); err != nil {
		t.Fatal(err)
	}
	e.svc.Forget(id)
	var title strings.Builder
	_ = xml.EscapeText(&title, []byte(titles[0]))
	if _, body := fetch(t, e.base+"/w/"+id+".opml"); strings.Count(body, "<outline ") != public-1 || strings.Contains(body, `text="`+title.String()+`"`) {
		t.Errorf("after hiding %q the OPML has %d outlines", titles[0], strings.Count(body, "<outline "))
	}
}

func TestUnknownWidgetsAnswerInKind(t *testing.T) {
	e := newEnv(t)
	l := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	missing := widgets.NewID()
	tests := []struct{ path, ctype, body string }{
		{"/w/" + missing, "text/html; charset=utf-8", "no widget with this address"},
		{"/w/" + missing + ".js", "text/javascript; charset=utf-8", "/* widget not found */"},
		{"/w/" + missing + ".json", "application/json; charset=utf-8", `"error":"not_found"`},
		{"/w/" + missing + ".opml", "text/xml; charset=utf-8", "<error>"},
		{"/w/not-an-id.js", "text/javascript; charset=utf-8", "/* widget not found */"},
		{"/w/" + l + ".opml", "text/xml; charset=utf-8", "Only widgets of blogs you follow"},
		{"/w/" + missing + ".atom", "text/xml; charset=utf-8", "<error>"},
		{"/w/" + missing + ".rss", "text/xml; charset=utf-8", "<error>"},
		{"/w/" + missing + ".html", "text/html; charset=utf-8", "<!-- "},
		{"/w/not-an-id.css", "text/css; charset=utf-8", "/* "},
		{"/w/" + l + ".xml", "text/html; charset=utf-8", "Unknown format"},
	}
	for _, tt := range tests {
		resp, body := fetch(t, e.base+tt.path)
		if resp.StatusCode != 404 || resp.Header.Get("Content-Type") != tt.ctype || !strings.Contains(body, tt.body) {
			t.Errorf("%s: %d %q %.100q", tt.path, resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	}
	// Made-up ids are remembered briefly, within a bound, not looked up every time.
	for range 3 {
		fetch(t, e.base+"/w/"+missing)
	}
}

var oembedHTML = regexp.MustCompile(`^<blockquote><a href="([^"#]+)">([^<]+)</a></blockquote><iframe src="([^"#]+)" width="(\d+)" height="(\d+)" title="([^"]+)" frameborder="0" scrolling="no"></iframe>$`)

func TestOEmbed(t *testing.T) {
	e := newEnv(t)
	id := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "auto")
	page := e.base + "/w/" + id
	resp, body := fetch(t, e.base+"/oembed?url="+url.QueryEscape(page)+"&format=json")
	var o map[string]any
	if err := json.Unmarshal([]byte(body), &o); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%d %v %s", resp.StatusCode, err, body)
	}
	if o["type"] != "rich" || o["version"] != "1.0" || o["provider_name"] != "Follow & Like widgets" || o["title"] != "Posts I Like" {
		t.Errorf("fields %v", o)
	}
	html, _ := o["html"].(string)
	m := oembedHTML.FindStringSubmatch(html)
	if m == nil || m[1] != page || m[3] != page || m[2] != "Posts I Like" || strings.Contains(html, "<script") {
		t.Fatalf("html is not one blockquote and one iframe: %s", html)
	}
	if fmt.Sprint(o["width"]) != m[4] || fmt.Sprint(o["height"]) != m[5] {
		t.Errorf("width/height %v×%v differ from the iframe's %s×%s", o["width"], o["height"], m[4], m[5])
	}
	// maxwidth and maxheight are respected.
	_, body = fetch(t, e.base+"/oembed?url="+url.QueryEscape(page)+"&maxwidth=250&maxheight=210")
	_ = json.Unmarshal([]byte(body), &o)
	if w, h := o["width"].(float64), o["height"].(float64); w > 250 || h > 210 || w <= 0 || h <= 0 {
		t.Errorf("size %v×%v exceeds 250×210", w, h)
	}
	// XML.
	resp, body = fetch(t, e.base+"/oembed?format=xml&url="+url.QueryEscape(page))
	if resp.StatusCode != 200 || !strings.HasPrefix(body, `<?xml version="1.0" encoding="utf-8" standalone="yes"?>`) ||
		!strings.Contains(body, "<type>rich</type>") || !strings.Contains(body, "&lt;iframe") || strings.Contains(body, "<!DOCTYPE") {
		t.Errorf("xml: %d %s", resp.StatusCode, body)
	}
	// Errors.
	for _, tt := range []struct {
		q      string
		status int
	}{
		{"url=" + url.QueryEscape(page) + "&format=yaml", 501},
		{"url=" + url.QueryEscape("https://evil.example/w/"+id), 404},
		{"url=" + url.QueryEscape(e.base+"/w/"+widgets.NewID()), 404},
		{"url=" + url.QueryEscape(e.base+"/dashboard"), 404},
		{"url=" + url.QueryEscape("file:///etc/passwd"), 404},
		{"", 404},
		{"url=" + url.QueryEscape(page) + "&maxwidth=wide", 400},
	} {
		if resp, _ := fetch(t, e.base+"/oembed?"+tt.q); resp.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.q, resp.StatusCode, tt.status)
		}
	}
	// The frame carries the discovery links WordPress looks for.
	_, frame := fetch(t, page)
	for _, typ := range []string{"application/json+oembed", "text/xml+oembed"} {
		re := regexp.MustCompile(`<link rel="alternate" type="` + regexp.QuoteMeta(typ) + `" href="([^"]+)"`)
		mm := re.FindStringSubmatch(frame)
		if mm == nil {
			t.Errorf("no %s discovery link", typ)
			continue
		}
		u, _ := url.Parse(strings.ReplaceAll(mm[1], "&amp;", "&"))
		if u.Path != "/oembed" || u.Query().Get("url") != page || len(u.Query()) != 2 {
			t.Errorf("%s discovery href %s", typ, mm[1])
		}
	}
}

func TestRedirectOnlyToItems(t *testing.T) {
	clk := testutil.NewClock(time.Now())
	e := newEnvClock(t, nil, storetest.FreshSQLite(t), nil, clk)
	id := e.seedWidget(wpcomtest.DemoUser, "liked", 10, "list", "auto")
	other := e.seedWidget(wpcomtest.DemoUser, "liked", 10, "list", "auto")
	goURL := func(id string) string {
		_, frame := fetch(t, e.base+"/w/"+id)
		m := regexp.MustCompile(`data-wpfl-go="([^"]+)"`).FindStringSubmatch(frame)
		if m == nil {
			t.Fatalf("no redirect address in the frame")
		}
		return html.UnescapeString(m[1])
	}
	fromFrame, fromOther := goURL(id), goURL(other)
	plain := e.base + "/w/" + id + "/go?url="
	ok := "https://animalsofpnw.com/2020/09/30/talking-with-your-dog-or-cat/"

	redirects := func(name, u string, headers ...string) {
		t.Helper()
		if resp, _ := fetch(t, u, headers...); resp.StatusCode != 302 || resp.Header.Get("Location") != ok {
			t.Errorf("%s: %d %s", name, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	asks := func(name, u string, headers ...string) {
		t.Helper()
		resp, body := fetch(t, u, headers...)
		if resp.StatusCode != 200 || resp.Header.Get("Location") != "" || !strings.Contains(body, "This link goes to animalsofpnw.com") ||
			!strings.Contains(body, `href="`+ok+`"`) || resp.Header.Get("X-Robots-Tag") != "noindex" {
			t.Errorf("%s: %d %s %.300s", name, resp.StatusCode, resp.Header.Get("Location"), body)
		}
	}
	redirects("a click in a WordPress frame (the frame's token)", fromFrame+url.QueryEscape(ok))
	redirects("a click from our own page", plain+url.QueryEscape(ok), "Sec-Fetch-Site", "same-origin")
	redirects("a click with the frame as referrer", plain+url.QueryEscape(ok), "Referer", e.base+"/w/"+id)
	asks("a link kept in a feed or a mail", plain+url.QueryEscape(ok))
	asks("another site's referrer", plain+url.QueryEscape(ok), "Referer", "https://evil.example/w/"+id, "Sec-Fetch-Site", "cross-site")
	asks("another widget's token", strings.Replace(fromOther, other, id, 1)+url.QueryEscape(ok))
	asks("a forged token", plain[:len(plain)-len("url=")]+"t=AAAA&url="+url.QueryEscape(ok))
	clk.Add(2 * goTokenDay)
	asks("a token past its life", fromFrame+url.QueryEscape(ok))
	redirects("a fresh frame's token", goURL(id)+url.QueryEscape(ok))

	if resp, _ := fetch(t, plain+url.QueryEscape("https://animalsofpnw.com"), "Sec-Fetch-Site", "same-origin"); resp.StatusCode != 302 {
		t.Errorf("site link: %d", resp.StatusCode)
	}
	for _, bad := range []string{"https://evil.example/", "javascript:alert('post')", ok + "x", "//evil.example", ""} {
		if resp, _ := fetch(t, goURL(id)+url.QueryEscape(bad)); resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
			t.Errorf("%q: %d %s", bad, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if resp, _ := fetch(t, e.base+"/w/"+widgets.NewID()+"/go?url="+url.QueryEscape(ok)); resp.StatusCode != 404 {
		t.Errorf("unknown widget: %d", resp.StatusCode)
	}
}

func TestOwnerChangesShowOnTheNextRequest(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"following"}, "title": {"Before"}})
	if _, body := fetch(t, e.base+"/w/"+id); !strings.Contains(body, "Before") {
		t.Fatal("first render")
	}
	b.post("/dashboard/widgets/"+id, url.Values{"title": {"After"}, "layout": {"grid"}})
	_, body := fetch(t, e.base+"/w/"+id)
	if !strings.Contains(body, "After") || !strings.Contains(body, "wpfl__grid") {
		t.Errorf("update not shown")
	}
	b.post("/dashboard/widgets/"+id+"/delete", confirmed)
	if resp, _ := fetch(t, e.base+"/w/"+id+".json"); resp.StatusCode != 404 {
		t.Errorf("deleted widget still served: %d", resp.StatusCode)
	}
	// Disconnecting takes every widget down at once.
	id2 := createWidget(t, b, url.Values{"kind": {"liked"}})
	fetch(t, e.base+"/w/"+id2)
	b.post("/auth/disconnect", nil)
	if resp, _ := fetch(t, e.base+"/w/"+id2); resp.StatusCode != 404 {
		t.Errorf("widget of a disconnected member: %d", resp.StatusCode)
	}
}

// A widget that shows more than was fetched, while the longer fetch
// fails, is sent with what there is and kept by nobody.
func TestShortListIsNotKept(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}, "count": {"3"}})
	if resp, _ := fetch(t, e.base+"/w/"+id+".json"); resp.Header.Get("Cache-Control") != ccWidget {
		t.Fatalf("a whole list: %q", resp.Header.Get("Cache-Control"))
	}
	e.sim.SetFault(wpcomtest.EndpointLiked, wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 503})
	b.post("/dashboard/widgets/"+id, url.Values{"count": {"6"}, "layout": {"list"}, "theme": {"page"}})
	resp, body := fetch(t, e.base+"/w/"+id+".json")
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || strings.Count(body, `"id": "wpcom:`) != 3 {
		t.Errorf("a short list: %d, %q, %d items", resp.StatusCode, resp.Header.Get("Cache-Control"), strings.Count(body, `"id": "wpcom:`))
	}
	// Its oEmbed height is reckoned from the short list: kept by nobody,
	// and consumers told to ask again in a minute.
	resp, body = fetch(t, e.base+"/oembed?url="+url.QueryEscape(e.base+"/w/"+id))
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, `"cache_age":60`) {
		t.Errorf("a short list's oEmbed: %d, %q, %s", resp.StatusCode, resp.Header.Get("Cache-Control"), body)
	}
}

package edge_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// lifetime is how long the edge keeps a widget, as docs/operating.md
// says: an owner's change reaches visitors within it. nginx counts whole
// seconds, so a copy may last into the second after (granularity); margin
// is for the request that sees it, on a busy machine.
const (
	lifetime    = 10 * time.Second
	granularity = time.Second
	margin      = time.Second
)

// replica is one replica of the service, counting the requests that reach
// it past the edge.
type replica struct {
	app *app.App
	srv *http.Server

	mu   sync.Mutex
	seen map[string]int // by path
}

func (r *replica) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	r.seen[req.URL.Path]++
	r.mu.Unlock()
	r.app.Handler.ServeHTTP(w, req)
}

func (r *replica) saw(path string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen[path]
}

// answer is a response as a visitor's client got it; body is decompressed
// when it came gzipped.
type answer struct {
	status int
	h      http.Header
	raw    []byte
	body   string
}

func (a answer) cache() string { return a.h.Get("X-Cache-Status") }

// visitor is a client with no cookies that sends exactly the headers given
// (Go's own transparent gzip is off).
var visitor = &http.Client{Transport: &http.Transport{DisableCompression: true}, Timeout: 10 * time.Second}

func get(t *testing.T, u string, header ...string) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := visitor.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	a := answer{status: resp.StatusCode, h: resp.Header, raw: raw, body: string(raw)}
	if resp.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(raw))
		if err != nil {
			t.Fatalf("GET %s: gzip: %v", u, err)
		}
		plain, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("GET %s: gzip: %v", u, err)
		}
		a.body = string(plain)
	}
	return a
}

// owner is a browser without JavaScript, signed in: a cookie jar.
type owner struct {
	t *testing.T
	c *http.Client
}

func (o *owner) do(method, u string, form url.Values) *http.Response {
	o.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := o.c.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

const gz = "gzip, deflate, br, zstd"

var picture = regexp.MustCompile(`/w/[A-Za-z0-9_-]+/i/[A-Za-z0-9_-]+`)

// TestEdgeCache runs the shipped nginx configuration in front of one
// replica: embeds come from the edge, one copy per encoding; owner pages,
// cookies and credentials go past it; an owner's change shows through it
// within the documented time, also to the first visitor after a quiet
// spell; and with the replica gone it serves the copies it has.
func TestEdgeCache(t *testing.T) {
	t.Log(stack.NginxVersion(t))
	sim := wpcomtest.NewServer(wpcomtest.Options{SelfImages: true})
	t.Cleanup(sim.Close)
	edgeAddr := stack.FreePort(t)
	base := "http://" + edgeAddr // the service's public address is the edge's
	sim.AddApp(wpcomtest.App{ClientID: "31", Secret: "edge-secret", Name: "Widgets behind an edge",
		RedirectURIs: []string{base + "/auth/callback"}})
	a, err := app.New(context.Background(), app.Config{BaseURL: base, DataDir: t.TempDir(), WPCOMURL: sim.URL,
		ClientID: "31", ClientSecret: "edge-secret", RefreshInterval: time.Hour,
		ImageProxy: true, ImageCacheBytes: 64 << 20, ImageAllowPrivate: true, // the simulator's pictures are on loopback
		Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{app: a, seen: map[string]int{}}
	r.srv = &http.Server{Handler: r, ReadHeaderTimeout: 5 * time.Second}
	go r.srv.Serve(ln)
	t.Cleanup(func() { r.srv.Close(); a.Close() })
	stack.StartEdge(t, edgeAddr, []string{ln.Addr().String()}, stack.EdgeOptions{AccessLog: true})

	t.Log("an owner signs in and makes a widget, through the edge")
	jar, _ := cookiejar.New(nil)
	o := &owner{t: t, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
	sim.AutoApprove(wpcomtest.DemoUser)
	resp := o.do(http.MethodGet, base+"/auth/login", nil)
	sim.AutoApprove("")
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/dashboard" || resp.Header.Get("X-Cache-Status") != "" {
		t.Fatalf("sign-in through the edge ended at %s with %d (X-Cache-Status %q)", resp.Request.URL, resp.StatusCode, resp.Header.Get("X-Cache-Status"))
	}
	// Two posts: the demo member's third like is on a private site.
	resp = o.do(http.MethodPost, base+"/dashboard/widgets", url.Values{"kind": {"liked"}, "title": {"Seen through the edge"}, "count": {"2"}})
	id := strings.TrimPrefix(resp.Request.URL.Path, "/dashboard/widgets/")
	if resp.StatusCode != 200 || id == "" || strings.Contains(id, "/") {
		t.Fatalf("making a widget through the edge ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	before := r.saw("/dashboard")
	for range 2 {
		if resp := o.do(http.MethodGet, base+"/dashboard", nil); resp.StatusCode != 200 || resp.Header.Get("X-Cache-Status") != "" {
			t.Errorf("the dashboard through the edge: %d, X-Cache-Status %q", resp.StatusCode, resp.Header.Get("X-Cache-Status"))
		}
		get(t, base+"/dashboard") // signed out: sent to sign in, by the replica each time
	}
	if n := r.saw("/dashboard") - before; n != 4 {
		t.Errorf("the replica saw %d of 4 dashboard requests: owner pages must never come from the edge", n)
	}

	t.Log("visitors: one copy per encoding, kept at the edge")
	frame := base + "/w/" + id
	first := get(t, frame, "Accept-Encoding", gz)
	second := get(t, frame, "Accept-Encoding", gz)
	if first.status != 200 || first.cache() != "MISS" || second.cache() != "HIT" || first.h.Get("Content-Encoding") != "gzip" ||
		!strings.Contains(first.body, "Seen through the edge") || !bytes.Equal(first.raw, second.raw) {
		t.Fatalf("gzip frame: %d %s then %s, encoding %q, same bytes %t: %.200s", first.status, first.cache(), second.cache(),
			first.h.Get("Content-Encoding"), bytes.Equal(first.raw, second.raw), first.body)
	}
	if n := r.saw("/w/" + id); n != 1 {
		t.Errorf("the replica saw %d requests for two of the frame, want 1", n)
	}
	for _, h := range []string{"Access-Control-Allow-Origin", "Content-Security-Policy", "ETag", "Cache-Control"} {
		if first.h.Get(h) == "" || second.h.Get(h) != first.h.Get(h) {
			t.Errorf("%s: %q from the replica, %q from the edge's copy", h, first.h.Get(h), second.h.Get(h))
		}
	}
	if v := second.h.Get("Vary"); v != "Accept-Encoding" {
		t.Errorf("Vary %q: browsers must still keep one copy per encoding", v)
	}
	if x := second.h.Get("X-Accel-Expires"); x != "" || !strings.Contains(second.h.Get("Cache-Control"), "no-cache") {
		t.Errorf("browsers get X-Accel-Expires %q and Cache-Control %q; want none, and no-cache", x, second.h.Get("Cache-Control"))
	}
	plain := get(t, frame)
	plain2 := get(t, frame, "Accept-Encoding", "gzip;q=0, identity")
	if plain.cache() != "MISS" || plain2.cache() != "HIT" || plain.h.Get("Content-Encoding") != "" || plain2.h.Get("Content-Encoding") != "" ||
		plain.body != first.body || plain2.body != first.body {
		t.Errorf("identity frame: %s then %s, encodings %q %q, same widget %t %t", plain.cache(), plain2.cache(),
			plain.h.Get("Content-Encoding"), plain2.h.Get("Content-Encoding"), plain.body == first.body, plain2.body == first.body)
	}
	if other := get(t, frame, "Accept-Encoding", "gzip"); other.cache() != "HIT" || !bytes.Equal(other.raw, first.raw) {
		t.Errorf("another gzip client's Accept-Encoding: %s; one copy serves every gzip client", other.cache())
	}
	if n := r.saw("/w/" + id); n != 2 {
		t.Errorf("the replica saw %d requests for the frame, want 2 (one per encoding)", n)
	}
	nm := get(t, frame, "Accept-Encoding", gz, "If-None-Match", first.h.Get("ETag"))
	nmPlain := get(t, frame, "If-None-Match", plain.h.Get("ETag"))
	if nm.status != 304 || nmPlain.status != 304 || len(nm.raw) != 0 || nm.h.Get("ETag") != first.h.Get("ETag") {
		t.Errorf("If-None-Match through the edge: %d and %d, ETag %q", nm.status, nmPlain.status, nm.h.Get("ETag"))
	}
	if n := r.saw("/w/" + id); n != 2 {
		t.Errorf("the replica saw %d requests for the frame after the 304s, want 2: the edge answers them", n)
	}
	for _, hdr := range [][]string{{"Cookie", "widgets_session=someone"}, {"Authorization", "Bearer someone"}} {
		if p := get(t, frame, "Accept-Encoding", gz, hdr[0], hdr[1]); p.status != 200 || p.cache() != "BYPASS" {
			t.Errorf("a request with %s: %d %s, want it past the edge", hdr[0], p.status, p.cache())
		}
	}
	if n := r.saw("/w/" + id); n != 4 {
		t.Errorf("the replica saw %d requests for the frame, want 4", n)
	}

	feed := base + "/w/" + id + ".json"
	feedCopy := get(t, feed, "Accept-Encoding", gz)
	if feedCopy.status != 200 || feedCopy.cache() != "MISS" || get(t, feed, "Accept-Encoding", gz).cache() != "HIT" {
		t.Errorf("JSON Feed: %d %s", feedCopy.status, feedCopy.cache())
	}
	oembed := base + "/oembed?format=json&url=" + url.QueryEscape(frame)
	if o1, o2 := get(t, oembed), get(t, oembed); o1.status != 200 || o1.cache() != "MISS" || o2.cache() != "HIT" ||
		o2.h.Get("Access-Control-Allow-Origin") != "*" {
		t.Errorf("oEmbed: %d %s then %s, CORS %q", o1.status, o1.cache(), o2.cache(), o2.h.Get("Access-Control-Allow-Origin"))
	}
	if pic := picture.FindString(first.body); pic == "" {
		t.Errorf("the frame shows no picture from the service's host: %.300s", first.body)
	} else if p1, p2 := get(t, base+pic), get(t, base+pic); p1.status != 200 || p2.cache() != "HIT" || !bytes.Equal(p1.raw, p2.raw) {
		t.Errorf("a picture %s: %d %s then %s", pic, p1.status, p1.cache(), p2.cache())
	}

	t.Log("the owner renames the widget")
	o.do(http.MethodPost, base+"/dashboard/widgets/"+id, url.Values{"title": {"Renamed behind the edge"}})
	edited := time.Now()
	if kept := get(t, frame, "Accept-Encoding", gz); kept.cache() != "HIT" || !strings.Contains(kept.body, "Seen through the edge") {
		t.Errorf("right after the change the edge should still answer with its copy: %s", kept.cache())
	}
	// The owner, signed in, goes past the edge and sees the change; what
	// they got is not stored for visitors.
	if own := get(t, frame, "Accept-Encoding", gz, "Cookie", "widgets_session=owner"); own.cache() != "BYPASS" ||
		!strings.Contains(own.body, "Renamed behind the edge") {
		t.Errorf("with a cookie: %s, renamed %t", own.cache(), strings.Contains(own.body, "Renamed behind the edge"))
	}
	if kept := get(t, frame, "Accept-Encoding", gz); kept.cache() != "HIT" || !strings.Contains(kept.body, "Seen through the edge") {
		t.Errorf("a response to a request with a cookie was stored: %s, renamed %t", kept.cache(), strings.Contains(kept.body, "Renamed behind the edge"))
	}

	// A widget being looked at: visitors (the gzip copy) see the change
	// within the lifetime.
	bound := lifetime + granularity + margin
	var took time.Duration
	for {
		v := get(t, frame, "Accept-Encoding", gz)
		took = time.Since(edited)
		if v.status == 200 && strings.Contains(v.body, "Renamed behind the edge") {
			break
		}
		if took > bound {
			t.Fatalf("visitors still see the old title %v after the change (%s), want within %v", took, v.cache(), lifetime)
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Logf("a visitor of a busy widget saw the change after %v", took.Round(10*time.Millisecond))

	// A quiet one: nobody asked for the plain copy since before the
	// change. The first visitor after the documented time (the owner
	// reloading their own page) sees the change, not the old copy.
	time.Sleep(time.Until(edited.Add(bound)))
	quiet := get(t, frame)
	if quiet.status != 200 || !strings.Contains(quiet.body, "Renamed behind the edge") {
		t.Errorf("the first visitor %v after the change got the old copy (%s): an edge copy may not outlive %v",
			time.Since(edited).Round(10*time.Millisecond), quiet.cache(), lifetime)
	}

	t.Log("the replica stops")
	if err := r.srv.Close(); err != nil {
		t.Fatal(err)
	}
	// The feed's copy expired long ago; the edge serves it all the same.
	if stale := get(t, feed, "Accept-Encoding", gz); stale.status != 200 || !bytes.Equal(stale.raw, feedCopy.raw) || stale.cache() != "STALE" {
		t.Errorf("with the replica down, the JSON Feed: %d %s, same copy %t", stale.status, stale.cache(), bytes.Equal(stale.raw, feedCopy.raw))
	}
	if f := get(t, frame); f.status != 200 || !strings.Contains(f.body, "Renamed behind the edge") {
		t.Errorf("with the replica down, the frame: %d %s", f.status, f.cache())
	}
	// What the edge never had, and owner pages, it cannot answer.
	if rss := get(t, base+"/w/"+id+".rss"); rss.status != http.StatusBadGateway {
		t.Errorf("with the replica down, a feed never asked for: %d %s", rss.status, rss.cache())
	}
	if d := get(t, base+"/dashboard"); d.status != http.StatusBadGateway {
		t.Errorf("with the replica down, the dashboard: %d", d.status)
	}
}

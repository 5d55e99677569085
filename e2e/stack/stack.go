// Package stack runs the whole service for end-to-end tests: the service
// (package app) on 127.0.0.1 with the WordPress.com simulator, a host site
// on another origin ("localhost") serving pages the tests write plus
// WordPress's wp-embed.js from Debian's wordpress package, and headless
// Debian Chromium. It fails, never skips, when a part is missing.
package stack

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom"

	"github.com/wpcom-widgets/service/model"

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

const (
	ChromiumPath = "/usr/bin/chromium"
	WPEmbedJS    = "/usr/share/wordpress/wp-includes/js/wp-embed.js"
)

// Stack is the service on 127.0.0.1, the simulator, and a host site on
// "localhost" (another origin) that serves the pages the tests write.
type Stack struct {
	T    testing.TB
	Sim  *wpcomtest.Server
	App  *app.App
	Base string // http://127.0.0.1:port, the service
	Port int    // the service's port
	Host string // http://localhost:port, the other site

	mu    sync.Mutex
	pages map[string]string
	hits  map[string]int
}

// Start runs a stack for one test.
func Start(t testing.TB) *Stack {
	t.Helper()
	for _, need := range []string{ChromiumPath, WPEmbedJS} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%s is needed: run make test, which installs Debian's chromium and wordpress packages (%v)", need, err)
		}
	}
	s := &Stack{T: t, pages: map[string]string{}, hits: map[string]int{}}
	s.Sim = wpcomtest.NewServer(wpcomtest.Options{SelfImages: true})
	t.Cleanup(s.Sim.Close)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Base = "http://" + ln.Addr().String()
	s.Port = ln.Addr().(*net.TCPAddr).Port
	s.Sim.AddApp(wpcomtest.App{ClientID: "77", Secret: "browser-secret", Name: "Widgets in a browser",
		RedirectURIs: []string{s.Base + "/auth/callback"}})
	s.App, err = app.New(context.Background(), app.Config{BaseURL: s.Base, DataDir: t.TempDir(), WPCOMURL: s.Sim.URL,
		ClientID: "77", ClientSecret: "browser-secret", RefreshInterval: time.Minute,
		ImageProxy: true, ImageCacheBytes: 64 << 20, ImageAllowPrivate: true, // the simulator's pictures are on loopback
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s.App.Handler, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); s.App.Close() })

	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(hl.Addr().String())
	s.Host = "http://localhost:" + port
	hsrv := &http.Server{Handler: http.HandlerFunc(s.serveHost), ReadHeaderTimeout: 5 * time.Second}
	go hsrv.Serve(hl)
	t.Cleanup(func() { hsrv.Close() })
	return s
}

// serveHost is the other site: test pages, WordPress's wp-embed.js read
// from the Debian package at test time, and landing pages that count visits.
func (s *Stack) serveHost(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	page, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/wp-embed.js":
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, WPEmbedJS)
	case r.URL.Path == "/favicon.ico":
		w.WriteHeader(http.StatusNoContent)
	case ok:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, page)
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, "<!doctype html><title>landing</title><p>landed on %s</p>", r.URL.Path)
	}
}

// Page publishes html at path on the host site and returns its URL.
func (s *Stack) Page(path, html string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = html
	return s.Host + path
}

// Visits counts requests the host site got for path.
func (s *Stack) Visits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// Widget connects a member (a token from the simulator, sealed as the
// callback would) and makes a widget for them.
func (s *Stack) Widget(user, kind string, count int, layout, theme string) string {
	s.T.Helper()
	id, err := SeedWidget(context.Background(), s.App, s.Sim.Simulator, "77", user, kind, count, layout, theme)
	if err != nil {
		s.T.Fatal(err)
	}
	return id
}

// SeedWidget connects a simulator member to a without the browser dance
// (a token issued by the simulator, sealed as the OAuth callback seals it)
// and makes a widget for them. Demos use it as well as tests.
func SeedWidget(ctx context.Context, a *app.App, sim *wpcomtest.Simulator, clientID, user, kind string, count int, layout, theme string) (string, error) {
	return seedWidget(ctx, a, sim, clientID, user, kind, count, func(w *model.Widget) { w.Layout, w.Theme = model.Layout(layout), model.Theme(theme) })
}

// WidgetWith is Widget with settings of the test's choosing: set is given
// the defaults for kind and count.
func (s *Stack) WidgetWith(user, kind string, count int, set func(*model.Widget)) string {
	s.T.Helper()
	id, err := seedWidget(context.Background(), s.App, s.Sim.Simulator, "77", user, kind, count, set)
	if err != nil {
		s.T.Fatal(err)
	}
	return id
}

func seedWidget(ctx context.Context, a *app.App, sim *wpcomtest.Simulator, clientID, user, kind string, count int, set func(*model.Widget)) (string, error) {
	m := sim.Member(user)
	if m == nil {
		return "", fmt.Errorf("stack: no member %q", user)
	}
	if _, err := a.Store.Account(ctx, m.ID); err != nil {
		tok := wpcom.Token(sim.IssueToken(clientID, user, "global"))
		me := &wpcom.Me{ID: wpcom.ID(m.ID), Username: m.Username, DisplayName: m.DisplayName}
		if _, err := a.Widgets.Connect(ctx, me, tok, "global"); err != nil {
			return "", err
		}
	}
	id := widgets.NewID()
	w := model.Defaults(model.Kind(kind))
	w.ID, w.AccountID, w.Kind, w.Count = id, m.ID, model.Kind(kind), count
	set(&w)
	err := a.Store.CreateWidget(ctx, w, model.MaxPerAccount)
	return id, err
}

// Snippet is one of the snippets the dashboard offers for a widget.
func (s *Stack) Snippet(id, key string) string {
	w, err := s.App.Store.Widget(context.Background(), id)
	if err != nil {
		s.T.Fatalf("no widget %s: %v", id, err)
	}
	for _, sn := range render.Snippets(s.Base, w) {
		if sn.Key == key {
			return sn.Text
		}
	}
	s.T.Fatalf("no %s snippet", key)
	return ""
}

// Browser starts a headless Chromium for one test, with the flags this
// machine needs (no sandbox as root, no background networking) and any
// more a test asks for.
func Browser(t testing.TB, more ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(ChromiumPath),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("user-data-dir", t.TempDir()), chromedp.WindowSize(1280, 900))
	opts = append(opts, more...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		t.Fatalf("starting %s: %v", ChromiumPath, err)
	}
	return ctx
}

// Step bounds one step of a test; the browser itself lives on.
func Step(t testing.TB, ctx context.Context) context.Context {
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// Console collects what pages write to the console, for the
// no-console-errors checks.
type Console struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

// WatchConsole starts collecting the console of the context's page.
func WatchConsole(ctx context.Context) *Console {
	c := &Console{}
	msgs := chromedp.Console(ctx)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			c.mu.Lock()
			c.msgs = append(c.msgs, m)
			c.mu.Unlock()
		}
	}()
	return c
}

// Errors lists uncaught exceptions and console errors so far.
func (c *Console) Errors() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for _, m := range c.msgs {
		if m.IsException() || m.Type == "error" {
			out = append(out, m.String())
		}
	}
	return out
}

// ScreenshotDir is where Screenshot writes, relative to the test's package.
var ScreenshotDir = "screenshots"

// Screenshot writes a PNG of the page (or of the element sel) for people
// to look at.
func Screenshot(t testing.TB, ctx context.Context, name string, sel string) {
	t.Helper()
	var png []byte
	var err error
	if sel == "" {
		png, err = chromedp.Run(ctx, chromedp.FullScreenshot(100))
	} else {
		png, err = chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
	}
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	SavePicture(t, name, png)
}

// SavePicture writes a PNG into ScreenshotDir.
func SavePicture(t testing.TB, name string, png []byte) {
	t.Helper()
	if err := os.MkdirAll(ScreenshotDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(ScreenshotDir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// ClickThrough clicks at x, y and waits up to 10 s for the tab to arrive
// at want, a page on the other side of our redirect. It polls from here: a
// poll in the page does not survive the navigation.
func ClickThrough(t testing.TB, ctx context.Context, x, y float64, want, what string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		loc, _ := chromedp.Run(ctx, chromedp.Location())
		if loc == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not reach %s: at %s", what, want, loc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

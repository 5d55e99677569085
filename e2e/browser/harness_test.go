package browser

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

	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

const (
	chromiumPath = "/usr/bin/chromium"
	wpEmbedJS    = "/usr/share/wordpress/wp-includes/js/wp-embed.js"
)

// stack is the service on 127.0.0.1, the simulator, and a host site on
// "localhost" (another origin) that serves the pages the tests write.
type stack struct {
	t     *testing.T
	sim   *wpcomtest.Server
	app   *app.App
	base  string // http://127.0.0.1:port
	host  string // http://localhost:port
	mu    sync.Mutex
	pages map[string]string
	hits  map[string]int
}

func start(t *testing.T) *stack {
	t.Helper()
	for _, need := range []string{chromiumPath, wpEmbedJS} {
		if _, err := os.Stat(need); err != nil {
			t.Fatalf("%s is needed: run bash .ci/run, which installs Debian's chromium and wordpress packages (%v)", need, err)
		}
	}
	s := &stack{t: t, pages: map[string]string{}, hits: map[string]int{}}
	s.sim = wpcomtest.NewServer(wpcomtest.Options{SelfImages: true})
	t.Cleanup(s.sim.Close)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.base = "http://" + ln.Addr().String()
	s.sim.AddApp(wpcomtest.App{ClientID: "77", Secret: "browser-secret", Name: "Widgets in a browser",
		RedirectURIs: []string{s.base + "/auth/callback"}})
	s.app, err = app.New(context.Background(), app.Config{BaseURL: s.base, DataDir: t.TempDir(), WPCOMURL: s.sim.URL,
		ClientID: "77", ClientSecret: "browser-secret", RefreshInterval: time.Minute,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: s.app.Handler, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close(); s.app.Close() })

	hl, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(hl.Addr().String())
	s.host = "http://localhost:" + port
	hsrv := &http.Server{Handler: http.HandlerFunc(s.serveHost), ReadHeaderTimeout: 5 * time.Second}
	go hsrv.Serve(hl)
	t.Cleanup(func() { hsrv.Close() })
	return s
}

// serveHost is the other site: test pages, WordPress's wp-embed.js read
// from the Debian package at test time, and landing pages that count visits.
func (s *stack) serveHost(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	page, ok := s.pages[r.URL.Path]
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/wp-embed.js":
		w.Header().Set("Content-Type", "text/javascript")
		http.ServeFile(w, r, wpEmbedJS)
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

func (s *stack) page(path, html string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = html
	return s.host + path
}

func (s *stack) visits(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// widget connects a member (token from the simulator, sealed as the
// callback would) and makes a widget for them.
func (s *stack) widget(user, kind string, count int, layout, theme string) string {
	s.t.Helper()
	ctx := context.Background()
	m := s.sim.Member(user)
	tok := s.sim.IssueToken("77", user, "global")
	sealed, err := s.app.Keys.Seal([]byte(tok), store.TokenContext(m.ID))
	if err != nil {
		s.t.Fatal(err)
	}
	if _, err := s.app.Store.Account(ctx, m.ID); err != nil {
		if _, err := s.app.Store.UpsertAccount(ctx, store.Account{ID: m.ID, Username: m.Username, DisplayName: m.DisplayName,
			SealedToken: sealed, Scope: "global"}); err != nil {
			s.t.Fatal(err)
		}
	}
	id := widgets.NewID()
	if err := s.app.Store.CreateWidget(ctx, store.Widget{ID: id, AccountID: m.ID, Kind: kind,
		Title: widgets.Defaults(widgets.Kind(kind)).Title, Count: count, Layout: layout, Theme: theme}); err != nil {
		s.t.Fatal(err)
	}
	return id
}

// browser starts a headless Chromium for one test, with the flags this
// machine needs (no sandbox as root, no background networking).
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromiumPath),
		chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("user-data-dir", t.TempDir()), chromedp.WindowSize(1280, 900))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelA() })
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	return ctx
}

// timeout bounds one step of a test; the browser itself lives on.
func timeout(t *testing.T, ctx context.Context) context.Context {
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(cancel)
	return c
}

// console collects what pages write to the console, for the
// no-console-errors checks.
type console struct {
	mu   sync.Mutex
	msgs []chromedp.ConsoleMessage
}

func watchConsole(ctx context.Context) *console {
	c := &console{}
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

func (c *console) errors() []string {
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

// screenshot writes a PNG to e2e/browser/screenshots for people to look at.
func screenshot(t *testing.T, ctx context.Context, name string, sel string) {
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
	if err := os.MkdirAll("screenshots", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("screenshots", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

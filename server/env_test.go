package server

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// env is a running service on a 127.0.0.1 port, talking to a simulator.
type env struct {
	t     testing.TB
	sim   *wpcomtest.Server
	store store.Store
	keys  *seal.Keyring
	srv   *httptest.Server
	base  string
	logs  *testutil.SyncBuffer
	svc   *widgets.Service
}

// newEnv starts a service on SQLite with its own simulator.
func newEnv(t *testing.T) *env {
	return newEnvWith(t, nil, storetest.FreshSQLite(t), nil)
}

// newEnvWith starts a service on st with keys (new ones when nil); sim may be
// shared between several envs (replicas).
func newEnvWith(t testing.TB, sim *wpcomtest.Server, st store.Store, keys *seal.Keyring) *env {
	return newEnvClock(t, sim, st, keys, nil)
}

// refreshInterval is the tests' WIDGETS_REFRESH_INTERVAL.
const refreshInterval = 10 * time.Minute

// newEnvClock is newEnvWith with the service's clock under the test's control.
func newEnvClock(t testing.TB, sim *wpcomtest.Server, st store.Store, keys *seal.Keyring, clk *testutil.Clock) *env {
	return newEnvOptions(t, sim, st, keys, clk, nil)
}

// newEnvOptions is newEnvClock with server options changed by set.
func newEnvOptions(t testing.TB, sim *wpcomtest.Server, st store.Store, keys *seal.Keyring, clk *testutil.Clock, set func(*Options)) *env {
	t.Helper()
	now := time.Now
	if clk != nil {
		now = clk.Now
	}
	if sim == nil {
		sim = wpcomtest.NewServer(wpcomtest.Options{})
		t.Cleanup(sim.Close)
	}
	if keys == nil {
		var err error
		if keys, err = seal.NewKeyring(seal.GenerateKey()); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	sim.AddApp(wpcomtest.App{ClientID: "4242-" + base, Secret: "secret", Name: "Widgets under test",
		RedirectURIs: []string{base + "/auth/callback"}})
	oauth, err := wpcom.NewOAuth(sim.URL, "4242-"+base, "secret", base+"/auth/callback", nil)
	if err != nil {
		t.Fatal(err)
	}
	logs := &testutil.SyncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	client, err := wpcom.NewClient(wpcom.Options{BaseURL: sim.URL, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	svc := widgets.NewService(widgets.Config{Store: st, API: client, Keys: keys, Interval: refreshInterval, Logger: log, Now: now})
	t.Cleanup(svc.Close)
	opts := Options{BaseURL: base, WPCOMURL: sim.URL, Logger: log, Now: now,
		Store: st, Keyring: keys, OAuth: oauth, Members: client, Widgets: svc}
	if set != nil {
		set(&opts)
	}
	h, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &env{t: t, sim: sim, store: st, keys: keys, srv: srv, base: base, logs: logs, svc: svc}
}

// browser is a cookie-keeping client that records every response, so tests
// can check nothing secret was ever sent to it.
type browser struct {
	e    *env
	c    *http.Client
	seen *testutil.SyncBuffer
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	b := &browser{e: e, seen: &testutil.SyncBuffer{}}
	b.c = &http.Client{Jar: jar, Timeout: 10 * time.Second, Transport: recordingTransport{b.seen}}
	return b
}

type recordingTransport struct{ seen *testutil.SyncBuffer }

func (r recordingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	_ = resp.Header.Write(r.seen)
	r.seen.Write(body)
	r.seen.Write([]byte(resp.Request.URL.String() + "\n"))
	return resp, nil
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.e.t.Helper()
	resp, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.abs(path), nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.e.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.abs(path), strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) abs(path string) string {
	if strings.HasPrefix(path, "http") {
		return path
	}
	return b.e.base + path
}

// noRedirects makes the browser stop at the first redirect.
func (b *browser) noRedirects() *browser {
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return b
}

// login signs in as user through the simulator with auto-approve.
func (b *browser) login(user string) {
	b.e.t.Helper()
	b.e.sim.AutoApprove(user)
	defer b.e.sim.AutoApprove("")
	resp, body := b.get("/auth/login")
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/dashboard" {
		b.e.t.Fatalf("login as %s ended at %s with %d: %.300s", user, resp.Request.URL, resp.StatusCode, body)
	}
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.e.base)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

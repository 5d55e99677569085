package app_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// start runs the wired service on SQLite against a simulator.
func start(t *testing.T) (*app.App, *wpcomtest.Server, string) {
	t.Helper()
	return startWith(t, func(*app.Config) {})
}

// startWith is start with settings of the test's own.
func startWith(t *testing.T, set func(*app.Config)) (*app.App, *wpcomtest.Server, string) {
	t.Helper()
	sim := wpcomtest.NewServer(wpcomtest.Options{LogCalls: true})
	t.Cleanup(sim.Close)
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	sim.AddApp(wpcomtest.App{ClientID: "5", Secret: "s", Name: "app test", RedirectURIs: []string{base + "/auth/callback"}})
	cfg := app.Config{BaseURL: base, DataDir: t.TempDir(), WPCOMURL: sim.URL,
		ClientID: "5", ClientSecret: "s", RefreshInterval: time.Minute}
	set(&cfg)
	a, err := app.New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = a.Handler
	srv.Start()
	t.Cleanup(func() { srv.Close(); a.Close() })
	return a, sim, base
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestMetricsCountRequestsCacheAndUpstream(t *testing.T) {
	a, sim, base := start(t)
	id, err := stack.SeedWidget(context.Background(), a, sim.Simulator, "5", wpcomtest.DemoUser, "following", 3, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if code, _ := get(t, base+"/w/"+id); code != http.StatusOK {
			t.Fatalf("embed answered %d", code)
		}
	}
	get(t, base+"/w/nosuchwidget0000")
	code, body := get(t, base+"/metrics")
	if code != http.StatusOK {
		t.Fatalf("/metrics answered %d", code)
	}
	for _, want := range []string{
		// Routes, not paths: widget ids must not become labels.
		`widgets_http_requests_total{method="GET",route="/w/:file",status="200"} 3`,
		`widgets_http_requests_total{method="GET",route="/w/:file",status="404"} 1`,
		`widgets_upstream_calls_total{endpoint="read/following/mine",outcome="ok"} 1`,
		`widgets_cache_lookups_total{result="miss",tier="memory"} 1`,
		`widgets_cache_lookups_total{result="hit",tier="memory"} 2`,
		`widgets_refresh_duration_seconds_count{outcome="ok"} 1`,
		"go_goroutines ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(body, id) {
		t.Error("a widget id became a label")
	}
	if n := sim.Calls("read/following/mine"); n != 1 {
		t.Errorf("simulator saw %d calls, metrics said 1", n)
	}
}

// WIDGETS_UPSTREAM_RATE reaches the client of a single process: the five
// pages of a blogroll go out a tenth of a second apart at 10 a second,
// and /metrics shows their waits.
func TestUpstreamRateSpacesCalls(t *testing.T) {
	a, sim, base := startWith(t, func(c *app.Config) { c.UpstreamRate = 10 })
	id, err := stack.SeedWidget(context.Background(), a, sim.Simulator, "5", wpcomtest.AvidUser, "following", 3, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, base+"/w/"+id); code != http.StatusOK {
		t.Fatalf("embed answered %d", code)
	}
	calls := sim.CallLog()
	if len(calls) != 5 {
		t.Fatalf("%d calls (%s), want the 5 pages of the blogroll", len(calls), sim.CallSummary())
	}
	// Each page's turn is a tenth of a second after the one before (burst
	// 1), so the fifth is at least 0.4 s after the first, less how late the
	// first went out after its turn (a few milliseconds; 50 allowed).
	if took := calls[4].At.Sub(calls[0].At); took < 350*time.Millisecond {
		t.Errorf("five calls at 10 a second took %v", took)
	}
	_, body := get(t, base+"/metrics")
	for _, want := range []string{"widgets_upstream_budget_wait_seconds_count 5\n", "widgets_upstream_budget_refused_total 0\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
}

// A cold widget whose first fetch is refused by the budget (its turn is
// more than wpcom.MaxBudgetWait off) is served at once, empty, and kept
// nowhere; nothing is sent for it. At one call in 20 s, the second
// member's turn is 20 s off, whatever the machine's speed.
func TestOverBudgetWidgetIsServedUncacheable(t *testing.T) {
	a, sim, base := startWith(t, func(c *app.Config) { c.UpstreamRate = 0.05 })
	first, err := stack.SeedWidget(context.Background(), a, sim.Simulator, "5", wpcomtest.AvidUser, "liked", 3, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	second, err := stack.SeedWidget(context.Background(), a, sim.Simulator, "5", wpcomtest.WorldUser, "liked", 3, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	if code, body := get(t, base+"/w/"+first); code != http.StatusOK || !strings.Contains(body, "Post 1 of the avid reader") {
		t.Fatalf("the first widget, on the budget's first turn: %d", code)
	}
	resp, err := http.Get(base + "/w/" + second)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the second widget, its turn 20 s off: %d, Cache-Control %q, want 200 and no-store", resp.StatusCode, resp.Header.Get("Cache-Control"))
	}
	if n := sim.Calls(wpcomtest.EndpointLiked); n != 1 {
		t.Errorf("%d liked calls, want 1: the refused one is not sent", n)
	}
	if _, body := get(t, base+"/metrics"); !strings.Contains(body, "widgets_upstream_budget_refused_total 1\n") {
		t.Error("/metrics does not count the refused call")
	}
}

func TestReadyzTellsWhetherTheDatabaseAnswers(t *testing.T) {
	a, _, base := start(t)
	if code, body := get(t, base+"/readyz"); code != http.StatusOK || !strings.Contains(body, "database: ok") {
		t.Fatalf("readyz = %d %q, want 200 with database: ok", code, body)
	}
	a.Store.Close()
	code, body := get(t, base+"/readyz")
	if code != http.StatusServiceUnavailable || !strings.Contains(body, "database: not answering") {
		t.Fatalf("readyz with the database closed = %d %q, want 503 saying so", code, body)
	}
}

func TestRedisSettings(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	t.Cleanup(sim.Close)
	cfg := func(redisURL string) app.Config {
		return app.Config{BaseURL: "http://127.0.0.1:1", DataDir: t.TempDir(), WPCOMURL: sim.URL,
			ClientID: "5", ClientSecret: "s", RefreshInterval: time.Minute, RedisURL: redisURL}
	}
	// A URL that cannot work is refused at start, naming the setting.
	if _, err := app.New(context.Background(), cfg("redis://127.0.0.1:notaport/0")); err == nil || !strings.Contains(err.Error(), "WIDGETS_REDIS_URL") {
		t.Errorf("bad URL: %v", err)
	}
	// A Redis that does not answer yet is not fatal: the replica starts on
	// its own cache and says so in /readyz.
	a, err := app.New(context.Background(), cfg("redis://127.0.0.1:1/0"))
	if err != nil {
		t.Fatalf("unreachable Redis stopped the start: %v", err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	if code, body := get(t, srv.URL+"/readyz"); code != http.StatusOK || !strings.Contains(body, "redis: not answering") {
		t.Errorf("readyz = %d %q", code, body)
	}
}

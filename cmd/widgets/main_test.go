package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
)

func TestRunWithoutCredentialsExplainsAndFails(t *testing.T) {
	var stderr bytes.Buffer
	code := run(context.Background(), nil, io.Discard, &stderr, env(nil))
	if code == 0 || !strings.Contains(stderr.String(), "WIDGETS_WPCOM_CLIENT_ID") || !strings.Contains(stderr.String(), "-demo") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestRunHelp(t *testing.T) {
	var stderr bytes.Buffer
	if code := run(context.Background(), []string{"-help"}, io.Discard, &stderr, env(nil)); code != 0 {
		t.Errorf("-help exit %d", code)
	}
	if !strings.Contains(stderr.String(), "WIDGETS_REFRESH_INTERVAL") {
		t.Errorf("help does not list the variables: %s", stderr.String())
	}
}

func TestRunDemoServesAndStopsCleanly(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var logs testutil.SyncBuffer
	done := make(chan int, 1)
	dir := t.TempDir()
	go func() {
		done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", dir + "/data"}, &logs, io.Discard, env(nil))
	}()
	base := waitForBaseURL(t, &logs, done)

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/"); code != 200 || !strings.Contains(body, "Demo") {
		t.Errorf("GET /: %d", code)
	}
	if code, body := get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("GET /healthz: %d %q", code, body)
	}
	// The simulator answers on the same port, with the demo app registered
	// for this service's callback.
	code, body := get("/_wpcom/oauth2/authorize?client_id=1000&response_type=code&scope=global&redirect_uri=" + base + "/auth/callback")
	if code != 200 || !strings.Contains(body, "Approve") {
		t.Errorf("consent page: %d %.200s", code, body)
	}
	if code, _ := get("/_wpcom/rest/v1.1/me"); code != 403 {
		t.Errorf("simulated /me without a token: %d, want 403", code)
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d after shutdown", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("did not shut down")
	}
	if !strings.Contains(logs.String(), "stopped cleanly") {
		t.Errorf("no clean shutdown in the log:\n%s", logs.String())
	}
}

func TestRunReportsBusyPort(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs testutil.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", t.TempDir()}, &logs, io.Discard, env(nil))
	}()
	base := waitForBaseURL(t, &logs, done)
	var second testutil.SyncBuffer
	code := run(context.Background(), []string{"-demo", "-addr", strings.TrimPrefix(base, "http://"), "-data-dir", t.TempDir()},
		&second, io.Discard, env(nil))
	if code != 1 || !strings.Contains(second.String(), "cannot listen") {
		t.Errorf("exit %d, log %s", code, second.String())
	}
}

var baseRe = regexp.MustCompile(`base_url=(http://127\.0\.0\.1:\d+)`)

func waitForBaseURL(t *testing.T, logs *testutil.SyncBuffer, done chan int) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if m := baseRe.FindStringSubmatch(logs.String()); m != nil {
			return m[1]
		}
		select {
		case code := <-done:
			t.Fatalf("exited %d early:\n%s", code, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("never listened:\n%s", logs.String())
	return ""
}

// WIDGETS_REDIS_URL reaches the service: /readyz reports Redis, and the
// log says the shared cache is ready without printing the URL's password.
func TestRunWithRedis(t *testing.T) {
	redistest.Client(t) // fails with a hint when the machine's Redis is not up
	u, err := url.Parse(redistest.URL())
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword("", "not-logged") // a password that must never reach the log (a Redis without one refuses the AUTH, and the connection carries on)
	u.Path = "/15"                              // not the database a local service would use
	ctx, cancel := context.WithCancel(context.Background())
	var logs testutil.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", t.TempDir()},
			&logs, io.Discard, env(map[string]string{"WIDGETS_REDIS_URL": u.String()}))
	}()
	base := waitForBaseURL(t, &logs, done)
	resp, err := http.Get(base + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(body) != "database: ok\nredis: ok\n" {
		t.Errorf("/readyz: %d %q", resp.StatusCode, body)
	}
	cancel()
	<-done
	if !strings.Contains(logs.String(), "shared cache ready") || strings.Contains(logs.String(), "not-logged") {
		t.Errorf("log:\n%s", logs.String())
	}
}

// WIDGETS_METRICS_ADDR moves /metrics off the public port.
func TestRunMetricsOnTheirOwnAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	metricsAddr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var logs testutil.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", t.TempDir(), "-metrics-addr", metricsAddr}, &logs, io.Discard, env(nil))
	}()
	base := waitForBaseURL(t, &logs, done)
	status := func(u string) int {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := status(base + "/metrics"); code != http.StatusNotFound {
		t.Errorf("/metrics on the public port: %d, want 404", code)
	}
	if code := status("http://" + metricsAddr + "/metrics"); code != http.StatusOK {
		t.Errorf("/metrics on WIDGETS_METRICS_ADDR: %d", code)
	}
	cancel()
	<-done
}

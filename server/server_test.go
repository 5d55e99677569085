package server

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestPages(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/", 200, "Connect WordPress.com"},
		{"GET", "/healthz", 200, "ok"},
		{"GET", "/static/app.css", 200, "--accent"},
		{"GET", "/static/dashboard.js", 200, "clipboard"},
		{"GET", "/static/", 404, "There is nothing at this address."}, // no listing of the files
		{"GET", "/static", 404, "There is nothing at this address."},
		{"GET", "/favicon.ico", 200, "<svg"},
		{"GET", "/no/such/page", 404, "There is nothing at this address."},
		{"DELETE", "/", 405, "does not accept that kind of request"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, e.base+tt.path, nil)
			req.RequestURI = ""
			resp, body := b.do(req)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.body) {
				t.Errorf("got %d %.200q, want %d containing %q", resp.StatusCode, body, tt.status, tt.body)
			}
		})
	}
}

func TestOwnerPagesAreNeverFramed(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login("demoreader")
	for _, path := range []string{"/", "/dashboard", "/no/such/page"} {
		resp, _ := b.get(path)
		h := resp.Header
		if !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			h.Get("X-Frame-Options") != "DENY" || h.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, h)
		}
		if path == "/dashboard" && h.Get("Cache-Control") != "no-store" {
			t.Errorf("dashboard may be cached: %q", h.Get("Cache-Control"))
		}
	}
}

func TestAccessLogRedactsSecrets(t *testing.T) {
	e := newEnv(t)
	e.browser().get("/?code=abc123code&state=st4te&keep=visible&Token=tok999")
	out := e.logs.String()
	for _, secret := range []string{"abc123code", "st4te", "tok999"} {
		if strings.Contains(out, secret) {
			t.Errorf("log holds %q: %s", secret, out)
		}
	}
	if !strings.Contains(out, "keep=visible") || !strings.Contains(out, "status=200") {
		t.Errorf("log lacks the request: %s", out)
	}
}

func TestRecoveryTurnsPanicsInto500(t *testing.T) {
	ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) })
	var logs bytes.Buffer
	r := gin.New()
	r.Use((&core{log: slog.New(slog.NewTextHandler(&logs, nil)), ping: func(context.Context) error { return nil }}).recovery())
	r.GET("/boom", func(*gin.Context) { panic("kaboom") })
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.Contains(logs.String(), "kaboom") {
		t.Errorf("got %d, log %s", rec.Code, logs.String())
	}
}

func TestEmbedHitsLogAtDebugOwnerPagesAtInfo(t *testing.T) {
	var logs bytes.Buffer
	e := newEnv(t)
	id := e.seedWidget("demoreader", "liked", 5, "list", "auto")
	h, err := New(Options{BaseURL: e.base, Logger: slog.New(slog.NewTextHandler(&logs, nil)), Store: e.store, Keyring: e.keys,
		OAuth: fakeOAuth{}, Members: fakeMembers{}, Widgets: e.svc})
	if err != nil {
		t.Fatal(err)
	}
	long := "/dashboard/widgets/" + strings.Repeat("x", 5000)
	for _, p := range []string{"/w/" + id, "/w/" + id + ".json", "/static/app.css", "/", "/no/such/page",
		"/oembed?format=yaml&url=x", long} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", e.base+p, nil))
	}
	out := logs.String()
	if strings.Contains(out, "/w/") || strings.Contains(out, "/static/") {
		t.Errorf("embed hits logged at info: %s", out)
	}
	if !strings.Contains(out, "path=/ ") {
		t.Errorf("owner pages not logged: %s", out)
	}
	if strings.Contains(out, "/no/such/page") {
		t.Errorf("an address with no route logged at info: %s", out)
	}
	if strings.Contains(out, "level=ERROR") || strings.Contains(out, "/oembed") {
		t.Errorf("oEmbed's 501 for an unknown format logged as an error: %s", out)
	}
	if !strings.Contains(out, "[5019 bytes]") || strings.Contains(out, strings.Repeat("x", 600)) {
		t.Errorf("a 5 KB path was not cut in the log: %.300s", out)
	}
}

// TestEveryResponseIsGuarded: nosniff everywhere, HEAD where probes use it,
// and no error body repeats what the request sent.
func TestEveryResponseIsGuarded(t *testing.T) {
	e := newEnv(t)
	id := e.seedWidget("demoreader", "liked", 5, "list", "auto")
	marker := "<b>INJECTED-7f3a</b>"
	for _, tc := range []struct {
		method, path string
		status       int
	}{
		{"HEAD", "/", 200},
		{"HEAD", "/healthz", 200},
		{"HEAD", "/readyz", 200},
		{"GET", "/w/" + id, 200},
		{"GET", "/w/" + id + ".json", 200},
		{"GET", "/static/app.css", 200},
		{"GET", "/no/such/" + url.PathEscape(marker), 404},
		{"GET", "/w/" + id + "." + url.PathEscape(marker), 404},
		{"PUT", "/healthz", 405},
		{"GET", "/oembed?format=" + url.QueryEscape(marker) + "&url=" + url.QueryEscape(e.base+"/w/"+id), 501},
		{"GET", "/oembed?url=" + url.QueryEscape("https://evil.example/"+marker), 404},
		{"GET", "/oembed?maxwidth=" + url.QueryEscape(marker) + "&url=" + url.QueryEscape(e.base+"/w/"+id), 400},
		{"GET", "/w/" + id + "/go?url=" + url.QueryEscape(marker), 400},
		{"GET", "/auth/callback?error=invalid_request&error_description=" + url.QueryEscape(marker), 400},
	} {
		req, _ := http.NewRequest(tc.method, e.base+tc.path, nil)
		resp, body := e.browser().noRedirects().do(req)
		if resp.StatusCode != tc.status {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, resp.StatusCode, tc.status)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no nosniff", tc.method, tc.path)
		}
		if strings.Contains(body, "INJECTED") {
			t.Errorf("%s %s: the body repeats the request: %.300s", tc.method, tc.path, body)
		}
	}
	if !strings.Contains(e.logs.String(), "INJECTED-7f3a") {
		t.Error("WordPress.com's error description is not in the log")
	}
}

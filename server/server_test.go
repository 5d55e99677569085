package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func newTestServer(t *testing.T, logs *bytes.Buffer) http.Handler {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, nil))
	}
	h, err := New(Options{BaseURL: "http://127.0.0.1:8080", WPCOMURL: "http://127.0.0.1:8080/_wpcom", Demo: true, Logger: log})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestPages(t *testing.T) {
	h := newTestServer(t, nil)
	tests := []struct {
		method, path string
		status       int
		body         string
	}{
		{"GET", "/", 200, "Your WordPress.com reading"},
		{"GET", "/healthz", 200, "ok"},
		{"GET", "/static/app.css", 200, "--accent"},
		{"GET", "/no/such/page", 404, "There is nothing at this address."},
		{"DELETE", "/", 405, "does not accept that kind of request"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.status || !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("got %d %.200q, want %d containing %q", rec.Code, rec.Body.String(), tt.status, tt.body)
			}
		})
	}
}

func TestOwnerPagesAreNeverFramed(t *testing.T) {
	h := newTestServer(t, nil)
	for _, path := range []string{"/", "/no/such/page"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if !strings.Contains(rec.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") ||
			rec.Header().Get("X-Frame-Options") != "DENY" || rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", path, rec.Header())
		}
	}
}

func TestAccessLogRedactsSecrets(t *testing.T) {
	var logs bytes.Buffer
	h := newTestServer(t, &logs)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/?code=abc123code&state=st4te&keep=visible&Token=tok999", nil))
	out := logs.String()
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
	var logs bytes.Buffer
	r := gin.New()
	r.Use(recovery(slog.New(slog.NewTextHandler(&logs, nil))))
	r.GET("/boom", func(*gin.Context) { panic("kaboom") })
	rec := httptest.NewRecorder()
	r.ServeHTTP(rec, httptest.NewRequest("GET", "/boom", nil))
	if rec.Code != 500 || !strings.Contains(logs.String(), "kaboom") {
		t.Errorf("got %d, log %s", rec.Code, logs.String())
	}
}

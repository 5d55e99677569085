package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A handler that runs past the bound is cut off: the client hears 503 at
// the bound and the handler's context is cancelled. Embeds are left alone.
func TestCutOff(t *testing.T) {
	cancelled := make(chan bool, 1)
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
			cancelled <- true
		case <-time.After(5 * time.Second):
			cancelled <- false
		}
		w.Write([]byte("late"))
	})
	h := cutOff(slow, 50*time.Millisecond)

	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/dashboard", nil))
	if rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "too long") {
		t.Errorf("%d %q, want 503 saying it took too long", rec.Code, rec.Body.String())
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("answered after %v", took)
	}
	if !<-cancelled {
		t.Error("the handler's context was not cancelled")
	}

	fast := cutOff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(100 * time.Millisecond)
		if _, ok := w.(*httptest.ResponseRecorder); !ok {
			t.Errorf("an embed went through the wrapper (%T)", w)
		}
		w.Write([]byte("frame"))
	}), 50*time.Millisecond)
	rec = httptest.NewRecorder()
	fast.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/w/abc", nil))
	if rec.Code != http.StatusOK || rec.Body.String() != "frame" {
		t.Errorf("embed: %d %q", rec.Code, rec.Body.String())
	}
}

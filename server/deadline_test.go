package server

import (
	"io"
	"net"
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

// A body must arrive within the bound: a client that sends its headers
// and then trickles (or stops) cannot hold the connection, on the owner's
// forms nor on an embed it sends a body to. A served body is read whole.
func TestBodyDeadline(t *testing.T) {
	read := make(chan error, 4)
	h := cutOff(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/w/") {
			w.Write([]byte("frame")) // an embed never reads a body
			return
		}
		_, err := io.ReadAll(r.Body)
		read <- err
		w.Write([]byte("saved"))
	}), 300*time.Millisecond)
	srv := httptest.NewServer(h)
	defer srv.Close()

	for _, tc := range []struct{ name, request string }{
		{"a form that stops half way", "POST /dashboard/widgets HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nkind=foll"},
		{"a chunked form that stops", "POST /dashboard/widgets HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nkind="},
		{"an embed sent a body that stops", "GET /w/abc HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nxx"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := c.Write([]byte(tc.request)); err != nil {
				t.Fatal(err)
			}
			// The server gives up on the body and closes the connection,
			// long before the 10 s this test waits at most.
			c.SetReadDeadline(time.Now().Add(10 * time.Second))
			start := time.Now()
			_, err = io.ReadAll(c)
			if err != nil {
				t.Fatalf("the connection stayed open for %v: %v", time.Since(start), err)
			}
			if !strings.HasPrefix(tc.request, "GET") {
				if err := <-read; err == nil {
					t.Error("the handler read a whole body that never came")
				}
			}
		})
	}

	// A body that comes is read whole.
	resp, err := http.Post(srv.URL+"/dashboard/widgets", "application/x-www-form-urlencoded", strings.NewReader("kind=following"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if err := <-read; err != nil || resp.StatusCode != http.StatusOK {
		t.Errorf("a whole body: %d, read %v", resp.StatusCode, err)
	}
}

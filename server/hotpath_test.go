//go:build !race

// The race detector drops a sync.Pool's items at random, Gin's contexts
// among them, so allocations per request are not a fixed number there.

package server

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestCachedHitAllocatesNoMoreThanBareGin holds a cached hit on the
// frame, the script and the JSON Feed (the addresses every page view
// asks for) to what Gin and net/http need anyway: the whole router,
// middleware and metrics included, may allocate no more per hit than a
// bare Gin handler writing the same prepared headers and bytes, measured
// here the same way.
func TestCachedHitAllocatesNoMoreThanBareGin(t *testing.T) {
	h, page := hotRouter(t)
	for _, format := range []string{"", ".js", ".json"} {
		for _, encoding := range []string{"gzip, deflate, br", ""} {
			req, _ := http.NewRequest(http.MethodGet, page+format, nil)
			if encoding != "" {
				req.Header.Set("Accept-Encoding", encoding)
			}
			resp := httptest.NewRecorder()
			h.ServeHTTP(resp, req) // the render, and a plain copy for the client without gzip
			again := httptest.NewRecorder()
			h.ServeHTTP(again, req)
			if resp.Code != http.StatusOK || !bytes.Equal(resp.Body.Bytes(), again.Body.Bytes()) {
				t.Fatalf("%q, Accept-Encoding %q: status %d, or the bytes changed between hits", format, encoding, resp.Code)
			}
			ours := testing.AllocsPerRun(200, hit(h, req))
			floor := testing.AllocsPerRun(200, hit(floorOf(resp), req))
			if ours > floor {
				t.Errorf("GET /w/ID%s, Accept-Encoding %q: %v allocations a hit, a bare Gin handler needs %v", format, encoding, ours, floor)
			}
		}
	}
}

package server

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
)

// heapInUse is the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestMadeUpFormatsKeepNothing: every /w/ID.<made-up extension> once stored
// a new 404 body keyed by the extension, never evicted (300 requests with
// 30 KB names: +27 MB). Now they share one body per type.
func TestMadeUpFormatsKeepNothing(t *testing.T) {
	e := newEnv(t)
	h := e.srv.Config.Handler
	id := e.seedWidget("demoreader", "following", 5, "list", "auto")
	ask := func(i int) {
		ext := strings.Repeat(string(rune('a'+i%26)), 30_000) + strings.Repeat("z", i)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/w/"+id+"."+ext, nil))
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), ext[:100]) {
			t.Fatalf("made-up format: %d %.200s", rec.Code, rec.Body)
		}
	}
	ask(0) // warm up whatever is made once
	before := heapInUse()
	for i := range 300 {
		ask(i)
	}
	after := heapInUse()
	if grew := int64(after) - int64(before); grew > 2<<20 {
		t.Errorf("300 made-up formats grew the heap by %.1f MB; nothing should be kept", float64(grew)/(1<<20))
	}
}

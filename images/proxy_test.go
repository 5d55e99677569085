package images

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
)

// TestProxyFetchesOnceAndRemembersFailures: twenty visitors at once cost
// one fetch; a failure is remembered, not retried on every view; the
// origin is asked for the size first where it can resize.
func TestProxyFetchesOnceAndRemembersFailures(t *testing.T) {
	var hits atomic.Int32
	jpg := photo(t, 300, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/a.jpg", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write(jpg) })
	mux.HandleFunc("/broken.jpg", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); w.Write([]byte("<html>")) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	var failures []string
	var mu sync.Mutex
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), nil, Hooks{
		Failed: func(src string, err error) { mu.Lock(); failures = append(failures, Reason(err)); mu.Unlock() }})

	var wg sync.WaitGroup
	images := make([]Image, 20)
	for i := range images {
		wg.Go(func() {
			img, err := p.Get(context.Background(), origin.URL+"/a.jpg", 80)
			if err != nil {
				t.Error(err)
			}
			images[i] = img
		})
	}
	wg.Wait()
	if n := hits.Load(); n != 1 {
		t.Errorf("20 visitors at once cost %d fetches, want 1", n)
	}
	if images[0].ContentType != "image/jpeg" || len(images[0].Body) == 0 || images[0].ETag == "" || images[19].ETag != images[0].ETag {
		t.Errorf("image %s %d bytes etag %s", images[0].ContentType, len(images[0].Body), images[0].ETag)
	}

	for range 3 {
		if _, err := p.Get(context.Background(), origin.URL+"/broken.jpg", 80); !errors.Is(err, ErrNotImage) {
			t.Errorf("broken: %v", err)
		}
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("a broken picture asked for 3 times cost %d fetches in all, want 2 (one each)", n)
	}
	if len(failures) != 1 || failures[0] != "not_image" {
		t.Errorf("failures reported: %v", failures)
	}
	if Key(origin.URL+"/a.jpg", 80) == Key(origin.URL+"/a.jpg", 64) || len(Key("x", 80)) != 24 {
		t.Error("keys must differ by size and be 24 characters")
	}
}

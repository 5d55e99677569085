package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"runtime"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// Any maxwidth and maxheight a stranger can send, for every kind and
// layout, gets an answer of a sensible size, and leaves nothing running:
// a width with no room for text once made the height estimate loop
// forever (issue 18).
func TestOEmbedAnySize(t *testing.T) {
	e := newEnv(t)
	type widget struct{ id, name string }
	var ws []widget
	for _, kind := range []string{"following", "liked"} {
		for _, layout := range []string{"list", "grid"} {
			id := e.seedWidget(wpcomtest.AvidUser, kind, 10, layout, "auto")
			ws = append(ws, widget{id, kind + "/" + layout})
			fetch(t, e.base+"/w/"+id) // lists fetched, background work settled below
		}
	}
	client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	time.Sleep(200 * time.Millisecond)
	before := runtime.NumGoroutine()

	sizes := []int{-5, 0, 1, 20, 45, 53, 1_000_000_000}
	for _, w := range ws {
		page := url.QueryEscape(e.base + "/w/" + w.id)
		for _, mw := range sizes {
			for _, mh := range sizes {
				for _, format := range []string{"json", "xml"} {
					q := fmt.Sprintf("/oembed?url=%s&maxwidth=%d&maxheight=%d&format=%s", page, mw, mh, format)
					resp, err := client.Get(e.base + q)
					if err != nil {
						t.Fatalf("%s maxwidth=%d maxheight=%d: no answer within 5 s: %v", w.name, mw, mh, err)
					}
					var o struct{ Width, Height int }
					if format == "json" {
						err = json.NewDecoder(resp.Body).Decode(&o)
					}
					resp.Body.Close()
					if resp.StatusCode != http.StatusOK || err != nil {
						t.Fatalf("%s maxwidth=%d maxheight=%d %s: %d %v", w.name, mw, mh, format, resp.StatusCode, err)
					}
					if format == "xml" {
						continue
					}
					wantW, maxH := 320, 1000
					if mw > 0 {
						wantW = min(mw, 600)
					}
					if mh > 0 {
						maxH = min(mh, 1000)
					}
					if o.Width != wantW || o.Height < 1 || o.Height > maxH {
						t.Errorf("%s maxwidth=%d maxheight=%d: %d×%d, want width %d and height 1..%d",
							w.name, mw, mh, o.Width, o.Height, wantW, maxH)
					}
				}
			}
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d goroutines, %d before the requests:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

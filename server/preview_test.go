package server

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// The preview draws unsaved settings, framed only by the dashboard, kept
// nowhere, and saves nothing; bad settings say what to fix.
func TestPreviewDrawsUnsavedSettings(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.browser(), e.browser()
	alice.login(wpcomtest.DemoUser)
	bob.login(wpcomtest.WorldUser)
	id := createWidget(t, alice, url.Values{"kind": {"following"}, "title": {"Saved title"}, "count": {"5"}})
	resp, board := alice.post("/dashboard/widgets/"+id+"/preview", url.Values{"title": {"Unsaved title"}, "count": {"3"}, "layout": {"list"}, "theme": {"dark"}})
	if csp := resp.Header.Get("Content-Security-Policy"); resp.StatusCode != 200 || !strings.Contains(csp, "frame-ancestors 'self'") ||
		resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("board: %d %v", resp.StatusCode, resp.Header)
	}
	// A dark widget on a light page and on a dark one; the light page is hard to read.
	frames := frameSources(board)
	if len(frames) != 2 || !strings.Contains(frames[0], "stage=light") || !strings.Contains(frames[1], "stage=dark") ||
		!strings.Contains(board, "Hard to read") {
		t.Fatalf("board frames %q\n%s", frames, board)
	}
	resp, body := alice.get(frames[1])
	h := resp.Header
	if resp.StatusCode != 200 || !strings.Contains(body, "Unsaved title") || strings.Count(body, `class="wpfl__item"`) != 3 ||
		!strings.Contains(body, "wpfl--dark") || !strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'self'") ||
		strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors *") || h.Get("X-Frame-Options") != "SAMEORIGIN" || h.Get("Cache-Control") != "no-store" {
		t.Fatalf("preview frame: %d %v\n%.400s", resp.StatusCode, h, body)
	}
	// Following the visitor: drawn for each kind of visitor.
	_, board = alice.post("/dashboard/widgets/"+id+"/preview", url.Values{"theme": {"auto"}})
	if frames := frameSources(board); len(frames) != 4 {
		t.Errorf("an auto widget's board has %d frames, want 4", len(frames))
	} else if _, body := alice.get(frames[1]); !strings.Contains(body, "wpfl--dark") {
		t.Error("a visitor who prefers dark does not get the dark colours")
	}
	if _, board := alice.get("/dashboard/widgets/" + id + "/preview"); len(frameSources(board)) == 0 {
		t.Error("the saved board has no frames")
	} else if _, body := alice.get(frameSources(board)[0]); !strings.Contains(body, "Saved title") || strings.Count(body, `class="wpfl__item"`) != 5 {
		t.Errorf("the saved board's frame: %.300s", body)
	}
	// The board of a draft, from its address, as dashboard.js loads it.
	if _, board := alice.get("/dashboard/widgets/" + id + "/preview?draft=1&title=Drafted&count=2"); len(frameSources(board)) == 0 {
		t.Error("the draft board has no frames")
	} else if _, body := alice.get(frameSources(board)[0]); !strings.Contains(body, "Drafted") || strings.Count(body, `class="wpfl__item"`) != 2 {
		t.Errorf("the draft board's frame: %.300s", body)
	}
	// Asked for from another site (a link: the Lax cookie comes along), a
	// preview shows nothing of the address's choosing.
	for _, path := range []string{"/dashboard/widgets/" + id + "/preview?draft=1&title=Evil", frames[0]} {
		req, _ := http.NewRequest(http.MethodGet, alice.abs(path), nil)
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		if resp, body := alice.do(req); resp.StatusCode != http.StatusForbidden || strings.Contains(body, "Evil") || strings.Contains(body, "wpfl") {
			t.Errorf("cross-site %s: %d %.200s", path, resp.StatusCode, body)
		}
	}
	for _, bad := range []string{"?count=500&stage=light", "?stage=nowhere", "?theme=page&site_scheme=dark&stage=light"} {
		if resp, body := alice.get("/dashboard/widgets/" + id + "/preview/frame" + bad); resp.StatusCode < 400 || !strings.Contains(body, "<p") {
			t.Errorf("frame%s: %d %s", bad, resp.StatusCode, body)
		}
	}
	if w, _ := e.store.Widget(context.Background(), id); w.Title != "Saved title" || w.Count != 5 {
		t.Errorf("the preview saved: %q, %d", w.Title, w.Count)
	}
	if _, frame := fetch(t, e.base+"/w/"+id); !strings.Contains(frame, "Saved title") {
		t.Error("the public frame shows the unsaved settings")
	}
	resp, body = alice.post("/dashboard/widgets/"+id+"/preview", url.Values{"count": {"500"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Fix the form to see the preview") || !strings.Contains(body, "from 1 to 50") {
		t.Errorf("a bad count: %d %s", resp.StatusCode, body)
	}
	if resp, _ := bob.post("/dashboard/widgets/"+id+"/preview", url.Values{"title": {"x"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("someone else's preview: %d", resp.StatusCode)
	}
	if resp, _ := bob.get(frames[0]); resp.StatusCode != http.StatusNotFound {
		t.Errorf("someone else's preview frame: %d", resp.StatusCode)
	}
	// Signed out (the session ended while the page was open): a sentence
	// the preview frame can show, not an owner page it may not frame.
	gone := e.browser()
	for _, r := range []func() (*http.Response, string){
		func() (*http.Response, string) {
			return gone.post("/dashboard/widgets/"+id+"/preview", url.Values{"title": {"x"}})
		},
		func() (*http.Response, string) { return gone.get(frames[0]) },
	} {
		if resp, body := r(); resp.StatusCode != http.StatusForbidden || resp.Header.Get("X-Frame-Options") != "SAMEORIGIN" ||
			!strings.Contains(body, "Your session has ended") {
			t.Errorf("signed out: %d %v %s", resp.StatusCode, resp.Header, body)
		}
	}
	if _, page := alice.get("/dashboard/widgets/" + id); !strings.Contains(page, `formaction="/dashboard/widgets/`+id+`/preview" formtarget="preview"`) ||
		!strings.Contains(page, `name="preview"`) {
		t.Error("the widget page has no preview button aimed at its preview frame")
	}
}

// frameSources are the board's frame addresses, as paths.
func frameSources(board string) []string {
	var srcs []string
	for _, m := range regexp.MustCompile(`<iframe src="([^"]+)"`).FindAllStringSubmatch(board, -1) {
		srcs = append(srcs, html.UnescapeString(m[1]))
	}
	return srcs
}

// A member drawing previews faster than anyone types is slowed. The
// clock stands still, so a slow machine refills no budget meanwhile.
func TestPreviewsAreBounded(t *testing.T) {
	clk := testutil.NewClock(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	e := newEnvOptions(t, nil, storetest.FreshSQLite(t, store.WithClock(clk.Now)), nil, clk, nil)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}})
	refused := 0
	for range previewsPerMinute + 5 {
		if resp, _ := b.post("/dashboard/widgets/"+id+"/preview", url.Values{"title": {"x"}}); resp.StatusCode == http.StatusTooManyRequests {
			refused++
			if resp.Header.Get("Retry-After") == "" {
				t.Fatal("no Retry-After")
			}
		}
	}
	if refused == 0 || refused > 10 {
		t.Errorf("%d of %d previews refused, want the few past %d a minute", refused, previewsPerMinute+5, previewsPerMinute)
	}
}

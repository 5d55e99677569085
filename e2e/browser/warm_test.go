package browser

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// gridState is how far a grid frame has come: its cells, the pictures
// shown whole (a thumbnail, not a placeholder), and the pictures' timing.
type gridState struct {
	Cells, Whole int
	// Pictures is how many of the image path's pictures the page fetched;
	// After, the milliseconds from the frame's arrival to the end of the
	// last of them.
	Pictures int
	After    float64
}

// gridNow reads gridState in the frame. A thumbnail is side pixels wide;
// the placeholder, a monogram SVG, is not.
const gridNow = `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const cells = [...document.querySelectorAll('img.wpfl__image')];
  const pics = performance.getEntriesByType('resource').filter(e => e.name.includes('/i/'));
  return {Cells: cells.length, Whole: cells.filter(i => i.complete && i.naturalWidth === SIDE).length,
    Pictures: pics.length, After: Math.max(0, ...pics.map(e => e.responseEnd)) - nav.responseEnd};
})()`

// TestPicturesReadyBeforeVisitors: after a refresh of a member's lists,
// the thumbnails of their 30-picture grid are made in the background, so
// the first visit gets every picture from the cache: no picture's origin
// is asked during it, and the grid is whole within 1 s of the frame.
func TestPicturesReadyBeforeVisitors(t *testing.T) {
	const n = 30
	s := stack.Start(t)
	grid := s.Widget(wpcomtest.AvidUser, "liked", n, "grid", "page")
	// The simulator draws a 2000×1500 photo on its first request, one at
	// a time, for over a second each under the race detector: longer than
	// the proxy waits for an origin's headers on a busy machine. Draw the
	// member's photos now, asking the simulator as the service does, so
	// the test sees what the service does, not how slowly its origin draws.
	c, err := wpcom.NewClient(wpcom.Options{BaseURL: s.Sim.URL})
	if err != nil {
		t.Fatal(err)
	}
	posts, err := c.Liked(context.Background(), wpcom.Token(s.Sim.IssueToken("77", wpcomtest.AvidUser, "global")), n)
	if err != nil || len(posts) != n {
		t.Fatalf("%d liked posts, %v", len(posts), err)
	}
	for _, p := range posts {
		if resp, err := http.Get(p.FeaturedImage); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}

	origin := s.Sim.Calls(wpcomtest.EndpointImages)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := s.App.Widgets.RefreshNow(ctx, s.Sim.Member(wpcomtest.AvidUser).ID); err != nil {
		t.Fatalf("refreshing the member's lists: %v", err)
	}
	// Waiting for the warm-up by its count, not by the clock.
	var warmed map[string]int
	testutil.Eventually(t, 2*time.Minute, "the grid's pictures were never all warmed", func() bool {
		warmed = counters(t, s, "widgets_image_warmups_total")
		return warmed["made"]+warmed["failed"]+warmed["busy"]+warmed["dropped"] >= n
	})
	if warmed["made"] != n {
		t.Fatalf("warm-ups %v; want all %d made", warmed, n)
	}
	if got := s.Sim.Calls(wpcomtest.EndpointImages) - origin; got != n {
		t.Errorf("the warm-up asked the pictures' origin %d times, want once each of %d", got, n)
	}

	before := counters(t, s, "widgets_image_lookups_total")
	origin = s.Sim.Calls(wpcomtest.EndpointImages)

	step := stack.Step(t, stack.Browser(t, chromedp.WindowSize(1280, 1200)))
	// Not waiting for the load event: the test reads the pictures itself.
	if err := chromedp.Do(step, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, cdppage.Navigate, cdppage.NavigateParams{URL: s.Base + "/w/" + grid})
		return err
	})); err != nil {
		t.Fatal(err)
	}
	side := render.ImageSide(model.Widget{Kind: model.Liked, Layout: model.Grid, Display: model.Display{ShowImages: true}})
	var g gridState
	deadline := time.Now().Add(20 * time.Second)
	for {
		var err error
		g, err = chromedp.Run(step, chromedp.Evaluate[gridState](strings.ReplaceAll(gridNow, "SIDE", strconv.Itoa(side))))
		if err == nil && g.Cells == n && g.Whole == n && g.Pictures == n {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the grid never came whole: %+v (%v)", g, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("grid of %d whole %.0f ms after the frame", n, g.After)
	if g.After > 1000 {
		t.Errorf("the grid came whole %.0f ms after the frame, want within 1 s", g.After)
	}
	if got := s.Sim.Calls(wpcomtest.EndpointImages) - origin; got != 0 {
		t.Errorf("the pictures' origin was asked %d times during the visit, want 0", got)
	}
	after := counters(t, s, "widgets_image_lookups_total")
	for result, count := range after {
		if got := count - before[result]; got != 0 && result != "memory" && result != "disk" {
			t.Errorf("%d pictures of the visit were %q, want every one from the cache", got, result)
		}
	}
	if hits := after["memory"] - before["memory"] + after["disk"] - before["disk"]; hits != n {
		t.Errorf("%d of the visit's pictures came from the cache, want %d", hits, n)
	}
	stack.Screenshot(t, step, "warm-grid", ".wpfl")
}

var counterLine = regexp.MustCompile(`(?m)^(\w+)\{result="(\w+)"\} (\d+)$`)

// counters are the values of the counter name by result, from the
// service's /metrics.
func counters(t *testing.T, s *stack.Stack, name string) map[string]int {
	t.Helper()
	resp, err := http.Get(s.Base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	out := map[string]int{}
	for _, m := range counterLine.FindAllStringSubmatch(string(body), -1) {
		if m[1] == name {
			out[m[2]], _ = strconv.Atoi(m[3])
		}
	}
	return out
}

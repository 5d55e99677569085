package browser

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// requestLog is the browser's network log of one page: every request's
// URL and, once loaded, its MIME type and the bytes that crossed the wire.
type requestLog struct {
	mu       sync.Mutex
	urls     map[network.RequestID]string
	mime     map[network.RequestID]string
	received map[network.RequestID]float64
}

func logRequests(t *testing.T, ctx context.Context) *requestLog {
	t.Helper()
	l := &requestLog{urls: map[network.RequestID]string{}, mime: map[network.RequestID]string{}, received: map[network.RequestID]float64{}}
	if err := chromedp.Listen(ctx, func(ev any) {
		l.mu.Lock()
		defer l.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			l.urls[ev.RequestID] = ev.Request.URL
		case *network.EventResponseReceived:
			l.mime[ev.RequestID] = ev.Response.MimeType
		case *network.EventLoadingFinished:
			l.received[ev.RequestID] = ev.EncodedDataLength
		}
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	return l
}

// origins are the origins the page asked anything of.
func (l *requestLog) origins() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for _, u := range l.urls {
		if p, err := url.Parse(u); err == nil && (p.Scheme == "http" || p.Scheme == "https") {
			out[p.Scheme+"://"+p.Host]++
		}
	}
	return out
}

// loaded says whether the request of u has finished.
func (l *requestLog) loaded(u string) bool {
	_, _, ok := l.size(u)
	return ok
}

// size is the bytes received for the request of u, and its MIME type.
func (l *requestLog) size(u string) (float64, string, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for id, v := range l.urls {
		if v == u {
			n, ok := l.received[id]
			return n, l.mime[id], ok
		}
	}
	return 0, "", false
}

// feedImages are a widget's pictures as WordPress.com gave them (its JSON
// Feed keeps the originals).
func feedImages(t *testing.T, s *stack.Stack, id string) []string {
	t.Helper()
	resp, err := http.Get(s.Base + "/w/" + id + ".json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var feed struct{ Items []struct{ Image string } }
	if err := json.Unmarshal(body, &feed); err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range feed.Items {
		if it.Image != "" {
			out = append(out, it.Image)
		}
	}
	return out
}

// TestVisitorsTalkOnlyToThePageAndUs: a page with the script embeds and a
// page with the iframe snippet make requests only to the page's own host
// and the service, by the browser's own network log; a 2000×1500 JPEG
// arrives as a thumbnail of at most 10 KB and every icon in at most 4 KB.
// The pictures' origin (the simulator, on 127.0.0.1 like the service but
// another port) is never asked.
func TestVisitorsTalkOnlyToThePageAndUs(t *testing.T) {
	s := stack.Start(t)
	liked := s.Widget(wpcomtest.DemoUser, "liked", 8, "list", "page")
	following := s.Widget(wpcomtest.DemoUser, "following", 10, "list", "page")
	grid := s.Widget(wpcomtest.DemoUser, "liked", 8, "grid", "page")
	photo := ""
	for _, src := range feedImages(t, s, liked) {
		if strings.HasSuffix(src, "-2000x1500.jpg") {
			photo = src
		}
	}
	if photo == "" || !strings.HasPrefix(photo, s.Sim.URL) {
		t.Fatalf("the demo member's liked posts have no 2000×1500 JPEG from the simulator (%q)", photo)
	}
	icons := feedImages(t, s, following)
	if len(icons) < 5 {
		t.Fatalf("%d icons", len(icons))
	}
	// The simulator draws a picture on its first request, for seconds
	// under the race detector on a busy machine: draw them now, so the
	// test sees what the service sends, not how slowly its origin draws.
	for _, src := range append(append(feedImages(t, s, liked), feedImages(t, s, grid)...), icons...) {
		if strings.HasPrefix(src, s.Sim.URL) {
			if resp, err := http.Get(src); err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
	}

	// One process for the page and its frames, so that one network log
	// holds the frame's requests too (a cross-site frame is otherwise a
	// target of its own, whose first requests a log attached later misses).
	ctx := stack.Browser(t, chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateOrigins,site-per-process"), chromedp.WindowSize(1280, 3000))
	for _, embed := range []string{"script", "iframe"} {
		t.Run(embed, func(t *testing.T) {
			tab, closeTab := chromedp.NewContext(ctx)
			defer closeTab()
			step := stack.Step(t, tab)
			log := logRequests(t, step)
			var snippets strings.Builder
			for _, id := range []string{liked, following, grid} {
				snippets.WriteString(s.Snippet(id, embed))
			}
			page := s.Page("/pictures-"+embed+".html", hostPages[2].html(snippets.String()))
			if err := chromedp.Do(step, chromedp.Navigate(page)); err != nil {
				t.Fatal(err)
			}
			// Wait until every picture of the three widgets has arrived
			// (in the iframe case they load inside cross-origin frames,
			// which the page cannot look into; the network log sees them).
			// Not only the photo and the icons: pictures made before the
			// visit arrive at once, and the count of requests below must
			// not depend on how far the grid had come by then.
			photoURL := s.Base + "/w/" + liked + "/i/" + model.PictureKey(photo, 80)
			side := render.ImageSide(model.Widget{Kind: model.Following, Layout: model.List})
			var wanted []string
			for _, src := range feedImages(t, s, liked) {
				wanted = append(wanted, s.Base+"/w/"+liked+"/i/"+model.PictureKey(src, 80))
			}
			for _, src := range feedImages(t, s, grid) {
				wanted = append(wanted, s.Base+"/w/"+grid+"/i/"+model.PictureKey(src, 192))
			}
			for _, icon := range icons {
				wanted = append(wanted, s.Base+"/w/"+following+"/i/"+model.PictureKey(icon, side))
			}
			for _, u := range wanted {
				for !log.loaded(u) {
					select {
					case <-step.Done():
						t.Fatalf("%s never loaded", u)
					case <-time.After(50 * time.Millisecond):
					}
				}
			}
			origins := log.origins()
			for o := range origins {
				if o != s.Host && o != s.Base {
					t.Errorf("the page asked %s (%d requests); only %s and %s may be asked", o, origins[o], s.Host, s.Base)
				}
			}
			if origins[s.Base] < 20 {
				t.Errorf("only %d requests to the service: %v", origins[s.Base], origins)
			}

			n, mime, ok := log.size(photoURL)
			if !ok || mime != "image/jpeg" || n > 10_000 {
				t.Errorf("the 2000×1500 JPEG arrived as %s of %.0f bytes (loaded: %v), want a JPEG of at most 10 KB", mime, n, ok)
			}
			t.Logf("2000×1500 JPEG: %.0f bytes on the wire", n)
			for _, icon := range icons {
				n, mime, ok := log.size(s.Base + "/w/" + following + "/i/" + model.PictureKey(icon, side))
				if !ok || n > 4_000 {
					t.Errorf("icon %s arrived as %s of %.0f bytes (loaded: %v), want at most 4 KB", icon, mime, n, ok)
				}
			}
			stack.Screenshot(t, step, "pictures-"+embed, "aside")
		})
	}
}

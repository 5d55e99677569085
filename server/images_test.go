package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/images"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// listenOn starts h on addr ("127.0.0.2:0"), counting connections.
func listenOn(t *testing.T, addr string, h http.Handler) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	var conns atomic.Int32
	srv := httptest.NewUnstartedServer(h)
	srv.Listener.Close()
	srv.Listener = ln
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, &conns
}

// TestImagesFromOurOwnHost: every picture a widget shows comes from the
// service, small; each hostile one ends in the item's placeholder with
// nothing stored, and a listener on 127.0.0.1 hears nothing.
func TestImagesFromOurOwnHost(t *testing.T) {
	// An origin playing the public internet on 127.0.0.2 (the simulator's
	// pictures, hostile ones included, and a redirect to loopback), and a
	// private service on 127.0.0.1 that must never be reached.
	private, privateConns := listenOn(t, "127.0.0.1:0", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("secret"))
	}))
	mux := http.NewServeMux()
	mux.Handle("/images/", wpcomtest.New(wpcomtest.Options{}))
	mux.HandleFunc("/to-loopback.png", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, private.URL+"/icon.png", http.StatusFound)
	})
	origin, _ := listenOn(t, "127.0.0.2:0", mux)

	cases := []struct {
		name, icon string
		ok         bool
		reason     string // why it failed (images.Reason)
	}{
		{"icon", origin.URL + "/images/goodicon-512x512.png", true, ""},
		{"loopback listener", private.URL + "/icon.png", false, "refused"},
		{"cloud metadata", "http://169.254.169.254/latest/meta-data/icon.png", false, "refused"},
		{"private network", "http://10.0.0.1/icon.png", false, "refused"},
		{"redirect to loopback", origin.URL + "/to-loopback.png", false, "refused"},
		{"decompression bomb", origin.URL + "/images/hostile/" + wpcomtest.HostileBomb, false, "pixels"},
		{"50 MB body", origin.URL + "/images/hostile/" + wpcomtest.HostileHuge, false, "too_large"},
		{"text/html", origin.URL + "/images/hostile/" + wpcomtest.HostileHTML, false, "not_image"},
		{"redirect to metadata", origin.URL + "/images/hostile/" + wpcomtest.HostileRedirect, false, "refused"},
	}
	at := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	m := &wpcomtest.Member{ID: 7001, Username: "pictures", DisplayName: "Pictures", Email: "p@example.com",
		PrimaryBlogID: 7002, PrimaryBlogURL: "https://pictures.wordpress.com", Joined: at.AddDate(-1, 0, 0)}
	for i, c := range cases {
		site := &wpcomtest.Site{ID: int64(8000 + i), FeedID: int64(9000 + i), Name: c.name, Description: c.name,
			URL: fmt.Sprintf("https://site%d.example", i), FeedURL: fmt.Sprintf("https://site%d.example/feed/", i), Icon: c.icon}
		m.Follows = append(m.Follows, wpcomtest.Follow{SubID: int64(100 + i), Site: site, Subscribed: at.Add(-time.Duration(i) * time.Hour), Shape: wpcomtest.Current})
		if i == 0 {
			m.Likes = append(m.Likes, wpcomtest.Like{Liked: at, Post: &wpcomtest.Post{ID: 1, Site: site, Title: "A photo",
				URL: "https://site0.example/2026/10/photo/", Content: "<p>x</p>", Excerpt: "<p>x</p>", Date: at,
				Author: wpcomtest.Author{ID: 1, Login: "a", Name: "A"}, FeaturedImage: origin.URL + "/images/photo1-2000x1500.jpg",
				FeaturedMedia: map[string]any{}}})
		}
	}
	// The origin draws its pictures on first request (seconds under the
	// race detector on a busy machine, past the fetcher's patience): draw
	// them now, so the test measures the proxy, not the drawing.
	for _, u := range []string{cases[0].icon, origin.URL + "/images/photo1-2000x1500.jpg"} {
		if resp, err := http.Get(u); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
	sim := wpcomtest.NewServer(wpcomtest.Options{Members: []*wpcomtest.Member{m}})
	t.Cleanup(sim.Close)

	var reasons sync.Map      // src → why it failed
	var keptHits atomic.Int32 // thumbnails found kept
	dir := t.TempDir()
	disk, err := images.OpenDisk(dir, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	proxy := images.NewProxy(images.NewFetcher(images.Options{Public: []netip.Prefix{netip.MustParsePrefix("127.0.0.2/32")}}), images.ProxyOptions{Disk: disk,
		Hooks: images.Hooks{Failed: func(src string, err error) { reasons.Store(src, images.Reason(err)) },
			Lookup: func(result string) {
				if result == "memory" || result == "disk" {
					keptHits.Add(1)
				}
			}}})
	var served atomic.Int64
	e := newEnvOptions(t, sim, storetest.FreshSQLite(t), nil, nil, func(o *Options) {
		o.Thumbnails = proxy
		o.ImageServed = func(n int) { served.Add(int64(n)) }
	})
	following := e.seedWidget("pictures", "following", len(cases), "list", "page")
	liked := e.seedWidget("pictures", "liked", 1, "list", "page")

	// Every picture in the frame and the script is under the widget's
	// image path.
	for _, id := range []string{following, liked} {
		for _, path := range []string{"/w/" + id, "/w/" + id + ".js"} {
			resp, body := fetch(t, e.base+path)
			if csp := resp.Header.Get("Content-Security-Policy"); path == "/w/"+id && !strings.Contains(csp, "img-src 'self';") {
				t.Errorf("the frame's CSP lets pictures come from elsewhere: %s", csp)
			}
			body = strings.NewReplacer(`\"`, `"`, `\u003c`, "<").Replace(body)
			for _, m := range imgSrc.FindAllStringSubmatch(body, -1) {
				if !strings.HasPrefix(m[1], e.base+"/w/"+id+"/i/") && !strings.HasPrefix(m[1], "data:image/svg") {
					t.Errorf("%s loads a picture from %s", path, m[1])
				}
			}
		}
	}

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			u := e.base + "/w/" + following + "/i/" + model.PictureKey(c.icon, 64)
			resp, body := fetch(t, u)
			ct, cc := resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			if !c.ok {
				if ct != "image/svg+xml" || !strings.HasPrefix(body, "<svg") || cc != ccPlaceholder {
					t.Errorf("want the placeholder for a short time, got %s (%s): %.80s", ct, cc, body)
				}
				// Nothing of a failure is kept: not on disk, and asked again it
				// is not found in memory.
				pic := model.NewPicture(c.icon, 64)
				before := keptHits.Load()
				proxy.Get(context.Background(), pic, 1)
				if _, err := os.Stat(filepath.Join(dir, pic.Key+".thumb")); err == nil || keptHits.Load() != before {
					t.Error("something was stored")
				}
				if why, _ := reasons.Load(c.icon); why != c.reason {
					t.Errorf("failed for %v, want %s", why, c.reason)
				}
				return
			}
			cfg, format, err := image.DecodeConfig(strings.NewReader(body))
			if err != nil || cfg.Width != 64 || cfg.Height != 64 || len(body) > 4000 || cc != ccImage || resp.Header.Get("ETag") == "" {
				t.Errorf("icon: %s %d×%d %d bytes (%v), %s, etag %q; want 64 px square, at most 4 KB, kept long",
					format, cfg.Width, cfg.Height, len(body), err, cc, resp.Header.Get("ETag"))
			}
			again, _ := fetch(t, u, "If-None-Match", resp.Header.Get("ETag"))
			if again.StatusCode != http.StatusNotModified {
				t.Errorf("revalidation: %d, want 304", again.StatusCode)
			}
		})
	}
	if n := privateConns.Load(); n != 0 {
		t.Errorf("the listener on 127.0.0.1 received %d connections, want none", n)
	}

	// A 2000×1500 JPEG arrives as a thumbnail of at most 10 KB.
	photo := origin.URL + "/images/photo1-2000x1500.jpg"
	resp, body := fetch(t, e.base+"/w/"+liked+"/i/"+model.PictureKey(photo, 80))
	cfg, format, err := image.DecodeConfig(strings.NewReader(body))
	if err != nil || format != "jpeg" || cfg.Width != 80 || len(body) > 10_000 || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Errorf("photo: %s %d×%d %d bytes (%v)", format, cfg.Width, cfg.Height, len(body), err)
	}

	// Only the two good pictures are kept on disk.
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(files) != 2 {
		t.Errorf("files kept: %d, want 2 (the icon and the photo)", len(files))
	}
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		if bytes.Contains(raw, []byte("<svg")) {
			t.Errorf("a placeholder was stored: %s", f)
		}
	}
	if served.Load() < 1000 {
		t.Errorf("bytes served reported: %d", served.Load())
	}

	// Nothing but the widget's own pictures: a made-up key, another
	// widget's picture, an address of our choosing.
	for _, path := range []string{
		"/w/" + following + "/i/" + model.PictureKey("http://169.254.169.254/", 64),
		"/w/" + liked + "/i/" + model.PictureKey(cases[0].icon, 64),
		"/w/" + following + "/i/" + model.PictureKey(photo, 80),
		"/w/" + following + "/i/short",
		"/w/nosuchwidget/i/" + model.PictureKey(cases[0].icon, 64),
	} {
		if resp, _ := fetch(t, e.base+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, resp.StatusCode)
		}
	}

	// The JSON Feed keeps the originals.
	_, feedBody := fetch(t, e.base+"/w/"+liked+".json")
	var feed struct{ Items []struct{ Image string } }
	json.Unmarshal([]byte(feedBody), &feed)
	if len(feed.Items) != 1 || feed.Items[0].Image != photo {
		t.Errorf("feed images: %+v", feed.Items)
	}
}

var imgSrc = regexp.MustCompile(`<img[^>]*\ssrc="([^"]+)"`)

// busyThumbnails is a proxy that never has a picture ready in time, and
// notes whose widget asked.
type busyThumbnails struct{ owners sync.Map }

func (b *busyThumbnails) Get(_ context.Context, _ model.Picture, owner int64) (images.Image, error) {
	b.owners.Store(owner, true)
	return images.Image{}, images.ErrBusy
}

// A picture still being made shows its placeholder for a moment only, and
// the proxy is told whose widget it is for (a member's fair share).
func TestImageBusyIsBrief(t *testing.T) {
	busy := &busyThumbnails{}
	e := newEnvOptions(t, nil, storetest.FreshSQLite(t), nil, nil, func(o *Options) { o.Thumbnails = busy })
	id := e.seedWidget(wpcomtest.DemoUser, "following", 5, "list", "page")
	_, frame := fetch(t, e.base+"/w/"+id)
	var path string
	for _, m := range imgSrc.FindAllStringSubmatch(frame, -1) {
		if strings.HasPrefix(m[1], e.base+"/w/"+id+"/i/") {
			path = m[1]
			break
		}
	}
	if path == "" {
		t.Fatal("no picture in the frame")
	}
	resp, body := fetch(t, path)
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "image/svg+xml") ||
		resp.Header.Get("Cache-Control") != "public, max-age=10" || !strings.Contains(body, "<svg") {
		t.Errorf("busy: %d %s %q", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"))
	}
	owner := e.sim.Member(wpcomtest.DemoUser).ID
	if _, ok := busy.owners.Load(owner); !ok {
		t.Errorf("the proxy was not told the widget's member %d", owner)
	}
}

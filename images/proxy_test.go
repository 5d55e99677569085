package images

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/model"
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
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Hooks: Hooks{
		Failed: func(src string, err error) { mu.Lock(); failures = append(failures, Reason(err)); mu.Unlock() }}})

	var wg sync.WaitGroup
	images := make([]Image, 20)
	for i := range images {
		wg.Go(func() {
			img, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/a.jpg", 80), 1)
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
		if _, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/broken.jpg", 80), 1); !errors.Is(err, ErrNotImage) {
			t.Errorf("broken: %v", err)
		}
	}
	if n := hits.Load(); n != 2 {
		t.Errorf("a broken picture asked for 3 times cost %d fetches in all, want 2 (one each)", n)
	}
	if len(failures) != 1 || failures[0] != "not_image" {
		t.Errorf("failures reported: %v", failures)
	}
	if model.PictureKey(origin.URL+"/a.jpg", 80) == model.PictureKey(origin.URL+"/a.jpg", 64) || len(model.PictureKey("x", 80)) != 24 {
		t.Error("keys must differ by size and be 24 characters")
	}
}

// TestProxyRefreshesAfterAWeek: a blog's icon keeps its URL when it
// changes, so a kept thumbnail a week old is served once more while the
// origin is asked again, and the new picture replaces it.
func TestProxyRefreshesAfterAWeek(t *testing.T) {
	var version, asked atomic.Int32
	mux := http.NewServeMux()
	red, blue := solid(t, 0xff, 0, 0), solid(t, 0, 0, 0xff)
	mux.HandleFunc("/icon.png", func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		switch version.Load() {
		case 0:
			w.Write(red)
		case 1:
			w.Write(blue)
		default:
			w.WriteHeader(http.StatusBadGateway)
		}
	})
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	now := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var clock atomic.Pointer[time.Time]
	clock.Store(&now)
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Now: func() time.Time { return *clock.Load() }})
	first, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/icon.png", 64), 1)
	if err != nil {
		t.Fatal(err)
	}
	version.Store(1)
	later := now.Add(6 * 24 * time.Hour)
	clock.Store(&later)
	if img, _ := p.Get(context.Background(), model.NewPicture(origin.URL+"/icon.png", 64), 1); img.ETag != first.ETag {
		t.Fatal("refreshed before a week")
	}
	week := now.Add(8 * 24 * time.Hour)
	clock.Store(&week)
	if img, _ := p.Get(context.Background(), model.NewPicture(origin.URL+"/icon.png", 64), 1); img.ETag != first.ETag {
		t.Error("the kept thumbnail was not served while refreshing")
	}
	testutil.Eventually(t, 5*time.Second, "the new icon never replaced the old one", func() bool {
		img, _ := p.Get(context.Background(), model.NewPicture(origin.URL+"/icon.png", 64), 1)
		return img.ETag != first.ETag
	})

	// Another week on, the origin fails: the kept icon stays, and the
	// origin is asked once, not on every view.
	version.Store(2)
	twoWeeks := now.Add(16 * 24 * time.Hour)
	clock.Store(&twoWeeks)
	before := asked.Load()
	for range 20 {
		if img, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/icon.png", 64), 1); err != nil || img.ETag == first.ETag {
			t.Fatalf("while the origin fails: %v, or the old icon came back", err)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if n := asked.Load() - before; n != 1 {
		t.Errorf("a failing origin was asked %d times for 20 views, want 1", n)
	}
}

// TestProxyVisitorLeavingFailsNobody: the first visitor leaves while the
// origin is slow; the visitor waiting on the same fetch still gets it.
func TestProxyVisitorLeavingFailsNobody(t *testing.T) {
	release := make(chan struct{})
	jpg := photo(t, 300, 200)
	mux := http.NewServeMux()
	mux.HandleFunc("/slow.jpg", func(w http.ResponseWriter, r *http.Request) { <-release; w.Write(jpg) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{})
	ctx, leave := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := p.Get(ctx, model.NewPicture(origin.URL+"/slow.jpg", 80), 1); first <- err }()
	time.Sleep(50 * time.Millisecond)
	second := make(chan error, 1)
	go func() {
		_, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/slow.jpg", 80), 1)
		second <- err
	}()
	time.Sleep(50 * time.Millisecond)
	leave()
	close(release)
	if err := <-second; err != nil {
		t.Errorf("the visitor who stayed got %v", err)
	}
	<-first
	if !p.kept(model.NewPicture(origin.URL+"/slow.jpg", 80)) {
		t.Error("the thumbnail was not kept")
	}
}

// TestMemoryTierCountsBytes: the memory tier holds bytes, not entries.
func TestMemoryTierCountsBytes(t *testing.T) {
	m := newMemory(10_000)
	for i := range 10 {
		m.add(string(rune('a'+i)), Image{Body: make([]byte, 3000)})
	}
	if m.size > 10_000 || m.lru.Len() != 3 {
		t.Errorf("%d bytes in %d thumbnails, want at most 10,000 in 3", m.size, m.lru.Len())
	}
	m.add("j", Image{Body: make([]byte, 3000)}) // again: counted once
	if m.size != 9000 {
		t.Errorf("after adding a kept key again: %d bytes, want 9000", m.size)
	}
	m.add("huge", Image{Body: make([]byte, 20_000)})
	if m.has("huge") {
		t.Error("a thumbnail over the whole cap was kept")
	}
}

// solid is a 100 px PNG of one colour.
func solid(t *testing.T, r, g, b uint8) []byte {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 100, 100))
	draw.Draw(m, m.Bounds(), &image.Uniform{color.RGBA{r, g, b, 0xff}}, image.Point{}, draw.Src)
	var buf bytes.Buffer
	if err := png.Encode(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestFailuresAreRememberedByKind: a picture that was refused (not an
// image, too big, a refused address) is not asked for again for hours; an
// origin that failed is asked again in minutes.
func TestFailuresAreRememberedByKind(t *testing.T) {
	var asked atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/page.jpg", func(w http.ResponseWriter, r *http.Request) { asked.Add(1); w.Write([]byte("<!doctype html>")) })
	mux.HandleFunc("/down.jpg", func(w http.ResponseWriter, r *http.Request) { asked.Add(1); w.WriteHeader(http.StatusBadGateway) })
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	for path, want := range map[string]time.Duration{"/page.jpg": keepRefusal, "/down.jpg": keepFailure} {
		var now atomic.Int64 // the proxy's clock, moved by the test
		now.Store(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano())
		p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Now: func() time.Time { return time.Unix(0, now.Load()) }})
		src := model.NewPicture(origin.URL+path, 80)
		asked.Store(0)
		if _, err := p.Get(context.Background(), src, 1); err == nil {
			t.Fatalf("%s: no error", path)
		}
		now.Add(int64(want - time.Second))
		if _, err := p.Get(context.Background(), src, 1); err == nil || asked.Load() != 1 {
			t.Errorf("%s: asked %d times within %v, want once", path, asked.Load(), want)
		}
		now.Add(int64(2 * time.Second))
		p.Get(context.Background(), src, 1)
		if asked.Load() != 2 {
			t.Errorf("%s: asked %d times after %v, want again", path, asked.Load(), want)
		}
	}
}

// A visitor waits for a picture being made, however slow its origin
// (within the fetch's own bounds), but only briefly for one that has not
// had its turn: then the placeholder, for a moment.
func TestVisitorWaitsForWorkNotForATurn(t *testing.T) {
	jpg := photo(t, 64, 48)
	mux := http.NewServeMux()
	mux.HandleFunc("/slow.jpg", func(w http.ResponseWriter, r *http.Request) {
		w.Write(jpg[:100]) // the origin answers, then takes longer than a turn is waited for
		w.(http.Flusher).Flush()
		time.Sleep(visitorTurnWait + time.Second)
		w.Write(jpg[100:])
	})
	origin, _ := serveOn(t, "127.0.0.2:0", mux)
	budget := NewBudget(0)
	p := NewProxy(NewFetcher(withPublic(Options{}, "127.0.0.2/32")), ProxyOptions{Budget: budget})
	if img, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/slow.jpg", 80), 2); err != nil || len(img.Body) == 0 {
		t.Errorf("a slow picture that had its turn: %v", err)
	}

	for i := range maxJobsPerOwner { // mallory's turns are all taken
		j, err := budget.admit(context.Background(), "elsewhere"+strconv.Itoa(i), "3") // member 3
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(j.done)
	}
	start := time.Now()
	_, err := p.Get(context.Background(), model.NewPicture(origin.URL+"/slow.jpg?again", 80), 3)
	if took := time.Since(start); !errors.Is(err, ErrBusy) || took > visitorTurnWait+time.Second {
		t.Errorf("a picture without a turn: %v after %v, want ErrBusy after %v", err, took, visitorTurnWait)
	}
}

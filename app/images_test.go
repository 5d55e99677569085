package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

var proxiedSrc = regexp.MustCompile(`src="(http://[^"]+/i/[a-z2-7]{24})"`)

// The wired image proxy: the demo member's liked pictures come from the
// service, made before the first visitor asks once the lists are
// fetched; hostile ones end as placeholders, metrics say so by reason,
// and thumbnails survive a restart on disk.
func TestImageProxyWired(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{SelfImages: true})
	t.Cleanup(sim.Close)
	dir := t.TempDir()
	run := func(proxy bool) (*app.App, string) {
		srv := httptest.NewUnstartedServer(nil)
		base := "http://" + srv.Listener.Addr().String()
		sim.AddApp(wpcomtest.App{ClientID: "5", Secret: "s", Name: "app test", RedirectURIs: []string{base + "/auth/callback"}})
		a, err := app.New(context.Background(), app.Config{BaseURL: base, DataDir: dir, WPCOMURL: sim.URL,
			ClientID: "5", ClientSecret: "s", RefreshInterval: time.Minute,
			ImageProxy: proxy, ImageCacheBytes: 1 << 20, ImageAllowPrivate: true})
		if err != nil {
			t.Fatal(err)
		}
		srv.Config.Handler = a.Handler
		srv.Start()
		t.Cleanup(func() { srv.Close(); a.Close() })
		return a, base
	}
	a, base := run(true)
	liked, err := stack.SeedWidget(context.Background(), a, sim.Simulator, "5", wpcomtest.DemoUser, "liked", 8, "list", "page")
	if err != nil {
		t.Fatal(err)
	}
	following, err := stack.SeedWidget(context.Background(), a, sim.Simulator, "5", wpcomtest.DemoUser, "following", 10, "list", "page")
	if err != nil {
		t.Fatal(err)
	}
	var srcs []string
	for _, id := range []string{liked, following} {
		_, frame := get(t, base+"/w/"+id)
		for _, m := range proxiedSrc.FindAllStringSubmatch(frame, -1) {
			srcs = append(srcs, m[1])
		}
		if strings.Contains(frame, sim.URL) {
			t.Errorf("widget %s's frame names the picture origin %s", id, sim.URL)
		}
	}
	if len(srcs) < 8 {
		t.Fatalf("%d proxied pictures in the frames, want at least 8", len(srcs))
	}
	// Fetching the lists for the first frame had every picture of both
	// widgets made in the background (or refused: the four hostile ones).
	testutil.Eventually(t, time.Minute, "the pictures were never all warmed", func() bool {
		_, metrics := get(t, base+"/metrics")
		return counter(metrics, "widgets_image_warmups_total", "made") == len(srcs)-4 &&
			counter(metrics, "widgets_image_warmups_total", "failed") == 4
	})
	// Each picture twice, as two visitors would. A picture without its
	// turn after 5 s (a loaded machine, the race detector) is a
	// placeholder for 10 s, which a browser asks for again: so does the
	// test.
	svgs, busy := 0, 0
	for _, u := range srcs {
		for range 2 {
			for deadline := time.Now().Add(30 * time.Second); ; {
				resp, err := http.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("%s: %d", u, resp.StatusCode)
				}
				if resp.Header.Get("Cache-Control") == "public, max-age=10" && time.Now().Before(deadline) {
					busy++
					time.Sleep(100 * time.Millisecond)
					continue
				}
				if resp.Header.Get("Content-Type") == "image/svg+xml" {
					svgs++
				}
				break
			}
		}
	}
	if svgs != 2*4 { // road.jpg (HTML), fog.jpg (50 MB), the bomb icon, the redirect to metadata
		t.Errorf("%d placeholders served, want 8 (four hostile pictures, twice each)", svgs)
	}
	_, metrics := get(t, base+"/metrics")
	for _, want := range []string{
		`widgets_image_failures_total{reason="not_image"} 1`,
		`widgets_image_failures_total{reason="too_large"} 1`,
		`widgets_image_failures_total{reason="pixels"} 1`,
		`widgets_image_failures_total{reason="refused"} 1`,
		`widgets_image_bytes_total{direction="fetched"}`,
		`widgets_image_bytes_total{direction="served"}`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// Every ask of each picture found it in memory, or remembered its
	// failure: none was fetched for a visitor.
	memory, failed := lookups(metrics, "memory"), lookups(metrics, "failed")
	if memory != 2*(len(srcs)-4) || failed != 2*4 || busy != 0 || lookups(metrics, "miss")+lookups(metrics, "shared") != 0 {
		t.Errorf("lookups: %d in memory, %d failures remembered, %d fetched, %d shared, with %d busy answers; want %d, 8 and none",
			memory, failed, lookups(metrics, "miss"), lookups(metrics, "shared"), busy, 2*(len(srcs)-4))
	}
	files, _ := filepath.Glob(filepath.Join(dir, "images", "*"))
	if len(files) != len(srcs)-4 {
		t.Errorf("%d thumbnails on disk, want %d", len(files), len(srcs)-4)
	}
	a.Close()

	// A restart finds them on disk; with the proxy off, nothing is proxied.
	a2, base2 := run(true)
	u := strings.Replace(srcs[0], base, base2, 1)
	if code, _ := get(t, u); code != http.StatusOK {
		t.Fatalf("after a restart: %d", code)
	}
	if _, metrics := get(t, base2+"/metrics"); !strings.Contains(metrics, `widgets_image_lookups_total{result="disk"} 1`) {
		t.Error("the restarted service did not find the thumbnail on disk")
	}
	a2.Close()
	asked := sim.Calls(wpcomtest.EndpointImages)
	_, base3 := run(false)
	_, frame := get(t, base3+"/w/"+liked)
	if proxiedSrc.MatchString(frame) {
		t.Error("with the proxy off the frame still points at the image path")
	}
	// A warm-up would have counted the thumbnails kept on disk within
	// the load, before the frame came back.
	if _, metrics := get(t, base3+"/metrics"); strings.Contains(metrics, "widgets_image_warmups_total") || sim.Calls(wpcomtest.EndpointImages) != asked {
		t.Error("with the proxy off, fetching the lists had pictures made")
	}
	if code, _ := get(t, strings.Replace(srcs[0], base, base3, 1)); code != http.StatusNotFound {
		t.Errorf("image path with the proxy off: %d, want 404", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "images")); err != nil {
		t.Error(err)
	}
}

// lookups is widgets_image_lookups_total{result} in a /metrics page.
func lookups(metrics, result string) int {
	return counter(metrics, "widgets_image_lookups_total", result)
}

// counter is name{result} in a /metrics page (0 when absent).
func counter(metrics, name, result string) int {
	m := regexp.MustCompile(name + `\{result="` + result + `"\} (\d+)`).FindStringSubmatch(metrics)
	if m == nil {
		return 0
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/metrics"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// discard is a ResponseWriter that keeps nothing, so the benchmark measures
// the service, not a recorder.
type discard struct {
	h      http.Header
	status int
	n      int
}

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) WriteHeader(s int)           { d.status = s }
func (d *discard) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

// hotRouter is the router as production runs it (logging at info, to a
// sink; every request counted in the Prometheus metrics), over a warm
// 20-item following widget, on a clock that stands still (no new day's
// token mid-test); it returns the router and the widget's address.
func hotRouter(tb testing.TB) (http.Handler, string) {
	clk := testutil.NewClock(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	e := newEnvClock(tb, nil, storetest.FreshSQLite(tb), nil, clk)
	id := e.seedWidget(wpcomtest.AvidUser, "following", 20, "list", "auto")
	m := metrics.New()
	h, err := New(Options{BaseURL: e.base, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: e.store,
		Keyring: e.keys, OAuth: fakeOAuth{}, Members: fakeMembers{}, Widgets: e.svc, Now: clk.Now,
		Metrics: m, MetricsHandler: m.Handler()})
	if err != nil {
		tb.Fatal(err)
	}
	return h, e.base + "/w/" + id
}

// floorOf is the floor for a response: a bare Gin engine, no middleware
// and no lookups, sending the same status, headers and bytes, its
// headers prepared once; what ../shared/bench/floor serves to wrk.
func floorOf(resp *httptest.ResponseRecorder) http.Handler {
	pre := resp.Header().Clone()
	body := resp.Body.Bytes()
	r := gin.New()
	r.NoRoute(func(c *gin.Context) {
		h := c.Writer.Header()
		for k, v := range pre {
			h[k] = v
		}
		c.Writer.WriteHeader(resp.Code)
		_, _ = c.Writer.Write(body)
	})
	return r
}

// hit serves req to a writer that keeps nothing, as often as asked.
func hit(h http.Handler, req *http.Request) func() {
	w := &discard{h: http.Header{}}
	return func() {
		clear(w.h)
		w.status, w.n = 0, 0
		h.ServeHTTP(w, req)
	}
}

// BenchmarkCachedHit is a warm hit on the frame, the script and the JSON
// Feed of a 20-item widget through the whole router, beside the floor: a
// bare Gin handler sending the same headers and bytes. ns/op of the two
// is the overhead of our own code, in process (../shared/bench/
// embed-vs-floor.sh measures it over the network).
func BenchmarkCachedHit(b *testing.B) {
	h, page := hotRouter(b)
	for _, format := range []string{"", ".js", ".json"} {
		req, _ := http.NewRequest(http.MethodGet, page+format, nil)
		req.Header.Set("Accept-Encoding", "gzip, deflate, br")
		resp := httptest.NewRecorder()
		h.ServeHTTP(resp, req) // warm: the one upstream fetch and render
		if resp.Code != http.StatusOK {
			b.Fatalf("%s: status %d", format, resp.Code)
		}
		name := map[string]string{"": "frame", ".js": "script", ".json": "jsonfeed"}[format]
		for _, tc := range []struct {
			name string
			h    http.Handler
		}{{name, h}, {name + "-floor", floorOf(resp)}} {
			b.Run(tc.name, func(b *testing.B) {
				serve := hit(tc.h, req)
				b.ReportAllocs()
				for b.Loop() {
					serve()
				}
			})
			// As a server meets them: hits on every core at once, where
			// locks and shared counters cost what one core alone never
			// shows.
			b.Run(tc.name+"-parallel", func(b *testing.B) {
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					serve := hit(tc.h, req)
					for pb.Next() {
						serve()
					}
				})
			})
		}
	}
}

// BenchmarkCachedEmbed is a warm GET /w/{id} of a 50-item widget through
// the whole router (middleware, access log, handler), as a visitor's
// browser asks for it.
func BenchmarkCachedEmbed(b *testing.B) {
	for _, tc := range []struct {
		name, suffix, encoding string
		noMetrics              bool // the baseline that shows what counting requests costs
	}{
		{"frame-gzip", "", "gzip, deflate, br", false},
		{"frame-gzip-uncounted", "", "gzip, deflate, br", true},
		{"frame-plain", "", "", false},
		{"script-gzip", ".js", "gzip", false},
		{"json-gzip", ".json", "gzip", false},
	} {
		b.Run(tc.name, func(b *testing.B) {
			e := newEnvWith(b, nil, storetest.FreshSQLite(b), nil)
			id := e.seedWidget(wpcomtest.AvidUser, "following", 50, "list", "auto")
			// The router as production runs it: logging at info, to a sink,
			// and every request counted in the Prometheus metrics.
			opts := Options{BaseURL: e.base, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: e.store,
				Keyring: e.keys, OAuth: fakeOAuth{}, Members: fakeMembers{}, Widgets: e.svc}
			if !tc.noMetrics {
				m := metrics.New()
				opts.Metrics, opts.MetricsHandler = m, m.Handler()
			}
			h, err := New(opts)
			if err != nil {
				b.Fatal(err)
			}
			req, _ := http.NewRequest(http.MethodGet, e.base+"/w/"+id+tc.suffix, nil)
			if tc.encoding != "" {
				req.Header.Set("Accept-Encoding", tc.encoding)
			}
			w := &discard{h: http.Header{}}
			h.ServeHTTP(w, req) // warm: the one upstream fetch and render
			if w.status != 200 {
				b.Fatalf("status %d", w.status)
			}
			calls := e.sim.Calls(wpcomtest.EndpointFollowing)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				clear(w.h)
				w.status, w.n = 0, 0
				h.ServeHTTP(w, req)
			}
			b.StopTimer()
			if w.status != 200 || w.n == 0 || e.sim.Calls(wpcomtest.EndpointFollowing) != calls {
				b.Fatalf("status %d, %d bytes, upstream calls %d -> %d", w.status, w.n, calls, e.sim.Calls(wpcomtest.EndpointFollowing))
			}
		})
	}
}

// BenchmarkHeapPerWidget caches 10,000 20-item widgets through the router,
// as their first visitors do, and reports the heap each cached widget
// keeps (KiB/widget): its settings, its rendered outputs and their cache
// entries. The widgets share one member's lists, which are not counted.
// Each op is then a warm hit of one of them. Issue 22's target is 12.
//
// A widget is embedded one way, and outputs are rendered as they are
// asked for: KiB/widget is a widget shown as a frame (WordPress, an
// iframe); KiB/widget-3 one also asked for as a script and a JSON Feed,
// after the first, on the same widgets.
//
//	go test ./server -run '^$' -bench HeapPerWidget -benchtime 100x
func BenchmarkHeapPerWidget(b *testing.B) {
	const n = 10000
	ctx := context.Background()
	e := newEnvWith(b, nil, storetest.FreshSQLite(b), nil)
	ids := []string{e.seedWidget(wpcomtest.AvidUser, "following", 20, "list", "auto")} // connects the member
	owner := e.sim.Member(wpcomtest.AvidUser).ID
	for len(ids) < n {
		w := model.Defaults(model.Following)
		w.ID, w.AccountID, w.Count = widgets.NewID(), owner, 20
		if err := e.store.CreateWidget(ctx, w, n); err != nil {
			b.Fatal(err)
		}
		ids = append(ids, w.ID)
	}
	h, err := New(Options{BaseURL: e.base, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Store: e.store,
		Keyring: e.keys, OAuth: fakeOAuth{}, Members: fakeMembers{}, Widgets: e.svc})
	if err != nil {
		b.Fatal(err)
	}
	get := func(id, format string) {
		req, _ := http.NewRequest(http.MethodGet, e.base+"/w/"+id+format, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		w := &discard{h: http.Header{}}
		h.ServeHTTP(w, req)
		if w.status != http.StatusOK {
			b.Fatalf("%s: %d", id, w.status)
		}
	}
	get(ids[0], "") // the member's lists, fetched once and shared: not counted
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for _, id := range ids {
		get(id, "")
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	perWidget := float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / n / 1024
	for _, id := range ids {
		get(id, ".js")
		get(id, ".json")
	}
	var all3 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&all3)
	perWidget3 := float64(int64(all3.HeapAlloc)-int64(before.HeapAlloc)) / n / 1024
	i := 0
	for b.Loop() { // b.Loop starts the timer afresh: the setup is not timed
		get(ids[i%n], "")
		i++
	}
	b.ReportMetric(perWidget, "KiB/widget") // after the loop, which resets reported metrics
	b.ReportMetric(perWidget3, "KiB/widget-3")
	runtime.KeepAlive(h)
}

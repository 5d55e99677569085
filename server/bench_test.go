package server

import (
	"io"
	"log/slog"
	"net/http"
	"testing"

	"github.com/wpcom-widgets/service/metrics"
	"github.com/wpcom-widgets/service/store/storetest"
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

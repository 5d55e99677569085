package metrics

import (
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestCountsAppearInTheTextFormat(t *testing.T) {
	m := New()
	m.Request("/w/:file", "GET", 200, time.Millisecond)
	m.Request("/w/:file", "GET", 200, time.Millisecond)
	m.Request("", "GET", 404, time.Millisecond)
	m.Request("", "XYZZY", 405, time.Millisecond)
	m.Request("", "PLUGH", 405, time.Millisecond)
	m.Upstream("read/liked", 80*time.Millisecond, "")
	m.Upstream("read/liked", time.Second, "throttled")
	m.Lookup("redis", "miss")
	m.RedisState(false)
	m.LockContended.Inc()
	m.Budget(0, false)
	m.Budget(300*time.Millisecond, false)
	m.Budget(0, true)
	m.ImageWarmed("made")
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	body, _ := io.ReadAll(rec.Body)
	for _, want := range []string{
		`widgets_http_requests_total{method="GET",route="/w/:file",status="200"} 2`,
		`widgets_http_requests_total{method="GET",route="unmatched",status="404"} 1`,
		`widgets_http_requests_total{method="other",route="unmatched",status="405"} 2`,
		`widgets_http_request_duration_seconds_count{route="/w/:file"} 2`,
		`widgets_upstream_calls_total{endpoint="read/liked",outcome="ok"} 1`,
		`widgets_upstream_calls_total{endpoint="read/liked",outcome="throttled"} 1`,
		`widgets_cache_lookups_total{result="miss",tier="redis"} 1`,
		"widgets_redis_up 0",
		"widgets_refresh_lock_contended_total 1",
		`widgets_upstream_budget_wait_seconds_bucket{le="0.001"} 1`,
		`widgets_upstream_budget_wait_seconds_bucket{le="0.5"} 2`,
		"widgets_upstream_budget_wait_seconds_count 2",
		"widgets_upstream_budget_refused_total 1",
		`widgets_image_warmups_total{result="made"} 1`,
	} {
		if !strings.Contains(string(body), want+"\n") {
			t.Errorf("missing %s", want)
		}
	}
}

// BenchmarkRequest is what counting costs each request.
func BenchmarkRequest(b *testing.B) {
	m := New()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Request("/w/:file", "GET", 200, 1500*time.Nanosecond)
		}
	})
}

// Package metrics holds the service's Prometheus metrics in a registry of
// its own (no global state), and serves them for /metrics. Other packages
// do not import it: they expose small hooks (OnCall, OnLoad, OnLookup) that
// app wires to these counters, so they stay free of Prometheus.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the service's counters and histograms.
type Metrics struct {
	Registry *prometheus.Registry

	// HTTPRequests counts requests by route (the pattern, not the path, so
	// widget ids do not explode the label set), method and status.
	HTTPRequests *prometheus.CounterVec
	// HTTPDuration is request latency by route.
	HTTPDuration *prometheus.HistogramVec
	// CacheLookups counts list lookups by tier and result (hit, miss, and
	// error for a shared tier that did not answer).
	CacheLookups *prometheus.CounterVec
	// UpstreamCalls counts WordPress.com calls by endpoint and outcome
	// ("ok" or the error class: throttled, reconnect, server, timeout, …).
	UpstreamCalls *prometheus.CounterVec
	// UpstreamDuration is WordPress.com latency by endpoint.
	UpstreamDuration *prometheus.HistogramVec
	// UpstreamSkipped counts list items skipped as unreadable, by endpoint.
	UpstreamSkipped *prometheus.CounterVec
	// BudgetWait is how long calls to WordPress.com waited for their turn
	// in the budget (WIDGETS_UPSTREAM_RATE) before they went out;
	// BudgetRefused counts calls not sent because their turn was further
	// off than they could wait.
	BudgetWait    prometheus.Histogram
	BudgetRefused prometheus.Counter
	// Refreshes is how long refreshing one member's lists took, by outcome.
	Refreshes *prometheus.HistogramVec
	// LockContended counts refreshes another replica was already doing.
	LockContended prometheus.Counter
	// RedisErrors counts failed calls to Redis by operation; RedisUp is 1
	// while Redis answers (or is not configured) and 0 while it does not.
	RedisErrors *prometheus.CounterVec
	RedisUp     prometheus.Gauge
	// ImageLookups counts thumbnails asked of the image proxy by where
	// they were found: memory, disk, miss (fetched now), shared (another
	// visitor's fetch), failed (a failure remembered) or busy (not made
	// in time: the placeholder, briefly).
	ImageLookups *prometheus.CounterVec
	// ImageBytes counts picture bytes by direction: fetched from origins,
	// served to visitors.
	ImageBytes *prometheus.CounterVec
	// ImageFailures counts pictures that could not be had, by reason
	// (images.Reason: refused, not_image, too_large, pixels, …).
	ImageFailures *prometheus.CounterVec
	// ImageWarmups counts pictures offered for making before their first
	// visitor, after their member's lists were fetched, by what became of
	// them: made, cached (kept already), failed, busy (skipped: visitors
	// or memory came first) or dropped (the queue was full).
	ImageWarmups *prometheus.CounterVec

	// requests holds each (route, method, status)'s counter and histogram
	// once looked up: the label lookup costs more than the counting. It is
	// replaced whole when a key is added (rare: the keys are few), so a
	// request reads it without a lock that every core would write to.
	mu       sync.Mutex
	requests atomic.Pointer[map[requestKey]requestMetrics]
	// lookups are CacheLookups' counters once looked up, kept the same
	// way: a cached hit counts one.
	lookups atomic.Pointer[map[[2]string]prometheus.Counter]
}

type requestKey struct {
	route, method string
	status        int
}

type requestMetrics struct {
	count    prometheus.Counter
	duration prometheus.Observer
}

// New makes the metrics in a fresh registry, with Go and process metrics.
func New() *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		HTTPRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_http_requests_total", Help: "HTTP requests by route, method and status."},
			[]string{"route", "method", "status"}),
		HTTPDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "widgets_http_request_duration_seconds", Help: "HTTP request latency by route.",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1, 5}}, []string{"route"}),
		CacheLookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_cache_lookups_total", Help: "Lookups of members' lists by cache tier and result (hit, miss, error)."},
			[]string{"tier", "result"}),
		UpstreamCalls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_upstream_calls_total", Help: "WordPress.com calls by endpoint and outcome (ok or the error class)."},
			[]string{"endpoint", "outcome"}),
		UpstreamDuration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "widgets_upstream_call_duration_seconds", Help: "WordPress.com latency by endpoint.",
			Buckets: prometheus.DefBuckets}, []string{"endpoint"}),
		UpstreamSkipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_upstream_items_skipped_total", Help: "List items from WordPress.com skipped because no field of them could be read, by endpoint."},
			[]string{"endpoint"}),
		BudgetWait: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "widgets_upstream_budget_wait_seconds", Help: "Time calls to WordPress.com waited for their turn in the budget (WIDGETS_UPSTREAM_RATE) before going out.",
			Buckets: []float64{.001, .01, .1, .25, .5, 1, 2.5, 5, 10}}),
		BudgetRefused: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "widgets_upstream_budget_refused_total", Help: "Calls to WordPress.com not sent because their turn in the budget was further off than they could wait."}),
		Refreshes: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "widgets_refresh_duration_seconds", Help: "Time to refresh one member's lists, by outcome (ok or error).",
			Buckets: prometheus.DefBuckets}, []string{"outcome"}),
		LockContended: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "widgets_refresh_lock_contended_total", Help: "Refreshes skipped because another replica held the lock for the same member."}),
		RedisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_redis_errors_total", Help: "Failed Redis calls by operation (get, set, delete, lock, publish, budget)."},
			[]string{"op"}),
		RedisUp: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "widgets_redis_up", Help: "1 while Redis answers or is not configured, 0 while this replica serves from its own cache."}),
		ImageLookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_image_lookups_total", Help: "Thumbnails asked of the image proxy, by result (memory, disk, miss, shared, failed, busy)."},
			[]string{"result"}),
		ImageBytes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_image_bytes_total", Help: "Picture bytes fetched from origins and served to visitors, by direction."},
			[]string{"direction"}),
		ImageFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_image_failures_total", Help: "Pictures that could not be fetched (their placeholder was shown), by reason."},
			[]string{"reason"}),
		ImageWarmups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "widgets_image_warmups_total", Help: "Pictures made ahead of visitors after their lists were fetched, by result (made, cached, failed, busy, dropped)."},
			[]string{"result"}),
	}
	m.RedisUp.Set(1)
	m.requests.Store(&map[requestKey]requestMetrics{})
	m.lookups.Store(&map[[2]string]prometheus.Counter{})
	m.Registry.MustRegister(m.HTTPRequests, m.HTTPDuration, m.CacheLookups, m.UpstreamCalls, m.UpstreamDuration, m.UpstreamSkipped, m.BudgetWait, m.BudgetRefused, m.Refreshes,
		m.LockContended, m.RedisErrors, m.RedisUp, m.ImageLookups, m.ImageBytes, m.ImageFailures, m.ImageWarmups,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus's text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{Registry: m.Registry})
}

// Request records one HTTP request.
func (m *Metrics) Request(route, method string, status int, took time.Duration) {
	if route == "" {
		route = "unmatched"
	}
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS":
	default:
		method = "other" // clients choose methods: keep the label set bounded
	}
	k := requestKey{route, method, status}
	r, ok := (*m.requests.Load())[k]
	if !ok {
		r = m.addRequest(k)
	}
	r.count.Inc()
	r.duration.Observe(took.Seconds())
}

// addRequest looks up a new key's counter and histogram, and keeps them
// in a copy of the map.
func (m *Metrics) addRequest(k requestKey) requestMetrics {
	m.mu.Lock()
	defer m.mu.Unlock()
	old := *m.requests.Load()
	if r, ok := old[k]; ok {
		return r
	}
	r := requestMetrics{m.HTTPRequests.WithLabelValues(k.route, k.method, statusText(k.status)), m.HTTPDuration.WithLabelValues(k.route)}
	next := make(map[requestKey]requestMetrics, len(old)+1)
	for kk, v := range old {
		next[kk] = v
	}
	next[k] = r
	m.requests.Store(&next)
	return r
}

// Upstream records one WordPress.com call; class is "" when it succeeded.
func (m *Metrics) Upstream(endpoint string, took time.Duration, class string) {
	if class == "" {
		class = "ok"
	}
	m.UpstreamCalls.WithLabelValues(endpoint, class).Inc()
	m.UpstreamDuration.WithLabelValues(endpoint).Observe(took.Seconds())
}

// Budget records one call's turn in the budget of calls to WordPress.com:
// waited before it went out, or refused (not sent).
func (m *Metrics) Budget(waited time.Duration, refused bool) {
	if refused {
		m.BudgetRefused.Inc()
		return
	}
	m.BudgetWait.Observe(waited.Seconds())
}

// Refresh records one refresh of a member's lists.
func (m *Metrics) Refresh(took time.Duration, err error) {
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.Refreshes.WithLabelValues(outcome).Observe(took.Seconds())
}

// RedisState records Redis going down or coming back.
func (m *Metrics) RedisState(up bool) {
	if up {
		m.RedisUp.Set(1)
	} else {
		m.RedisUp.Set(0)
	}
}

// Lookup records one cache lookup.
func (m *Metrics) Lookup(tier, result string) {
	k := [2]string{tier, result}
	c, ok := (*m.lookups.Load())[k]
	if !ok {
		m.mu.Lock()
		old := *m.lookups.Load()
		if c, ok = old[k]; !ok {
			c = m.CacheLookups.WithLabelValues(tier, result)
			next := make(map[[2]string]prometheus.Counter, len(old)+1)
			for kk, v := range old {
				next[kk] = v
			}
			next[k] = c
			m.lookups.Store(&next)
		}
		m.mu.Unlock()
	}
	c.Inc()
}

// ImageLookup records one thumbnail lookup: "memory", "disk", "miss",
// "shared" or "failed".
func (m *Metrics) ImageLookup(result string) { m.ImageLookups.WithLabelValues(result).Inc() }

// ImageFetched records bytes fetched from a picture's origin (for pictures
// that became thumbnails).
func (m *Metrics) ImageFetched(n int) { m.ImageBytes.WithLabelValues("fetched").Add(float64(n)) }

// ImageServed records bytes of a thumbnail sent to a visitor.
func (m *Metrics) ImageServed(n int) { m.ImageBytes.WithLabelValues("served").Add(float64(n)) }

// ImageFailed records a picture that could not be had, by reason.
func (m *Metrics) ImageFailed(reason string) { m.ImageFailures.WithLabelValues(reason).Inc() }

// ImageWarmed records what became of one picture offered for making
// before its first visitor (images.WarmMade, …).
func (m *Metrics) ImageWarmed(result string) { m.ImageWarmups.WithLabelValues(result).Inc() }

// statusTexts are the status codes as labels, made once: strconv.Itoa
// would allocate on every request.
var statusTexts = func() (t [600]string) {
	for i := range t {
		t[i] = strconv.Itoa(i)
	}
	return t
}()

// statusText is the status code as a label.
func statusText(code int) string {
	if code >= 0 && code < len(statusTexts) {
		return statusTexts[code]
	}
	return strconv.Itoa(code)
}

// ImageMemory reports, as widgets_image_memory_bytes, the image path's
// memory reserved now (images.Budget.Used), read when metrics are
// scraped.
func (m *Metrics) ImageMemory(used func() int64) {
	m.Registry.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "widgets_image_memory_bytes", Help: "Memory the image proxy holds reserved now: bytes being fetched, decodes and resizing (WIDGETS_IMAGE_MEMORY caps it)."},
		func() float64 { return float64(used()) }))
}

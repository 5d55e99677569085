package server

import (
	"log/slog"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/logs"
)

// recovery turns a panic into a logged 500 instead of a dropped
// connection; answer (core.answer, the one place errors become responses)
// writes it.
func (s *core) recovery() gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if v := recover(); v != nil {
				s.log.Error("panic", "path", c.Request.URL.Path, "panic", v, "stack", string(debug.Stack()))
				as := asPage
				if p := c.Request.URL.Path; strings.HasPrefix(p, "/w/") || p == "/oembed" {
					as = asText // a public address: no site page inside someone's frame
				}
				s.answer(c, errInternal, as)
			}
		}()
		c.Next()
	}
}

// secretParams are query parameters whose values never reach a log line:
// OAuth codes and state, and anything that looks like a token.
var secretParams = map[string]bool{
	"code": true, "state": true, "token": true, "access_token": true, "client_secret": true, "secret": true,
}

// redactQuery returns the query with secret values replaced.
func redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	q, err := url.ParseQuery(raw)
	if err != nil {
		return "[unparsable]"
	}
	for k := range q {
		if secretParams[strings.ToLower(k)] {
			q[k] = []string{"[redacted]"}
		}
	}
	return q.Encode()
}

// epoch anchors the access log's readings of the monotonic clock:
// time.Since a time that has one reads only that clock, where time.Now
// reads the wall clock too, on every hit.
var epoch = time.Now()

// accessLog writes one line a request, after it is served, and counts it
// in m (nil: not counted), from one reading of the clock before and one
// after. Embeds and static files are requested on every page view of
// every site that shows a widget: their lines are debug-level (a 5xx is
// still an error), so the log stays readable and does not cost more than
// serving the bytes.
func accessLog(log *slog.Logger, m RequestMetrics) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Since(epoch)
		c.Next()
		took := time.Since(epoch) - start
		status := c.Writer.Status()
		if m != nil {
			m.Request(c.FullPath(), c.Request.Method, status, took)
		}
		level := slog.LevelInfo
		if p := c.Request.URL.Path; strings.HasPrefix(p, "/w/") || strings.HasPrefix(p, "/static/") || p == "/oembed" || p == "/healthz" || p == "/readyz" || p == "/metrics" {
			level = slog.LevelDebug
		}
		if c.FullPath() == "" {
			level = slog.LevelDebug // no route: scanners and typos, not worth a line each
		}
		switch {
		case status == http.StatusServiceUnavailable, status == http.StatusBadGateway:
			level = slog.LevelWarn // an outage of something we depend on, already explained in the log
		case status == http.StatusNotImplemented:
			// oEmbed's answer to a format it does not offer: the client's
			// mistake, not ours.
		case status >= 500:
			level = slog.LevelError
		}
		if !log.Enabled(c.Request.Context(), level) {
			return
		}
		log.Log(c.Request.Context(), level, "http",
			"method", c.Request.Method, "path", logs.Clip(c.Request.URL.Path), "query", logs.Clip(redactQuery(c.Request.URL.RawQuery)),
			"route", c.FullPath(), "status", status, "bytes", c.Writer.Size(), "duration", took)
	}
}

// noSniff goes on every response: browsers must take each body as the
// type it is sent as (a 404 text is never run as a script). The value is
// made once: this runs on every hit.
func noSniff(c *gin.Context) {
	c.Writer.Header()["X-Content-Type-Options"] = nosniff
	c.Next()
}

var nosniff = []string{"nosniff"}

// ownerHeaders protect the pages owners use: never framed, no sniffing,
// scripts and styles only from here.
func ownerHeaders() gin.HandlerFunc {
	return func(c *gin.Context) {
		h := c.Writer.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' https: http: data:; frame-src 'self'; "+
			"frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		c.Next()
	}
}

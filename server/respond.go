package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
)

// Cache lifetimes of the public responses (seconds).
//
// A widget (frame, script, feeds) is kept by browsers but asked for again
// on every load (no-cache with a strong ETag: a 304 of a few hundred bytes
// when nothing changed), so an owner who saves sees the change on their
// next reload, as every visitor does. An edge cache in front (nginx,
// deploy/nginx.conf) may answer for edgeWidget seconds without asking, and
// keep serving its copy while we are down: that is the longest an owner's
// change takes to reach visitors through it (docs/operating.md). A widget
// not filled in yet (its first fetch waits its turn in the budget of calls
// to WordPress.com, or failed) or short (more items are being fetched) is
// kept nowhere: an edge must not serve it empty once it has filled in. One
// waiting for its owner to reconnect is kept as briefly as an unknown one.
const (
	edgeWidget = "10"
	ccWidget   = "public, no-cache, s-maxage=" + edgeWidget + ", stale-if-error=86400"
	ccNotYet   = "no-store"
	ccOEmbed   = "public, max-age=3600, stale-while-revalidate=86400, stale-if-error=86400"
	ccWaiting  = "public, no-cache, s-maxage=5"
	// ccError: an unknown or deleted widget is asked for again, so one
	// restored shows at once.
	ccError = "public, no-cache, s-maxage=5"
	// ccUnavailable and retryUnavailable: a widget that cannot be read
	// just now is asked for again soon.
	ccUnavailable    = "public, max-age=30"
	retryUnavailable = "30"
	// strictCSP is for responses that are not documents: nothing may run.
	strictCSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
)

// setCache says how long a response may be kept: Cache-Control to
// everyone, and X-Accel-Expires to the edge. nginx would store no response
// marked no-cache, whatever its s-maxage, and before 1.23 not even with
// X-Accel-Expires beside it, so deploy/nginx.conf has it ignore
// Cache-Control and go by X-Accel-Expires alone, which nginx drops before
// the client. Both come from the one Cache-Control string, read once per
// distinct string (cacheRules).
func setCache(h http.Header, cc string) {
	r := cacheRules.get(cc)
	h["Cache-Control"] = r.value
	if r.edge != nil {
		h["X-Accel-Expires"] = r.edge
	}
}

// edgeSeconds is how long a shared cache may keep a response sent with
// Cache-Control cc: its s-maxage (our edge may answer for a no-cache
// widget for that long, a browser never), else the max-age of a response
// any cache may keep; "" when none may.
func edgeSeconds(cc string) string {
	var sMaxAge, maxAge string
	noCache := false
	for rest := cc; rest != ""; {
		var d string
		d, rest, _ = strings.Cut(rest, ",")
		d = strings.TrimSpace(d)
		switch {
		case d == "no-store" || d == "private":
			return ""
		case d == "no-cache":
			noCache = true
		case strings.HasPrefix(d, "s-maxage="):
			sMaxAge = d[len("s-maxage="):]
		case strings.HasPrefix(d, "max-age="):
			maxAge = d[len("max-age="):]
		}
	}
	switch {
	case sMaxAge != "":
		return sMaxAge
	case noCache:
		return ""
	}
	return maxAge
}

// keptFor is the Cache-Control of an output drawn from a view in state
// st, whole is what a whole view's gets: a view still coming in is kept
// briefly or not at all.
func keptFor(st model.State, whole string) string {
	switch st {
	case model.Pending, model.Short:
		return ccNotYet // filled in shortly
	case model.Reconnect:
		return ccWaiting // filled in when the owner connects again
	}
	return whole
}

// serve writes a prepared output: the one place that does ETag and 304,
// gzip, and the headers every public response carries. A hit allocates
// nothing here: every header value is a slice made once (the output's,
// cacheRules') and assigned under its canonical name.
func serve(c *gin.Context, status int, o *render.Output, cacheControl string) {
	h := c.Writer.Header()
	setCache(h, cacheControl)
	gz := false
	if o.Gzip != nil {
		h["Vary"] = varyEncoding
		if gz = acceptsGzip(c.Request.Header["Accept-Encoding"]); gz {
			h["Content-Encoding"] = encodingGzip
		}
	}
	body, ctype, etag, length := o.Representation(gz) // a compact output's plain bytes are made again once
	h["Content-Type"] = ctype
	if status == http.StatusOK {
		h["Etag"] = etag
		if inm := c.Request.Header["If-None-Match"]; len(inm) > 0 && etagMatches(inm, o) {
			delete(h, "Content-Type")
			delete(h, "Content-Encoding")
			c.Status(http.StatusNotModified)
			return
		}
	}
	h["Content-Length"] = length
	c.Status(status)
	if c.Request.Method != http.MethodHead {
		_, _ = c.Writer.Write(body)
	}
}

// setCSP sets the response's Content-Security-Policy, a value made once
// (policies).
func setCSP(c *gin.Context, csp string) {
	c.Writer.Header()["Content-Security-Policy"] = policies.get(csp).value
}

var (
	varyEncoding = []string{"Accept-Encoding"}
	encodingGzip = []string{"gzip"}
)

// etagMatches does If-None-Match's weak comparison against both
// representations (a cache may hold either).
func etagMatches(header []string, o *render.Output) bool {
	for _, list := range header {
		for list != "" {
			var t string
			t, list, _ = strings.Cut(list, ",")
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == o.ETag || (o.Gzip != nil && t == o.GzipETag()) {
				return true
			}
		}
	}
	return false
}

// acceptsGzip reads Accept-Encoding (every line of it) without
// allocating: gzip is taken unless absent or given q=0.
func acceptsGzip(ae []string) bool {
	for _, list := range ae {
		for list != "" {
			var part string
			part, list, _ = strings.Cut(list, ",")
			name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(name), "gzip") {
				continue
			}
			for params != "" {
				var p string
				p, params, _ = strings.Cut(params, ";")
				if k, v, ok := strings.Cut(strings.TrimSpace(p), "="); ok && strings.EqualFold(k, "q") {
					q, err := strconv.ParseFloat(v, 64)
					return err == nil && q > 0 // "gzip;q=0" means never
				}
			}
			return true
		}
	}
	return false
}

// publicHeaders go on every embed response: no cookies, readable from any
// origin (CORS without credentials). The values are made once.
func publicHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h["Access-Control-Allow-Origin"] = anyOrigin
	h["Access-Control-Expose-Headers"] = exposeETag
	h["Referrer-Policy"] = referrerPolicy
	c.Next()
}

var (
	anyOrigin      = []string{"*"}
	exposeETag     = []string{"ETag"}
	referrerPolicy = []string{"strict-origin-when-cross-origin"}
)

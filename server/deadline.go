package server

import (
	"net/http"
	"strings"
	"time"
)

// requestTimeout bounds every request that works per request (owner
// pages, sign-in, oEmbed with sizes): the longest honest one, a sign-in
// callback, makes two calls to WordPress.com of at most 15 s each.
const requestTimeout = 40 * time.Second

// cutOff answers 503 to a request still running after d and cancels its
// context, so the client, the connection and a graceful shutdown are
// freed whatever the handler does. The embeds under /w/ are served from
// memory and bound their own waits (the lists' fetch, the picture
// budget); they skip the wrapper, which would copy every response and
// start a goroutine per hit on the path that must cost nothing.
func cutOff(h http.Handler, d time.Duration) http.Handler {
	bounded := http.TimeoutHandler(h, d, "This took too long to answer. Please try again.\n")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limitBody(w, r, min(d, bodyTimeout))
		if strings.HasPrefix(r.URL.Path, "/w/") {
			h.ServeHTTP(w, r)
			return
		}
		bounded.ServeHTTP(w, r)
	})
}

// bodyTimeout is how long a request's body may take to arrive once the
// handler starts: owner forms are at most 64 KiB, which any connection
// that can load the dashboard sends in a second or two.
const bodyTimeout = 15 * time.Second

// LimitBody gives a request's body, if it has one (a form, or anything a
// stranger sends along with a GET), bodyTimeout to arrive, so that a
// client sending it a byte at a time cannot hold a connection. The
// http.Server has no ReadTimeout, which would set a deadline on every
// request, each embed hit included; only a request with a body needs
// one. (net/http reads what a handler left of a body before the next
// request, so even a body nobody reads is bounded.) The service's own
// handler does this; cmd/widgets calls it for what it serves beside
// (-demo's simulator).
func LimitBody(w http.ResponseWriter, r *http.Request) { limitBody(w, r, bodyTimeout) }

// limitBody is LimitBody with d for bodyTimeout. A writer that cannot take
// deadlines (a test's recorder) is left as it is.
func limitBody(w http.ResponseWriter, r *http.Request, d time.Duration) {
	if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
		_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(d))
	}
}

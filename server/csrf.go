package server

import (
	"net/http"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// crossOrigin refuses unsafe requests (POST and the like) that a browser
// says came from another site, using Go's Sec-Fetch-Site/Origin check.
// Together with SameSite=Lax cookies this stops cross-site form posts.
// Refusals cost a stranger nothing to send, so they are logged sampled:
// the first few, then one a minute saying how many were not.
func (s *core) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	var (
		sample = rate.Sometimes{First: 5, Interval: time.Minute}
		quiet  atomic.Int64 // refusals not logged since the last line
	)
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			quiet.Add(1)
			sample.Do(func() {
				s.log.Warn("cross-origin request refused", "path", c.Request.URL.Path,
					"origin", c.GetHeader("Origin"), "sec_fetch_site", c.GetHeader("Sec-Fetch-Site"),
					"refusals_since_last_line", quiet.Swap(0))
			})
			s.fail(c, errCrossOrigin)
			return
		}
		c.Next()
	}
}

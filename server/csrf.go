package server

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/logs"
)

// crossOrigin refuses unsafe requests (POST and the like) that a browser
// says came from another site, using Go's Sec-Fetch-Site/Origin check.
// Together with SameSite=Lax cookies this stops cross-site form posts.
// Refusals cost a stranger nothing to send, so they are logged sampled:
// the first few, then one a minute saying how many were not.
func (s *core) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	refusals := logs.NewSometimes(5, time.Minute)
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			refusals.Do(func(n int64) {
				s.log.Warn("cross-origin request refused", "path", c.Request.URL.Path,
					"origin", c.GetHeader("Origin"), "sec_fetch_site", c.GetHeader("Sec-Fetch-Site"),
					"refusals_since_last_line", n)
			})
			s.fail(c, errCrossOrigin)
			return
		}
		c.Next()
	}
}

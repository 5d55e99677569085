package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// crossOrigin refuses unsafe requests (POST and the like) that a browser
// says came from another site, using Go's Sec-Fetch-Site/Origin check.
// Together with SameSite=Lax cookies this stops cross-site form posts.
func (s *core) crossOrigin() gin.HandlerFunc {
	cop := http.NewCrossOriginProtection()
	return func(c *gin.Context) {
		if err := cop.Check(c.Request); err != nil {
			s.log.Warn("cross-origin request refused", "path", c.Request.URL.Path,
				"origin", c.GetHeader("Origin"), "sec_fetch_site", c.GetHeader("Sec-Fetch-Site"))
			s.fail(c, errCrossOrigin)
			return
		}
		c.Next()
	}
}

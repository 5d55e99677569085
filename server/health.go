package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// healthz says the process is up and serving; it checks nothing else, so a
// load balancer does not take a replica out when a dependency blips.
func (s *Server) healthz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	c.String(http.StatusOK, "ok\n")
}

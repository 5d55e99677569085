package server

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

// base is what every page's layout needs.
type base struct {
	Demo     bool
	WPCOMURL string
}

func (s *Server) base() base { return base{Demo: s.opts.Demo, WPCOMURL: s.opts.WPCOMURL} }

func (s *Server) landing(c *gin.Context) {
	s.render(c, http.StatusOK, "landing.html.tmpl", s.base())
}

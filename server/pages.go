package server

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
)

// base is what every page's layout needs.
type base struct {
	Demo     bool
	WPCOMURL string
	Owner    *model.Account // nil when signed out
}

func (s *core) base() base { return base{Demo: s.demo, WPCOMURL: s.wpcomURL} }

func (s *core) ownerBase(a model.Account) base {
	b := s.base()
	b.Owner = &a
	return b
}

func (s *sessions) landing(c *gin.Context) {
	b := s.base()
	if a, ok, err := s.signedIn(c); err != nil {
		s.fail(c, err)
		return
	} else if ok {
		b.Owner = &a
	}
	s.render(c, http.StatusOK, "landing.html.tmpl", b)
}

func itoa(n int) string { return strconv.Itoa(n) }

package server

import (
	"bytes"
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"
)

// publicError is an error whose title and message may be shown to the visitor.
type publicError struct {
	status int
	title  string
	msg    string
}

func (e *publicError) Error() string { return e.msg }

var (
	errNotFound = &publicError{http.StatusNotFound, "Not found", "There is nothing at this address."}
	errMethod   = &publicError{http.StatusMethodNotAllowed, "Method not allowed", "This address does not accept that kind of request."}
	errInternal = &publicError{http.StatusInternalServerError, "Something went wrong", "The server could not answer. Please try again in a moment."}
)

type errorPage struct {
	base
	Status  int
	Title   string
	Message string
}

// fail is the one place errors become responses: a public error keeps its
// status and message; anything else is logged and shown as a plain 500.
func (s *Server) fail(c *gin.Context, err error) {
	var pe *publicError
	if !errors.As(err, &pe) {
		s.log.Error("request failed", "path", c.Request.URL.Path, "err", err)
		pe = errInternal
	}
	c.Abort()
	var buf bytes.Buffer
	if t, ok := s.pages["error.html.tmpl"]; ok {
		if err := t.Execute(&buf, errorPage{s.base(), pe.status, pe.title, pe.msg}); err == nil {
			c.Data(pe.status, "text/html; charset=utf-8", buf.Bytes())
			return
		} else {
			s.log.Error("error page failed", "err", err)
		}
	}
	c.String(pe.status, "%s: %s\n", pe.title, pe.msg)
}

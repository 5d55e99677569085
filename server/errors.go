package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

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
	errNotFound      = &publicError{http.StatusNotFound, "Not found", "There is nothing at this address."}
	errMethod        = &publicError{http.StatusMethodNotAllowed, "Method not allowed", "This address does not accept that kind of request."}
	errInternal      = &publicError{http.StatusInternalServerError, "Something went wrong", "The server could not answer. Please try again in a moment."}
	errSignedOut     = &publicError{http.StatusForbidden, "Signed out", "Your session has ended. Connect WordPress.com again to continue."}
	errCrossOrigin   = &publicError{http.StatusForbidden, "Refused", "This request came from another site, so it was refused. Use the buttons on this site's own pages."}
	errBadState      = &publicError{http.StatusBadRequest, "Sign-in expired", "This sign-in was not started here, was already used, or took longer than 10 minutes. Please connect again."}
	errCodeUsed      = &publicError{http.StatusBadRequest, "Sign-in expired", "WordPress.com no longer accepts this sign-in code (it works once, for a short time). Please connect again."}
	errNotGlobal     = &publicError{http.StatusBadRequest, "Not enough access", "WordPress.com granted access without the “global” scope, which the widgets need to read the blogs you follow and the posts you like. Please connect again and approve full access."}
	errMisconfigured = &publicError{http.StatusBadGateway, "Not configured", "WordPress.com does not recognise this service's app credentials. The site operator must check WIDGETS_WPCOM_CLIENT_ID and WIDGETS_WPCOM_CLIENT_SECRET."}
	errDatabaseDown  = &publicError{http.StatusServiceUnavailable, "Temporarily unavailable", "The service's database is not answering, so signing in and the dashboard are paused. Widgets already on your site keep showing. Please try again in a few minutes."}
	errTooMany       = &publicError{http.StatusTooManyRequests, "Too many requests", "This address sent more sign-in or form requests than the service takes in a minute. Please wait a moment and try again."}
	errWPCOMRefused  = &publicError{http.StatusBadRequest, "WordPress.com said no", "WordPress.com did not connect your account. Please try again; if it keeps happening, the site operator can find WordPress.com's reason in the service's log."}
	errWPCOMDown     = &publicError{http.StatusBadGateway, "WordPress.com did not answer", "We could not reach WordPress.com just now. Please try again in a few minutes."}
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
	if !errors.As(err, &pe) && c.Request.Context().Err() != nil {
		// The visitor left and their request was cancelled: nothing failed.
		s.log.Debug("request cancelled", "path", clip(c.Request.URL.Path), "err", err)
		c.AbortWithStatus(499) // nginx's "client closed request"; nobody reads it
		return
	}
	if !errors.As(err, &pe) {
		if s.databaseDown(c) {
			s.log.Warn("owner page unavailable: the database does not answer", "path", c.Request.URL.Path, "err", err)
			pe = errDatabaseDown
			c.Header("Retry-After", "60")
		} else {
			s.log.Error("request failed", "path", c.Request.URL.Path, "err", err)
			pe = errInternal
		}
	}
	c.Abort()
	var buf bytes.Buffer
	if t, ok := s.pages["error.html.tmpl"]; ok {
		err := t.Execute(&buf, errorPage{s.base(), pe.status, pe.title, pe.msg})
		if err == nil {
			c.Header("Cache-Control", "no-store")
			c.Data(pe.status, "text/html; charset=utf-8", buf.Bytes())
			return
		}
		s.log.Error("error page failed", "err", err)
	}
	c.String(pe.status, "%s: %s\n", pe.title, pe.msg)
}

type messagePage struct {
	base
	Title, Message, Detail string
	ConnectAgain           bool
}

// message shows a calm page with a title and a sentence or two.
func (s *Server) message(c *gin.Context, status int, title, msg, detail string, connect bool) {
	s.render(c, status, "message.html.tmpl", messagePage{s.base(), title, msg, detail, connect})
}

// databaseDown tells an outage from a bug: an unexpected error while the
// store does not answer a ping is the outage, and deserves a 503 that says
// so rather than a 500.
func (s *Server) databaseDown(c *gin.Context) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), time.Second)
	defer cancel()
	return s.opts.Store.Ping(ctx) != nil
}

package server

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/logs"
	"github.com/wpcom-widgets/service/render"
)

// publicError is an error whose title and message may be shown to whoever
// asked, and how long its answer may be cached ("" is no-store).
type publicError struct {
	status int
	title  string
	msg    string
	cache  string
}

func (e *publicError) Error() string { return e.msg }

// Owner pages: never cached.
var (
	errNotFound      = &publicError{http.StatusNotFound, "Not found", "There is nothing at this address.", ""}
	errMethod        = &publicError{http.StatusMethodNotAllowed, "Method not allowed", "This address does not accept that kind of request.", ""}
	errInternal      = &publicError{http.StatusInternalServerError, "Something went wrong", "The server could not answer. Please try again in a moment.", ""}
	errSignedOut     = &publicError{http.StatusForbidden, "Signed out", "Your session has ended. Connect WordPress.com again to continue.", ""}
	errCrossOrigin   = &publicError{http.StatusForbidden, "Refused", "This request came from another site, so it was refused. Use the buttons on this site's own pages.", ""}
	errBadState      = &publicError{http.StatusBadRequest, "Sign-in expired", "This sign-in was not started here, was already used, or took longer than 10 minutes. Please connect again.", ""}
	errCodeUsed      = &publicError{http.StatusBadRequest, "Sign-in expired", "WordPress.com no longer accepts this sign-in code (it works once, for a short time). Please connect again.", ""}
	errNotGlobal     = &publicError{http.StatusBadRequest, "Not enough access", "WordPress.com granted access without the “global” scope, which the widgets need to read the blogs you follow and the posts you like. Please connect again and approve full access.", ""}
	errMisconfigured = &publicError{http.StatusBadGateway, "Not configured", "WordPress.com does not recognise this service's app credentials. The site operator must check WIDGETS_WPCOM_CLIENT_ID and WIDGETS_WPCOM_CLIENT_SECRET.", ""}
	errDatabaseDown  = &publicError{http.StatusServiceUnavailable, "Temporarily unavailable", "The service's database is not answering, so signing in and the dashboard are paused. Widgets already on your site keep showing. Please try again in a few minutes.", ""}
	errTooMany       = &publicError{http.StatusTooManyRequests, "Too many requests", "This address sent more sign-in or form requests than the service takes in a minute. Please wait a moment and try again.", ""}
	errWPCOMRefused  = &publicError{http.StatusBadRequest, "WordPress.com said no", "WordPress.com did not connect your account. Please try again; if it keeps happening, the site operator can find WordPress.com's reason in the service's log.", ""}
	errWPCOMDown     = &publicError{http.StatusBadGateway, "WordPress.com did not answer", "We could not reach WordPress.com just now. Please try again in a few minutes.", ""}
)

// The public addresses: cached briefly, as their good answers are.
var (
	errNoWidget      = &publicError{http.StatusNotFound, "Widget not found", "There is no widget with this address. It may have been deleted.", ccError}
	errUnknownFormat = &publicError{http.StatusNotFound, "Widget not found", "Unknown format: use /w/ID, /w/ID.js, /w/ID.json or /w/ID.opml.", ccError}
	errUnavailable   = &publicError{http.StatusServiceUnavailable, "Temporarily unavailable", "The widget cannot be shown just now. It will be back in a moment.", ccUnavailable}
	errNoBlogroll    = &publicError{http.StatusNotFound, "Widget not found", "Only widgets of blogs you follow have an OPML blogroll.", ccError}
	errOEmbedFormat  = &publicError{http.StatusNotImplemented, "Unsupported format", "Unsupported format: use format=json or format=xml.", ccError}
	errOEmbedURL     = &publicError{http.StatusNotFound, "Not found", "Not a widget of this service.", ccError}
	errOEmbedSize    = &publicError{http.StatusBadRequest, "Bad size", "maxwidth and maxheight must be whole numbers of pixels.", ""}
	errNotAnItem     = &publicError{http.StatusBadRequest, "Not followed", "This link is not one of the widget's items, so it was not followed.", ""}
)

// bodyType is what kind of body an error answers with: the address asked
// decides (a frame gets a small page, a script a harmless script, a feed
// JSON or XML, oEmbed and the redirect plain text, an owner page the
// site's error page).
type bodyType int

const (
	asPage bodyType = iota
	asFrame
	asScript
	asJSON
	asXML
	asFragment   // markup included in a page on its server: a comment
	asStylesheet // a stylesheet: a comment
	asText
	bodyTypes
)

type errorPage struct {
	base
	Status  int
	Title   string
	Message string
}

// fail answers an error on an owner page.
func (s *core) fail(c *gin.Context, err error) { s.answer(c, err, asPage) }

// answer is the one place errors become responses: the status and message
// of a public error (anything else is logged and becomes a 500, or a 503
// while the database is down), the body type the address asked for, how
// long it may be cached, and the headers that go with it.
func (s *core) answer(c *gin.Context, err error, as bodyType) {
	c.Abort()
	var pe *publicError
	if !errors.As(err, &pe) {
		switch {
		case c.Request.Context().Err() != nil:
			// The visitor left and their request was cancelled: nothing failed.
			s.log.Debug("request cancelled", "path", logs.Clip(c.Request.URL.Path), "err", err)
			c.Status(499) // nginx's "client closed request"; nobody reads it
			return
		case s.databaseDown(c):
			s.log.Warn("owner page unavailable: the database does not answer", "path", c.Request.URL.Path, "err", err)
			pe = errDatabaseDown
			c.Header("Retry-After", "60")
		default:
			s.log.Error("request failed", "path", c.Request.URL.Path, "err", err)
			pe = errInternal
		}
	}
	cache := pe.cache
	if cache == "" {
		cache = "no-store"
	}
	if pe.status == http.StatusServiceUnavailable && c.Writer.Header().Get("Retry-After") == "" {
		c.Header("Retry-After", retryUnavailable) // temporary: say when to ask again
	}
	setCache(c.Writer.Header(), cache)
	switch as {
	case asPage:
		var buf bytes.Buffer
		if t, ok := s.pages["error.html.tmpl"]; ok {
			if err := t.Execute(&buf, errorPage{s.base(), pe.status, pe.title, pe.msg}); err == nil {
				c.Data(pe.status, "text/html; charset=utf-8", buf.Bytes())
				return
			}
			s.log.Error("error page failed", "err", err)
		}
		c.String(pe.status, "%s: %s\n", pe.title, pe.msg)
	case asText:
		c.Header("Content-Security-Policy", strictCSP)
		c.String(pe.status, "%s\n", pe.msg)
	default:
		if as == asFrame {
			c.Header("Content-Security-Policy", goneCSP)
		} else {
			c.Header("Content-Security-Policy", strictCSP)
		}
		serve(c, pe.status, errorBody(as, pe), cache)
	}
}

// errorBody is an error's body for an embed: made once per error and type
// (public errors are a fixed set), so nothing a visitor sends is kept.
func errorBody(as bodyType, pe *publicError) *render.Output {
	bodiesOnce.Do(makeBodies)
	if o := bodies[pe][as]; o != nil {
		return o
	}
	return bodies[errUnavailable][as]
}

type messagePage struct {
	base
	Title, Message, Detail string
	ConnectAgain           bool
	// Revoke links WordPress.com's connected applications page after the
	// detail, where an owner takes this app's access back.
	Revoke bool
}

// message shows a calm page with a title and a sentence or two.
func (s *core) message(c *gin.Context, status int, page messagePage) {
	page.base = s.base()
	s.render(c, status, "message.html.tmpl", page)
}

// databaseDown tells an outage from a bug: an unexpected error while the
// store does not answer a ping is the outage, and deserves a 503 that says
// so rather than a 500.
func (s *core) databaseDown(c *gin.Context) bool {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(c.Request.Context()), time.Second)
	defer cancel()
	return s.ping(ctx) != nil
}

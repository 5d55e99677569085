package server

import (
	"errors"
	"html"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
)

// Live preview: the widget page's form has a Preview button that posts
// the form, unsaved, to POST /dashboard/widgets/{id}/preview with the
// preview frame as its target, so it works without JavaScript;
// dashboard.js presses it as the owner types. The answer is the widget's
// frame drawn by the same renderer as the public one, from the lists in
// memory, with the unsaved settings.

// previewsPerMinute bounds how often one member may draw a preview: a
// keystroke's worth while typing, not a flood.
const previewsPerMinute = 240

func (s *dashboard) preview(c *gin.Context) {
	// The answer lands in the preview frame, which shows no error page
	// (owner pages may not be framed): every failure is a sentence there.
	if ok, wait := s.previews.allow("member:"+strconv.FormatInt(account(c).ID, 10), s.now()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		previewNote(c, http.StatusTooManyRequests, "Previews are coming faster than they can be drawn: the next one shows in a moment.")
		return
	}
	w, err := s.findOwnWidget(c)
	if errors.Is(err, errNotFound) {
		previewNote(c, http.StatusNotFound, "This widget is no longer here to preview (deleted, or in another tab): reload the page.")
		return
	} else if err != nil {
		s.log.Warn("preview: reading the widget failed", "err", err)
		previewNote(c, http.StatusServiceUnavailable, "The preview cannot be drawn just now. Try again in a moment.")
		return
	}
	form := postedForm(c)
	settings, errs := widgets.ParseForm(form, w.Kind)
	if errs != nil {
		msgs := make([]string, 0, len(errs))
		for _, m := range errs {
			msgs = append(msgs, m)
		}
		sort.Strings(msgs)
		previewNote(c, http.StatusUnprocessableEntity, "Fix the form to see the preview: "+strings.Join(msgs, " "))
		return
	}
	apply(&w, settings, form)
	// Pictures link to their origins: the image path serves only the
	// pictures of saved renderings, and this one is not saved.
	site := s.bundles.site
	site.ProxyImages = false
	d := render.Drawing{View: model.View{Widget: w, Items: w.Curate(s.candidates(c, w)), State: model.Fresh}, Site: site}
	c.Header("Content-Security-Policy", framedBySelf(site.FrameCSP()))
	c.Header("X-Frame-Options", "SAMEORIGIN")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", d.Frame().Body)
}

// apply puts a parsed form's settings on w, as saving does.
func apply(w *model.Widget, settings model.Widget, form widgets.Form) {
	w.Title, w.Count, w.Layout, w.Theme, w.Display, w.Look = settings.Title, settings.Count, settings.Layout, settings.Theme, settings.Display, settings.Look
	w.EmptyText = settings.EmptyText
	if form.Lang != "" { // a form without the field keeps the widget's language
		w.Lang = settings.Lang
	}
}

// framedBySelf is a frame's policy for the dashboard's own preview frame:
// only this site's pages may frame it.
func framedBySelf(csp string) string {
	return strings.Replace(csp, "frame-ancestors *", "frame-ancestors 'self'", 1)
}

// previewNote fills the preview frame with one calm sentence.
func previewNote(c *gin.Context, status int, msg string) {
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'")
	c.Header("X-Frame-Options", "SAMEORIGIN")
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", []byte(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Preview</title>`+
		`<p style="font:15px/1.5 system-ui,sans-serif;color:#50575e;margin:8px">`+html.EscapeString(msg)+`</p></html>`))
}

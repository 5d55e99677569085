package server

import (
	"errors"
	"html"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
)

// Live preview: the widget page's preview frame holds a board
// (templates/preview.html.tmpl) that draws the widget on the pages it may
// land on (previewstages.go), at a sidebar's and a phone's width. The
// form's Preview button posts the form, unsaved, to
// POST /dashboard/widgets/{id}/preview with the preview frame as its
// target, so it works without JavaScript; dashboard.js presses it as the
// owner types. The board's frames carry the unsaved settings in their
// address (GET .../preview/frame), so any replica draws them, with the
// same renderer as the public frame, from the lists in memory. Nothing is
// kept. GET .../preview is the board of the saved settings.

// previewsPerMinute bounds how often one member may draw a preview (a
// board and its frames each count): a keystroke's worth while typing, not
// a flood.
const previewsPerMinute = 600

// previewBoard is the board's template data.
type previewBoard struct {
	Title, Lang string
	Stages      []boardStage
	Warnings    []boardStage
}

type boardStage struct {
	previewStage
	FrameURL string
	Height   int  // the frame's estimated height at a sidebar's width, until it says
	Checked  bool // the stage shown first
	Dark     bool // the frame declares a dark colour scheme, and its element must too
}

// preview is the board of the posted settings.
func (s *dashboard) preview(c *gin.Context) { s.drawBoard(c, postedForm(c)) }

// savedPreview is the board of the saved settings: the widget page's
// preview before any change.
func (s *dashboard) savedPreview(c *gin.Context) { s.drawBoard(c, widgets.Form{}) }

func (s *dashboard) drawBoard(c *gin.Context, form widgets.Form) {
	w, ok := s.previewable(c)
	if !ok {
		return
	}
	if c.Request.Method == http.MethodGet {
		form = widgets.FormOf(w)
	}
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
	items := w.Curate(s.candidates(c, w))
	b := previewBoard{Title: w.ShownTitle(), Lang: w.Lang}
	for i, st := range previewStages(w) {
		q := form.Values()
		q.Set("stage", st.ID)
		bs := boardStage{previewStage: st, FrameURL: "/dashboard/widgets/" + w.ID + "/preview/frame?" + q.Encode(),
			Height: max(render.EstimateHeight(w, items, w.Count, 300), 60), Checked: i == 0, Dark: w.Look.Dark}
		b.Stages = append(b.Stages, bs)
		if st.Warning != "" {
			b.Warnings = append(b.Warnings, bs)
		}
	}
	c.Header("Content-Security-Policy", "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; frame-src 'self'; "+
		"frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
	c.Header("X-Frame-Options", "SAMEORIGIN")
	s.render(c, http.StatusOK, "preview.html.tmpl", b)
}

// previewFrame draws the widget with the settings in the address, on one
// of the board's stages.
func (s *dashboard) previewFrame(c *gin.Context) {
	w, ok := s.previewable(c)
	if !ok {
		return
	}
	form := widgets.FormFromValues(c.Request.URL.Query())
	settings, errs := widgets.ParseForm(form, w.Kind)
	if errs != nil {
		previewNote(c, http.StatusUnprocessableEntity, "These settings cannot be drawn: change them in the form.")
		return
	}
	apply(&w, settings, form)
	i := slices.IndexFunc(previewStages(w), func(st previewStage) bool { return st.ID == c.Query("stage") })
	if i < 0 {
		previewNote(c, http.StatusNotFound, "This preview is out of date: change a setting to draw it again.")
		return
	}
	items := w.Curate(s.candidates(c, w))
	w.Theme = previewStages(w)[i].Theme // a widget that follows the visitor, for this visitor
	// Pictures link to their origins: the image path serves only the
	// pictures of saved renderings, and this one is not saved.
	site := s.bundles.site
	site.ProxyImages = false
	d := render.Drawing{View: model.View{Widget: w, Items: items, State: model.Fresh}, Site: site}
	c.Header("Content-Security-Policy", framedBySelf(site.FrameCSP()))
	c.Header("X-Frame-Options", "SAMEORIGIN")
	c.Header("Cache-Control", "no-store")
	c.Data(http.StatusOK, "text/html; charset=utf-8", d.Frame().Body)
}

// previewable is the owner's widget in the address, within the member's
// preview budget; otherwise it answers with a sentence for the frame,
// which shows no error page (owner pages may not be framed).
func (s *dashboard) previewable(c *gin.Context) (model.Widget, bool) {
	if ok, wait := s.previews.allow("member:"+strconv.FormatInt(account(c).ID, 10), s.now()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		previewNote(c, http.StatusTooManyRequests, "Previews are coming faster than they can be drawn: the next one shows in a moment.")
		return model.Widget{}, false
	}
	w, err := s.findOwnWidget(c)
	if errors.Is(err, errNotFound) {
		previewNote(c, http.StatusNotFound, "This widget is no longer here to preview (deleted, or in another tab): reload the page.")
		return model.Widget{}, false
	} else if err != nil {
		s.log.Warn("preview: reading the widget failed", "err", err)
		previewNote(c, http.StatusServiceUnavailable, "The preview cannot be drawn just now. Try again in a moment.")
		return model.Widget{}, false
	}
	return w, true
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

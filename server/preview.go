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
// land on (previewstages.go), at a sidebar's and a phone's width.
//
//   - GET  .../preview is the board of the saved settings, or with
//     draft=1 of the settings in its address: dashboard.js loads it as the
//     owner types, replacing the frame's page, so typing leaves nothing in
//     the browser's history.
//   - POST .../preview is the same for the form's "Preview without saving"
//     button, aimed at the frame, so it works without JavaScript.
//   - GET  .../preview/frame draws one stage: the board's frames carry the
//     unsaved settings in their address, so any replica draws them, with
//     the public frame's renderer, from the lists in memory.
//
// Nothing is kept. Only this site's pages may frame any of them.

// previewsPerMinute bounds how many boards one member may draw: a
// keystroke's worth while typing, not a flood. (Their frames are reads of
// the member's own lists, as the dashboard's pages are.)
const previewsPerMinute = 600

// previewBoard is the board's template data.
type previewBoard struct {
	Title    string
	Stages   []boardStage
	Warnings []boardStage
}

type boardStage struct {
	previewStage
	FrameURL string
	Height   int  // the frame's estimated height at a sidebar's width, until it says
	Checked  bool // the stage shown first
	Dark     bool // the frame declares a dark colour scheme, and its element must too
}

// preview is the board of the posted settings.
func (s *dashboard) preview(c *gin.Context) {
	s.drawBoard(c, func(model.Widget) widgets.Form { return postedForm(c) })
}

// savedPreview is the board of the settings in the address (draft=1), or
// else of the saved ones: the widget page's preview before any change.
func (s *dashboard) savedPreview(c *gin.Context) {
	s.drawBoard(c, func(w model.Widget) widgets.Form {
		if q := c.Request.URL.Query(); q.Get("draft") == "1" {
			return widgets.FormFromValues(q)
		}
		return widgets.FormOf(w)
	})
}

// drawBoard draws the board of the settings formOf gives for the widget.
func (s *dashboard) drawBoard(c *gin.Context, formOf func(model.Widget) widgets.Form) {
	if !s.allowPreview(c) {
		return
	}
	w, ok := s.previewable(c)
	if !ok {
		return
	}
	form := formOf(w)
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
	height := max(render.EstimateHeight(w, w.Curate(s.candidates(c, w)), w.Count, 300), 60)
	b := previewBoard{Title: w.ShownTitle()}
	for i, st := range previewStages(w) {
		q := form.Values()
		q.Set("stage", st.ID)
		drawn := w
		drawn.Theme = st.Theme
		bs := boardStage{previewStage: st, FrameURL: "/dashboard/widgets/" + w.ID + "/preview/frame?" + q.Encode(),
			Height: height, Checked: i == 0, Dark: render.FrameDark(drawn)}
		b.Stages = append(b.Stages, bs)
		if st.Warning != "" {
			b.Warnings = append(b.Warnings, bs)
		}
	}
	framedHere(c, "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; frame-src 'self'; "+
		"frame-ancestors 'self'; base-uri 'none'; form-action 'none'")
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
	stages := previewStages(w)
	i := slices.IndexFunc(stages, func(st previewStage) bool { return st.ID == c.Query("stage") })
	if i < 0 {
		previewNote(c, http.StatusNotFound, "This preview is out of date: change a setting to draw it again.")
		return
	}
	items := w.Curate(s.candidates(c, w))
	w.Theme = stages[i].Theme // a widget that follows the visitor, for this visitor
	// Pictures link to their origins: the image path serves only the
	// pictures of saved renderings, and this one is not saved.
	site := s.bundles.site
	site.ProxyImages = false
	d := render.Drawing{View: model.View{Widget: w, Items: items, State: model.Fresh}, Site: site}
	framedHere(c, strings.Replace(site.FrameCSP(), "frame-ancestors *", "frame-ancestors 'self'", 1))
	c.Data(http.StatusOK, "text/html; charset=utf-8", d.Frame().Body)
}

// allowPreview spends one of the member's previews, or says to wait.
func (s *dashboard) allowPreview(c *gin.Context) bool {
	ok, wait := s.previews.allow("member:"+strconv.FormatInt(account(c).ID, 10), s.now())
	if !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())+1))
		previewNote(c, http.StatusTooManyRequests, "Previews are coming faster than they can be drawn: the next one shows in a moment.")
	}
	return ok
}

// previewable is the owner's widget in the address, asked for by this
// site's own pages; otherwise it answers with a sentence for the frame,
// which shows no error page (owner pages may not be framed).
func (s *dashboard) previewable(c *gin.Context) (model.Widget, bool) {
	// A link from elsewhere (the session cookie is Lax, so it arrives
	// signed in) must not show text of its choosing on this site.
	if !sameOriginFetch(c) {
		previewNote(c, http.StatusForbidden, "Previews open from your widget's page.")
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

// sameOriginFetch says the request came from this site's own pages, as
// browsers tell (Sec-Fetch-Site); a client that does not say is believed.
func sameOriginFetch(c *gin.Context) bool {
	site := c.GetHeader("Sec-Fetch-Site")
	return site == "" || site == "same-origin"
}

// framedHere sets the headers of every preview answer: framed only by
// this site's pages, kept nowhere.
func framedHere(c *gin.Context, csp string) {
	c.Header("Content-Security-Policy", csp)
	c.Header("X-Frame-Options", "SAMEORIGIN")
	c.Header("Cache-Control", "no-store")
}

// previewNote fills the preview frame with one calm sentence.
func previewNote(c *gin.Context, status int, msg string) {
	framedHere(c, "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'; base-uri 'none'")
	c.Data(status, "text/html; charset=utf-8", []byte(`<!doctype html><html lang="en"><meta charset="utf-8"><title>Preview</title>`+
		`<p style="font:15px/1.5 system-ui,sans-serif;color:#50575e;margin:8px">`+html.EscapeString(msg)+`</p></html>`))
}

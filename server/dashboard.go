package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/lang"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
)

// WidgetStore is what the dashboard reads and writes.
type WidgetStore interface {
	WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error)
	CreateWidget(ctx context.Context, w model.Widget, limit int) error
	Widget(ctx context.Context, id string) (model.Widget, error)
	UpdateWidget(ctx context.Context, w model.Widget) error
	DeleteWidget(ctx context.Context, accountID int64, id string) error
	RestoreWidget(ctx context.Context, accountID int64, id string, limit int) error
	SetCuration(ctx context.Context, accountID int64, id string, from, to model.Curation) error
}

// WidgetCache is what the dashboard asks of the widgets service.
type WidgetCache interface {
	// Forget drops a widget's cached settings on every replica.
	Forget(widgetID string)
	// Private says how many private sites and posts the member's widgets
	// leave out.
	Private(accountID int64) (sites, posts int, known bool)
	// Freshness says when the member's lists were fetched, and why not
	// since; RefreshNow fetches them at once (refresh.go).
	Freshness(accountID int64) widgets.Freshness
	RefreshNow(ctx context.Context, accountID int64) error
	// Candidates are the items a widget may show, for curating (curate.go).
	Candidates(w model.Widget) []model.Item
	Viewer
}

// dashboard is an owner's widgets: listing, making, changing, deleting.
type dashboard struct {
	*core
	store    WidgetStore
	widgets  WidgetCache
	bundles  *bundles // renderings to drop when a widget changes
	previews *limiter // per member (preview.go)
}

type widgetView struct {
	model.Widget
	PreviewURL string
	// PreviewBackground is "light" or "dark", the site the preview is drawn
	// for ("" for the dashboard's own, which follows the visitor as an auto
	// widget does). A class, not a style: the dashboard's CSP allows none.
	PreviewBackground string
	Snippets          []render.Snippet
}

// FrameDark says the widget's frame declares a dark colour scheme, which
// its preview's element must share (render.FrameDark).
func (v widgetView) FrameDark() bool { return render.FrameDark(v.Widget) }

// ThemeLabel names the widget's colours for the dashboard.
func (v widgetView) ThemeLabel() string {
	switch v.Theme {
	case model.Page:
		return "your site's colours"
	case model.Auto:
		return "visitor's colours"
	}
	return string(v.Theme)
}

type dashboardPage struct {
	base
	Widgets []widgetView
	New     formView
	// JustDeleted is the widget the owner deleted a moment ago, to undo.
	JustDeleted *deletedView
	// Trash are the deleted widgets that can still be restored.
	Trash     []deletedView
	Freshness freshnessView
	Limit     int
	AtLimit   bool
	Private   privateNote
}

type widgetPage struct {
	base
	Widget    widgetView
	Form      formView
	Saved     bool
	Restored  bool
	Created   bool
	Curated   string // the curation just done: "hide", "pin", …
	Freshness freshnessView
	Curation  curationView
}

func (s *dashboard) view(w model.Widget) widgetView {
	// The preview's address names the version of the settings it shows
	// (every change moves UpdatedAt, curation too): an edge cache in front
	// may keep a widget 10 s, the owner's preview must not wait for it.
	version := strconv.FormatInt(w.UpdatedAt.UnixMilli(), 36)
	// The preview sits on the background the widget is drawn for, so a
	// dark site's light text is readable on the light dashboard.
	var bg string
	switch {
	case w.Theme == model.Dark || w.Theme == model.Page && w.Look.Dark:
		bg = "dark"
	case w.Theme == model.Light || w.Theme == model.Page:
		bg = "light"
	}
	return widgetView{Widget: w, PreviewURL: s.baseURL + "/w/" + w.ID + "?v=" + version, PreviewBackground: bg,
		Snippets: render.Snippets(s.baseURL, w)}
}

// apply puts a parsed form's settings on w, as saving does.
func apply(w *model.Widget, settings model.Widget, form widgets.Form) {
	w.Title, w.Count, w.Layout, w.Theme, w.Display, w.Look = settings.Title, settings.Count, settings.Layout, settings.Theme, settings.Display, settings.Look
	w.EmptyText = settings.EmptyText
	if form.Lang != "" { // a form without the field keeps the widget's language
		w.Lang = settings.Lang
	}
}

// postedForm is the widget form posted (ownerForm has parsed it).
func postedForm(c *gin.Context) widgets.Form { return widgets.FormFromValues(c.Request.PostForm) }

func (s *dashboard) dashboardData(c *gin.Context, a model.Account) (dashboardPage, error) {
	list, err := s.store.WidgetsOf(c.Request.Context(), a.ID)
	if err != nil {
		return dashboardPage{}, err
	}
	p := dashboardPage{base: s.ownerBase(a), Limit: model.MaxPerAccount,
		New: newForm("/dashboard/widgets", widgets.Form{Kind: string(model.Following), Lang: lang.For(a.Language).Tag}, nil, "")}
	for _, w := range list {
		if w.Deleted() {
			if w.RestorableUntil().After(s.now()) { // older ones wait for the sweep, restorable no more
				p.Trash = append(p.Trash, deletedOf(w))
			}
		} else {
			p.Widgets = append(p.Widgets, s.view(w))
		}
	}
	p.AtLimit = liveWidgets(list) >= model.MaxPerAccount
	p.Private.Sites, p.Private.Posts, _ = s.widgets.Private(a.ID)
	p.Freshness = s.freshness(c, a.ID, "/dashboard")
	return p, nil
}

// liveWidgets counts the widgets not deleted: those the limit counts.
func liveWidgets(list []model.Widget) int {
	n := 0
	for _, w := range list {
		if !w.Deleted() {
			n++
		}
	}
	return n
}

// privateNote tells the owner what their public widgets leave out.
type privateNote struct{ Sites, Posts int }

// Text is "2 private sites and 1 post from a private site are not shown",
// or "" when nothing was left out.
func (n privateNote) Text() string {
	var parts []string
	if n.Sites > 0 {
		parts = append(parts, plural(n.Sites, "private site"))
	}
	if n.Posts == 1 {
		parts = append(parts, "1 post from a private site")
	} else if n.Posts > 1 {
		parts = append(parts, itoa(n.Posts)+" posts from private sites")
	}
	if len(parts) == 0 {
		return ""
	}
	verb := " are"
	if n.Sites+n.Posts == 1 {
		verb = " is"
	}
	return strings.Join(parts, " and ") + verb + " not shown"
}

func (s *dashboard) dashboard(c *gin.Context) {
	p, err := s.dashboardData(c, account(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	if id := c.Query("deleted"); id != "" {
		for i := range p.Trash {
			if p.Trash[i].ID == id {
				p.JustDeleted = &p.Trash[i]
			}
		}
	}
	s.render(c, http.StatusOK, "dashboard.html.tmpl", p)
}

func (s *dashboard) createWidget(c *gin.Context) {
	a := account(c)
	form := postedForm(c)
	if form.Lang == "" { // a new widget speaks its member's WordPress.com language, if we do
		form.Lang = lang.For(a.Language).Tag
	}
	settings, errs := widgets.ParseForm(form, "")
	if errs == nil {
		w := settings
		w.ID, w.AccountID = widgets.NewID(), a.ID
		// The store holds the limit: two creates at once cannot both pass it.
		switch err := s.store.CreateWidget(c.Request.Context(), w, model.MaxPerAccount); {
		case errors.Is(err, model.ErrLimit):
			errs = widgets.FieldErrors{"kind": "You have reached the limit of " + itoa(model.MaxPerAccount) + " widgets. Delete one to make another."}
		case err != nil:
			s.fail(c, err)
			return
		default:
			s.log.Info("widget created", "account", a.ID, "widget", w.ID, "kind", w.Kind)
			c.Redirect(http.StatusSeeOther, "/dashboard/widgets/"+w.ID+"?created=1")
			return
		}
	}
	// The form comes back by a redirect, its values in the address, so a
	// reload shows it again rather than posting it twice. A form too long
	// for an address (a pasted essay) is answered here.
	// The new page checks the values again, and says when the account is
	// at its limit.
	if q := form.Values(); len(q.Encode()) <= maxNewQuery {
		q.Set("check", "1")
		c.Redirect(http.StatusSeeOther, "/dashboard/new?"+q.Encode())
		return
	}
	s.newPage(c, http.StatusBadRequest, form, errs)
}

// maxNewQuery bounds the address a failed form comes back in: well
// inside what proxies accept in a request line (nginx: 8 KB).
const maxNewQuery = 4 << 10

type newWidgetPage struct {
	base
	Form    formView
	Limit   int
	AtLimit bool
}

// newWidget is the page to make a widget: blank, or a failed form's
// values, checked again, from the address (check=1). Only from this
// site's pages: a link from elsewhere cannot fill the form in.
func (s *dashboard) newWidget(c *gin.Context) {
	q := c.Request.URL.Query()
	if q.Get("check") != "1" || !sameOriginFetch(c) {
		s.newPage(c, http.StatusOK, widgets.Form{Kind: string(model.Following), Lang: lang.For(account(c).Language).Tag}, nil)
		return
	}
	form := widgets.FormFromValues(q)
	_, errs := widgets.ParseForm(form, "")
	s.newPage(c, http.StatusOK, form, errs)
}

func (s *dashboard) newPage(c *gin.Context, status int, form widgets.Form, errs widgets.FieldErrors) {
	a := account(c)
	list, err := s.store.WidgetsOf(c.Request.Context(), a.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := newWidgetPage{base: s.ownerBase(a), Form: newForm("/dashboard/widgets", form, errs, ""), Limit: model.MaxPerAccount,
		AtLimit: liveWidgets(list) >= model.MaxPerAccount}
	s.render(c, status, "new.html.tmpl", p)
}

// ownWidget loads the widget in the URL if the signed-in owner has it and
// has not deleted it; any other widget, existing or not, is "not found",
// so ids cannot be probed.
func (s *dashboard) ownWidget(c *gin.Context) (model.Widget, bool) {
	w, err := s.findOwnWidget(c)
	if err != nil {
		s.fail(c, err)
		return model.Widget{}, false
	}
	return w, true
}

// findOwnWidget is ownWidget for a caller that answers errors itself.
func (s *dashboard) findOwnWidget(c *gin.Context) (model.Widget, error) {
	id := c.Param("id")
	if !widgets.ValidID(id) {
		return model.Widget{}, errNotFound
	}
	w, err := s.store.Widget(c.Request.Context(), id)
	if errors.Is(err, model.ErrNotFound) || (err == nil && (w.AccountID != account(c).ID || w.Deleted())) {
		return model.Widget{}, errNotFound
	}
	return w, err
}

func (s *dashboard) showWidget(c *gin.Context) {
	w, ok := s.ownWidget(c)
	if !ok {
		return
	}
	p := s.widgetPage(c, w, newForm("/dashboard/widgets/"+w.ID, widgets.FormOf(w), nil, w.Kind))
	p.Saved, p.Restored, p.Created = c.Query("saved") == "1", c.Query("restored") == "1", c.Query("created") == "1"
	if a := c.Query("curated"); curatedSaid[a] {
		p.Curated = a
	}
	s.render(c, http.StatusOK, "widget.html.tmpl", p)
}

// curatedSaid are the curations the widget page has a sentence for.
var curatedSaid = map[string]bool{"hide": true, "unhide": true, "pin": true, "unpin": true}

// widgetPage is everything the widget page shows, around its form.
func (s *dashboard) widgetPage(c *gin.Context, w model.Widget, form formView) widgetPage {
	curation := s.curation(c, w) // first: it brings the lists in, for the freshness line too
	return widgetPage{base: s.ownerBase(account(c)), Widget: s.view(w), Form: form, Curation: curation,
		Freshness: s.freshness(c, w.AccountID, "/dashboard/widgets/"+w.ID)}
}

func (s *dashboard) updateWidget(c *gin.Context) {
	w, ok := s.ownWidget(c)
	if !ok {
		return
	}
	form := postedForm(c)
	settings, errs := widgets.ParseForm(form, w.Kind)
	if errs != nil {
		form.Kind = string(w.Kind)
		s.render(c, http.StatusBadRequest, "widget.html.tmpl", s.widgetPage(c, w, newForm("/dashboard/widgets/"+w.ID, form, errs, w.Kind)))
		return
	}
	apply(&w, settings, form)
	if err := s.store.UpdateWidget(c.Request.Context(), w); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			err = errNotFound
		}
		s.fail(c, err)
		return
	}
	s.forgetWidget(w.ID) // its embeds show the change on their next request
	c.Redirect(http.StatusSeeOther, "/dashboard/widgets/"+w.ID+"?saved=1")
}

func (s *dashboard) forgetWidget(id string) {
	s.widgets.Forget(id)
	s.bundles.forget(id)
}

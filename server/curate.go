package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
)

// The owner curates a widget: hides any of its items, pins a few to the
// top (POST /dashboard/widgets/{id}/hide, /unhide, /pin and /unpin, with
// the field item: the item's JSON Feed id). Every output of the widget
// follows, and it still shows its full count.

var (
	errUnknownItem = &publicError{http.StatusBadRequest, "Not one of its items",
		"This widget lists no such item. Reload its page: your lists may have changed since.", ""}
	errNotHidden   = &publicError{http.StatusBadRequest, "Not hidden", "This widget does not hide that item, so there is nothing to show again.", ""}
	errNotPinned   = &publicError{http.StatusBadRequest, "Not pinned", "This widget does not pin that item, so there is nothing to unpin.", ""}
	errPinLimit    = &publicError{http.StatusBadRequest, "Five pinned already", "A widget pins at most " + itoa(model.MaxPinned) + " items. Unpin one, then pin this one.", ""}
	errHideLimit   = &publicError{http.StatusBadRequest, "Too many hidden", "A widget hides at most " + itoa(model.MaxHidden) + " items. Show some again first.", ""}
	errListsNotYet = &publicError{http.StatusConflict, "Lists not fetched yet",
		"Your lists have not been fetched from WordPress.com yet, so there is nothing to choose from. Try again in a moment.", ""}
)

// curationView is what the widget page lists for curating.
type curationView struct {
	Known  bool // the lists are fetched: there is something to choose from
	Shown  []curatedItem
	Hidden []curatedItem
	// Gone are pinned items no longer among the member's latest, which
	// the widget cannot show: listed so they can be unpinned.
	Gone   []curatedItem
	CanPin bool
}

type curatedItem struct {
	FeedID, Title string
	Pinned        bool
}

// curationWait bounds how long an owner page waits for the lists as the
// widget needs them (a widget just made, one that now hides more, or a
// replica that has not read them from Redis yet), so the owner sees at
// once what a visitor will.
const curationWait = 5 * time.Second

// candidates are the items the widget may show, read as a visitor's view
// reads them first (memory, then Redis, then WordPress.com, within
// curationWait): nil when there are none to be had yet.
func (s *dashboard) candidates(c *gin.Context, w model.Widget) []model.Item {
	ctx, cancel := context.WithTimeout(c.Request.Context(), curationWait)
	_, _ = s.widgets.View(ctx, w.ID) // no I/O when the lists are in
	cancel()
	return s.widgets.Candidates(w)
}

func (s *dashboard) curation(c *gin.Context, w model.Widget) curationView {
	all := s.candidates(c, w)
	v := curationView{Known: all != nil, CanPin: len(w.Pinned) < model.MaxPinned}
	for _, it := range w.Curate(all) {
		v.Shown = append(v.Shown, curatedItem{FeedID: render.FeedIDPrefix + it.ID, Title: it.Title, Pinned: w.Pins(it.ID)})
	}
	for _, id := range w.Pinned {
		if !slices.ContainsFunc(v.Shown, func(it curatedItem) bool { return it.FeedID == render.FeedIDPrefix+id }) {
			v.Gone = append(v.Gone, curatedItem{FeedID: render.FeedIDPrefix + id, Title: titleOf(all, id), Pinned: true})
		}
	}
	for _, id := range w.Hidden {
		v.Hidden = append(v.Hidden, curatedItem{FeedID: render.FeedIDPrefix + id, Title: titleOf(all, id)})
	}
	return v
}

// titleOf names an item by its id, or says it is no longer listed.
func titleOf(all []model.Item, id string) string {
	if i := slices.IndexFunc(all, func(it model.Item) bool { return it.ID == id }); i >= 0 {
		return all[i].Title
	}
	return "(no longer among your latest, so not shown)"
}

// curationTries bounds how often one curation reads the widget again
// because another was stored first: each round stores at least one, so
// this many clicks at once all land.
const curationTries = 10

// curate hides, shows again, pins or unpins one item of the widget.
func (s *dashboard) curate(action string) gin.HandlerFunc {
	return func(c *gin.Context) {
		id, ok := strings.CutPrefix(c.PostForm("item"), render.FeedIDPrefix)
		if !ok || id == "" || strings.ContainsAny(id, " \t\n") {
			s.fail(c, errUnknownItem)
			return
		}
		// The store sets the lists only if they are as read: a change made
		// meanwhile (in another tab) is read again and kept, not undone.
		for try := 1; ; try++ {
			w, ok := s.ownWidget(c)
			if !ok {
				return
			}
			to, err := s.curated(c, w, action, id)
			if err != nil {
				s.fail(c, err)
				return
			}
			if slices.Equal(to.Hidden, w.Hidden) && slices.Equal(to.Pinned, w.Pinned) { // already so: nothing to store
				c.Redirect(http.StatusSeeOther, "/dashboard/widgets/"+w.ID+"?curated="+action+"#curate")
				return
			}
			err = s.store.SetCuration(c.Request.Context(), w.AccountID, w.ID, w.Curation(), to)
			if errors.Is(err, model.ErrNotFound) && try < curationTries {
				continue // changed or deleted meanwhile: ownWidget tells which
			}
			if errors.Is(err, model.ErrNotFound) {
				err = errNotFound
			}
			if err != nil {
				s.fail(c, err)
				return
			}
			s.forgetWidget(w.ID)
			c.Redirect(http.StatusSeeOther, "/dashboard/widgets/"+w.ID+"?curated="+action+"#curate")
			return
		}
	}
}

// curated is w's curation after action on item id, or why it cannot be.
func (s *dashboard) curated(c *gin.Context, w model.Widget, action, id string) (model.Curation, error) {
	hidden, pinned := slices.Clone(w.Hidden), slices.Clone(w.Pinned)
	drop := func(ids []string) []string { return slices.DeleteFunc(ids, func(x string) bool { return x == id }) }
	switch action {
	case "hide", "pin":
		all := s.candidates(c, w)
		if all == nil {
			return model.Curation{}, errListsNotYet
		}
		if !slices.ContainsFunc(all, func(it model.Item) bool { return it.ID == id }) {
			return model.Curation{}, errUnknownItem
		}
		if action == "hide" && !w.Hides(id) {
			if len(hidden) >= model.MaxHidden {
				return model.Curation{}, errHideLimit
			}
			hidden, pinned = append(hidden, id), drop(pinned)
		}
		if action == "pin" && !w.Pins(id) {
			if len(pinned) >= model.MaxPinned {
				return model.Curation{}, errPinLimit
			}
			pinned, hidden = append(pinned, id), drop(hidden)
		}
	case "unhide":
		if !w.Hides(id) {
			return model.Curation{}, errNotHidden
		}
		hidden = drop(hidden)
	case "unpin":
		if !w.Pins(id) {
			return model.Curation{}, errNotPinned
		}
		pinned = drop(pinned)
	}
	return model.Curation{Hidden: hidden, Pinned: pinned}, nil
}

package server

import (
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/widgets"
)

// Deleting asks first, on a page of its own (it works without
// JavaScript), and can be undone: a deleted widget keeps its id, so every
// snippet pasted anywhere works again once it is restored, for
// model.RestoreWindow. Then the store's sweep purges it.

var (
	errNothingToRestore = &publicError{http.StatusNotFound, "Nothing to restore",
		"None of your deleted widgets has this address. Widgets deleted more than 30 days ago are gone for good.", ""}
	errRestoreLimit = &publicError{http.StatusConflict, "No room to restore it",
		"You have " + itoa(model.MaxPerAccount) + " widgets, the most one account may have. Delete one, then restore this one.", ""}
)

type deletePage struct {
	base
	Widget model.Widget
	// Until is the last day it can be restored, were it deleted now.
	Until string
}

// confirmDelete asks whether to delete the widget.
func (s *dashboard) confirmDelete(c *gin.Context) {
	w, ok := s.ownWidget(c)
	if !ok {
		return
	}
	s.render(c, http.StatusOK, "delete.html.tmpl", deletePage{base: s.ownerBase(account(c)), Widget: w,
		Until: day(s.now().Add(model.RestoreWindow))})
}

// deleteWidget deletes it once confirmed; a post without the
// confirmation's field is sent to the question first.
func (s *dashboard) deleteWidget(c *gin.Context) {
	w, ok := s.ownWidget(c)
	if !ok {
		return
	}
	if c.PostForm("confirm") != "yes" {
		c.Redirect(http.StatusSeeOther, "/dashboard/widgets/"+w.ID+"/delete")
		return
	}
	if err := s.store.DeleteWidget(c.Request.Context(), account(c).ID, w.ID); err != nil {
		if errors.Is(err, model.ErrNotFound) {
			err = errNotFound
		}
		s.fail(c, err)
		return
	}
	s.forgetWidget(w.ID)
	s.log.Info("widget deleted", "account", w.AccountID, "widget", w.ID)
	c.Redirect(http.StatusSeeOther, "/dashboard?deleted="+w.ID)
}

// restoreWidget brings a deleted widget back, with its id.
func (s *dashboard) restoreWidget(c *gin.Context) {
	id, a := c.Param("id"), account(c)
	if !widgets.ValidID(id) {
		s.fail(c, errNothingToRestore)
		return
	}
	switch err := s.store.RestoreWidget(c.Request.Context(), a.ID, id, model.MaxPerAccount); {
	case errors.Is(err, model.ErrNotFound):
		s.fail(c, errNothingToRestore)
		return
	case errors.Is(err, model.ErrLimit):
		s.fail(c, errRestoreLimit)
		return
	case err != nil:
		s.fail(c, err)
		return
	}
	s.forgetWidget(id)
	s.log.Info("widget restored", "account", a.ID, "widget", id)
	c.Redirect(http.StatusSeeOther, "/dashboard/widgets/"+id+"?restored=1")
}

// deletedView is a deleted widget as the dashboard lists it.
type deletedView struct {
	model.Widget
	On, Until string // the day it was deleted, the last day it can be restored
}

func deletedOf(w model.Widget) deletedView {
	return deletedView{Widget: w, On: day(w.DeletedAt), Until: day(w.RestorableUntil())}
}

// day is a date as the owner pages write it.
func day(t time.Time) string { return t.UTC().Format("2 January 2006") }

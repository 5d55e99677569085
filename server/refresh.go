package server

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/widgets"
)

// The owner sees how fresh their lists are and may fetch them at once,
// once a minute ("Refresh now", POST /dashboard/refresh).

var errRefreshTooSoon = &publicError{http.StatusTooManyRequests, "Just refreshed",
	"Your lists were asked for less than a minute ago, so they are as fresh as WordPress.com makes them. Please try again in a minute.", ""}

// refreshWait bounds how long the owner's request waits for the fetch;
// it goes on after.
const refreshWait = 8 * time.Second

// freshnessView is the line an owner page shows about the lists.
type freshnessView struct {
	Updated   string // "updated 3 minutes ago", "not fetched yet"
	Problem   string // why they are not being updated, "" when fine
	Next      string // "next try in 4 minutes", "" when unknown
	Reconnect bool
	Back      string // where "Refresh now" comes back to
	Refreshed string // what the last "Refresh now" did: "", "done", "pending" or "failed"
	Every     string // "10 minutes", "hour": how often they are fetched on their own
}

func (s *dashboard) freshness(c *gin.Context, accountID int64, back string) freshnessView {
	f, now := s.widgets.Freshness(accountID), s.now()
	v := freshnessView{Updated: "not fetched yet", Problem: f.Problem, Reconnect: f.Reconnect, Back: back,
		Refreshed: c.Query("refreshed"), Every: strings.TrimPrefix(span(max(f.Every, time.Minute)), "1 ")}
	if !f.Fetched.IsZero() {
		v.Updated = "updated " + ago(now.Sub(f.Fetched))
	}
	if f.NextTry.After(now) {
		v.Next = "next try in under a minute"
		if d := f.NextTry.Sub(now); d >= time.Minute {
			v.Next = "next try in " + span(d)
		}
	}
	return v
}

// refresh fetches the member's lists at once and comes back to the page
// it was asked from, saying how it went.
func (s *dashboard) refresh(c *gin.Context) {
	back := c.PostForm("back")
	if id, ok := strings.CutPrefix(back, "/dashboard/widgets/"); back != "/dashboard" && (!ok || !widgets.ValidID(id)) {
		back = "/dashboard"
	}
	ctx, cancel := context.WithTimeout(c.Request.Context(), refreshWait)
	defer cancel()
	err := s.widgets.RefreshNow(ctx, account(c).ID)
	outcome := "done"
	var throttled *widgets.ThrottledError
	switch {
	case errors.Is(err, widgets.ErrTooSoon):
		c.Header("Retry-After", "60")
		s.fail(c, errRefreshTooSoon)
		return
	case errors.As(err, &throttled):
		wait := max(throttled.Until.Sub(s.now()), time.Second)
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds()+.5)))
		s.fail(c, &publicError{http.StatusTooManyRequests, "WordPress.com asked us to wait",
			"WordPress.com asked this service to slow down, and asking again now would only make it wait longer. Your lists are fetched again in " +
				span(max(wait, time.Minute)) + ", on their own.", ""})
		return
	case err != nil && c.Request.Context().Err() != nil:
		c.Abort() // the owner left
		return
	case errors.Is(err, widgets.ErrNotYet):
		outcome = "pending"
	case err != nil:
		outcome = "failed" // the page says why
	}
	c.Redirect(http.StatusSeeOther, back+"?refreshed="+outcome)
}

// ago says how long ago, in words an owner reads at a glance.
func ago(d time.Duration) string {
	if d < time.Minute {
		return "just now"
	}
	return span(d) + " ago"
}

// span is a duration of a minute or more in whole minutes, hours or days.
func span(d time.Duration) string {
	switch {
	case d < time.Hour:
		return plural(int(d/time.Minute), "minute")
	case d < 48*time.Hour:
		return plural(int(d/time.Hour), "hour")
	}
	return plural(int(d/(24*time.Hour)), "day")
}

package server

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
)

// A WordPress frame is sandboxed: an item click inside it asks the host page
// to open /w/ID/go?url=…, on our host, and we send the visitor on. Only
// the widget's own item URLs are accepted. And so that the address is no
// redirector for links kept elsewhere (a feed, a spam mail pointing at a
// post its sender liked), it redirects at once only for clicks from a frame
// we served lately: one with a fresh token (the host's navigation comes
// from another site, so the frame's token is what vouches for it), or a
// request the browser says came from our own pages. Anyone else gets a
// small page naming where the link goes, with the link.

// Tokens are made per day: within one day every rendering of a widget
// carries the same token (the same bytes, the same ETag), and a token stays
// good through the next day, for frames held in caches meanwhile.
const goTokenDay = 24 * time.Hour

// goDay is the day t falls in, counted from the Unix epoch.
func goDay(t time.Time) int64 { return t.Unix() / int64(goTokenDay/time.Second) }

// goToken is "<day>.<MAC of the widget id and day>".
func (s *embeds) goToken(widgetID string) string {
	day := strconv.FormatInt(goDay(s.now()), 10)
	return day + "." + base64.RawURLEncoding.EncodeToString(s.tokens.Sum([]byte(widgetID+"|"+day), "go")[:16])
}

// goTokenValid accepts a token of the widget made today or yesterday.
// The token sits in the public frame, so it does not stop anyone who
// fetches the frame: it makes links kept elsewhere stop redirecting within
// one to two days.
func (s *embeds) goTokenValid(widgetID, token string) bool {
	day, mac, ok := strings.Cut(token, ".")
	n, err := strconv.ParseInt(day, 10, 64)
	if !ok || err != nil {
		return false
	}
	// Today's and yesterday's, and tomorrow's from a replica whose clock
	// runs a little ahead.
	if today := goDay(s.now()); n < today-1 || n > today+1 {
		return false
	}
	sum, err := base64.RawURLEncoding.DecodeString(mac)
	if err != nil || len(sum) != 16 {
		return false
	}
	return s.tokens.Verify(sum, []byte(widgetID+"|"+day), "go") // any key: a rotation keeps tokens good
}

// fromOurFrame reports whether the browser says the click came from our own
// pages: same-origin fetch metadata, or the widget's frame as referrer.
func (s *embeds) fromOurFrame(c *gin.Context, widgetID string) bool {
	if c.GetHeader("Sec-Fetch-Site") == "same-origin" {
		return true
	}
	ref, err := url.Parse(c.GetHeader("Referer"))
	return err == nil && strings.EqualFold(ref.Scheme+"://"+ref.Host, s.baseURL) &&
		strings.TrimSuffix(ref.Path, "/") == "/w/"+widgetID
}

type leavingPage struct {
	base
	Host, URL string
}

func (s *embeds) redirect(c *gin.Context) {
	id, ext := embedFile(c.Param("file"))
	target := c.Query("url")
	if ext != "" {
		s.answer(c, errNoWidget, asText)
		return
	}
	b, ok := s.bundle(c, id, errNoWidget, asText)
	if !ok {
		return
	}
	if !b.Links()[target] {
		s.answer(c, errNotAnItem, asText)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Header("Referrer-Policy", "origin")
	if s.goTokenValid(id, c.Query("t")) || s.fromOurFrame(c, id) {
		c.Redirect(http.StatusFound, target)
		return
	}
	u, _ := url.Parse(target) // a widget's link: it parses
	c.Header("X-Robots-Tag", "noindex")
	c.Header("X-Frame-Options", "DENY")
	c.Header("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	s.render(c, http.StatusOK, "leaving.html.tmpl", leavingPage{base: s.base(), Host: strings.TrimPrefix(u.Hostname(), "www."), URL: target})
}

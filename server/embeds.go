package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/wpcom"

	"github.com/gin-gonic/gin"
	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"

	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/widgets"
)

// Widgets is what the public endpoints and the dashboard need of the
// widgets service.
type Widgets interface {
	View(ctx context.Context, id string) (widgets.View, error)
	Forget(widgetID string)
	ForgetAccount(accountID int64, widgetIDs ...string)
	Connect(ctx context.Context, me *wpcom.Me, tok wpcom.Token, scope string) (store.Account, error)
	// Private says how many private sites and posts the member's widgets
	// leave out, for the dashboard.
	Private(accountID int64) (sites, posts int, known bool)
}

// bundles keeps one rendering per widget, for the version of its data and
// settings it was made from. The hot path is: View (memory), compare the
// version, write bytes.
type bundles struct {
	items *gocache.Cache
	group singleflight.Group
	now   func() time.Time
	// goToken mints the frame's redirect token (redirect.go); a rendering
	// is made again on a new day, for a new token.
	goToken func(widgetID string) string
	assets  *render.Assets
}

type version struct {
	lists   uint64
	updated int64
	state   widgets.State
}

type cachedBundle struct {
	v      version
	b      *render.Bundle
	minted time.Time
}

func newBundles(now func() time.Time, goToken func(widgetID string) string, assets *render.Assets) *bundles {
	return &bundles{items: gocache.New(time.Hour, 10*time.Minute), now: now, goToken: goToken, assets: assets}
}

func (bs *bundles) get(base string, v widgets.View) *render.Bundle {
	ver := version{v.Version, v.Widget.UpdatedAt.UnixNano(), v.State}
	if x, ok := bs.items.Get(v.Widget.ID); ok {
		if cb := x.(*cachedBundle); cb.v == ver && goDay(cb.minted) == goDay(bs.now()) {
			return cb.b
		}
	}
	// Visitors arriving together for a new version render it once.
	key := v.Widget.ID + "|" + strconv.FormatUint(ver.lists, 10) + "|" + strconv.FormatInt(ver.updated, 10) + "|" + strconv.Itoa(int(ver.state))
	b, _, _ := bs.group.Do(key, func() (any, error) {
		now := bs.now()
		w := render.Widget{Widget: v.Widget, BaseURL: base, Items: v.Items, GoToken: bs.goToken(v.Widget.ID), Assets: bs.assets}
		b := render.Render(w, now)
		bs.items.SetDefault(v.Widget.ID, &cachedBundle{v: ver, b: b, minted: now})
		return b, nil
	})
	return b.(*render.Bundle)
}

func (bs *bundles) forget(id string) { bs.items.Delete(id) }

// embedFile splits "abc.js" into the id and the format; gin cannot route
// /w/:id next to /w/:id.js.
func embedFile(file string) (id, ext string) {
	if i := strings.IndexByte(file, '.'); i >= 0 {
		return file[:i], file[i:]
	}
	return file, ""
}

func (s *Server) embed(c *gin.Context) {
	id, ext := embedFile(c.Param("file"))
	switch ext {
	case "", ".js", ".json", ".opml":
	default:
		s.embedMissing(c, ext, unknownFormat)
		return
	}
	v, err := s.opts.Widgets.View(c.Request.Context(), id)
	if errors.Is(err, widgets.ErrNotFound) {
		s.embedMissing(c, ext, noWidget)
		return
	}
	if err != nil {
		if c.Request.Context().Err() != nil {
			c.Abort() // the visitor left: nobody to answer, nothing wrong
			return
		}
		s.log.Error("widget view failed", "widget", id, "err", err)
		s.embedMissing(c, ext, unavailable)
		return
	}
	b := s.bundles.get(s.opts.BaseURL, v)
	empty := v.State == widgets.Pending || v.State == widgets.Reconnect
	cc := func(normal string) string {
		if empty {
			return ccEmpty // retry soon: there will be data shortly
		}
		return normal
	}
	switch ext {
	case "":
		c.Header("Content-Security-Policy", s.bundles.assets.FrameCSP)
		serve(c, http.StatusOK, b.Frame, cc(ccFrame))
	case ".js":
		c.Header("Content-Security-Policy", strictCSP)
		serve(c, http.StatusOK, b.Script, cc(ccData))
	case ".json":
		c.Header("Content-Security-Policy", strictCSP)
		serve(c, http.StatusOK, b.JSONFeed, cc(ccData))
	case ".opml":
		if b.OPML == nil {
			s.embedMissing(c, ext, noBlogroll)
			return
		}
		c.Header("Content-Security-Policy", strictCSP)
		serve(c, http.StatusOK, b.OPML, cc(ccData))
	}
}

// embedMissing answers 404 with a body of the endpoint's own type: a page
// inside a frame, a harmless script, JSON, XML. Every body was made at
// start (missing.go), so nothing a visitor sends is kept.
func (s *Server) embedMissing(c *gin.Context, ext string, why embedProblem) {
	t := embedTypeOf(ext)
	if t == embedHTML {
		c.Header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors *")
	} else {
		c.Header("Content-Security-Policy", strictCSP)
	}
	serve(c, http.StatusNotFound, s.missing[t][why], ccError)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

// oembed answers oEmbed 1.0 for this service's own widget URLs. The url is
// parsed, never fetched.
func (s *Server) oembed(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "xml" {
		c.Header("Cache-Control", ccError)
		c.String(http.StatusNotImplemented, "Unsupported format: use format=json or format=xml.\n")
		return
	}
	id, ok := s.ownWidgetURL(c.Query("url"))
	if !ok {
		c.Header("Cache-Control", ccError)
		c.String(http.StatusNotFound, "Not a widget of this service.\n")
		return
	}
	maxW, errW := optionalInt(c.Query("maxwidth"))
	maxH, errH := optionalInt(c.Query("maxheight"))
	if errW != nil || errH != nil {
		c.String(http.StatusBadRequest, "maxwidth and maxheight must be whole numbers of pixels.\n")
		return
	}
	v, err := s.opts.Widgets.View(c.Request.Context(), id)
	if err != nil {
		c.Header("Cache-Control", ccError)
		c.String(http.StatusNotFound, "Not a widget of this service.\n")
		return
	}
	b := s.bundles.get(s.opts.BaseURL, v)
	o := b.OEmbedJSON
	if format == "xml" {
		o = b.OEmbedXML
	}
	if maxW > 0 || maxH > 0 {
		o = b.Widget.OEmbed(format, maxW, maxH)
	}
	c.Header("Content-Security-Policy", strictCSP)
	serve(c, http.StatusOK, o, ccOEmbed)
}

// ownWidgetURL accepts http(s)://<our host>/w/<id> (with or without a
// trailing slash, either scheme, any query) and returns the id.
func (s *Server) ownWidgetURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	base, _ := url.Parse(s.opts.BaseURL)
	if !strings.EqualFold(u.Host, base.Host) {
		return "", false
	}
	id, ok := strings.CutPrefix(strings.TrimSuffix(u.Path, "/"), "/w/")
	if !ok || !widgets.ValidID(id) {
		return "", false
	}
	return id, true
}

func optionalInt(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, errors.New("not a whole number")
	}
	return n, nil
}

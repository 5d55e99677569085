package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/sync/singleflight"

	"github.com/wpcom-widgets/service/logs"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/widgets"
)

// Viewer is what the public endpoints ask of the widgets service.
type Viewer interface {
	View(ctx context.Context, id string) (model.View, error)
}

// embeds are the public, embeddable addresses: the frame, the script,
// the feeds, oEmbed, and the redirect (redirect.go).
type embeds struct {
	*core
	widgets Viewer
	bundles *bundles
	tokens  *seal.Keyring // the redirect's tokens (redirect.go)
	// thumbnails serves pictures (images.go); nil when the operator turned
	// the image proxy off and widgets link pictures directly.
	thumbnails  Thumbnails
	imageServed func(bytes int) // metrics; may be nil
	unreadable  *logs.Sometimes // widgets that could not be read, for the log
}

// bundles keeps one rendering per widget, for the version of its data and
// settings it was made from. The hot path is: View (memory), compare the
// version, write bytes.
type bundles struct {
	// items are *cachedBundle by widget id: a sync.Map, read without a
	// lock every core writes to, each entry timed by the clock reading
	// its day check takes anyway. An entry is kept bundleTTL after it was
	// made (one still asked for is made again); the sweep that follows a
	// rendering now and then drops those past it.
	items sync.Map
	swept atomic.Int64 // when the last sweep ran, Unix nanoseconds
	group singleflight.Group
	now   func() time.Time
	// goToken mints the frame's redirect token (redirect.go); a rendering
	// is made again on a new day, for a new token.
	goToken func(widgetID string) string
	// site is what every rendering shares: the base URL, the assets, and
	// whether pictures come from the image path.
	site render.Site
}

type version struct {
	lists   uint64
	updated int64
	state   model.State
}

type cachedBundle struct {
	v     version
	b     *render.Bundle
	day   int64 // the day of its redirect token (goDay)
	until int64 // when it is dropped, Unix nanoseconds
}

// bundleTTL is how long a rendering is kept after it was made; sweepEvery,
// how often those past it are looked for.
const (
	bundleTTL  = time.Hour
	sweepEvery = 10 * time.Minute
)

func newBundles(now func() time.Time, goToken func(widgetID string) string, site render.Site) *bundles {
	return &bundles{now: now, goToken: goToken, site: site}
}

func (bs *bundles) get(v model.View) *render.Bundle {
	ver := version{v.Version, v.Widget.UpdatedAt.UnixNano(), v.State}
	if x, ok := bs.items.Load(v.ID); ok {
		now := bs.now()
		if cb := x.(*cachedBundle); cb.v == ver && cb.day == goDay(now) && now.UnixNano() < cb.until {
			return cb.b
		}
	}
	// Visitors arriving together for a new version render it once.
	key := v.ID + "|" + strconv.FormatUint(ver.lists, 10) + "|" + strconv.FormatInt(ver.updated, 10) + "|" + strconv.Itoa(int(ver.state))
	b, _, _ := bs.group.Do(key, func() (any, error) {
		now := bs.now()
		b := render.Render(render.Drawing{View: v, Site: bs.site, GoToken: bs.goToken(v.ID)}, now)
		b.Compact() // kept for every cached widget: the gzip copy only
		bs.items.Store(v.ID, &cachedBundle{v: ver, b: b, day: goDay(now), until: now.Add(bundleTTL).UnixNano()})
		bs.sweep(now)
		return b, nil
	})
	return b.(*render.Bundle)
}

// sweep drops the renderings past their time, at most once per
// sweepEvery.
func (bs *bundles) sweep(now time.Time) {
	last := bs.swept.Load()
	if now.UnixNano()-last < int64(sweepEvery) || !bs.swept.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	bs.items.Range(func(id, x any) bool {
		if now.UnixNano() >= x.(*cachedBundle).until {
			bs.items.CompareAndDelete(id, x)
		}
		return true
	})
}

func (bs *bundles) forget(id string) { bs.items.Delete(id) }

// bundle is the widget's rendering, of what it shows now, for a public
// address; or false once answered: missing (404) when there is no such
// widget, 503 with Retry-After when it cannot be read just now (an edge,
// a feed reader or WordPress asks again soon rather than taking the
// widget for deleted; a frame stays as high as it was), nothing when the
// visitor left.
func (s *embeds) bundle(c *gin.Context, id string, missing *publicError, as bodyType) (*render.Bundle, bool) {
	v, err := s.widgets.View(c.Request.Context(), id)
	switch {
	case err == nil:
		return s.bundles.get(v), true
	case errors.Is(err, widgets.ErrNotFound):
		s.answer(c, missing, as)
	case c.Request.Context().Err() != nil:
		c.Abort() // the visitor left: nobody to answer, nothing wrong
	default:
		s.unreadable.Do(func(n int64) { // every visitor meets an outage: a line now and then
			s.log.Warn("widget cannot be read just now; answered 503", "widget", id, "err", err, "since_last_line", n)
		})
		s.answer(c, errUnavailable, as)
	}
	return nil, false
}

// embedFile splits "abc.js" into the id and the format; gin cannot route
// /w/:id next to /w/:id.js.
func embedFile(file string) (id, ext string) {
	if i := strings.IndexByte(file, '.'); i >= 0 {
		return file[:i], file[i:]
	}
	return file, ""
}

func (s *embeds) embed(c *gin.Context) {
	id, ext := embedFile(c.Param("file"))
	switch ext {
	case "", ".js", ".json", ".atom", ".rss", ".opml", ".html", ".css":
	default:
		s.answer(c, errUnknownFormat, asEmbed(ext))
		return
	}
	if ext == ".css" { // the same for every widget: no lists to load for it
		if !widgets.ValidID(id) {
			s.answer(c, errNoWidget, asEmbed(ext))
			return
		}
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, s.bundles.site.Assets.Stylesheet, ccWidget)
		return
	}
	b, ok := s.bundle(c, id, errNoWidget, asEmbed(ext))
	if !ok {
		return
	}
	cc := keptFor(b.Drawing.State, ccWidget)
	switch ext {
	case "":
		setCSP(c, s.bundles.site.FrameCSP())
		serve(c, http.StatusOK, b.Frame(), cc)
	case ".js":
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, b.Script(), cc)
	case ".json":
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, b.JSONFeed(), cc)
	case ".atom":
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, b.Atom(), cc)
	case ".html": // markup for the including page: a document of its own runs nothing
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, b.HTML(), cc)
	case ".rss":
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, b.RSS(), cc)
	case ".opml":
		opml := b.OPML()
		if opml == nil {
			s.answer(c, errNoBlogroll, asEmbed(ext))
			return
		}
		setCSP(c, strictCSP)
		serve(c, http.StatusOK, opml, cc)
	}
}

// oembed answers oEmbed 1.0 for this service's own widget URLs. The url is
// parsed, never fetched.
func (s *embeds) oembed(c *gin.Context) {
	format := c.DefaultQuery("format", "json")
	if format != "json" && format != "xml" {
		s.answer(c, errOEmbedFormat, asText)
		return
	}
	id, ok := s.ownWidgetURL(c.Query("url"))
	if !ok {
		s.answer(c, errOEmbedURL, asText)
		return
	}
	maxW, errW := optionalInt(c.Query("maxwidth"))
	maxH, errH := optionalInt(c.Query("maxheight"))
	if errW != nil || errH != nil {
		s.answer(c, errOEmbedSize, asText)
		return
	}
	b, ok := s.bundle(c, id, errOEmbedURL, asText)
	if !ok {
		return
	}
	var o *render.Output
	switch {
	case maxW > 0 || maxH > 0:
		o = b.Drawing.OEmbed(format, maxW, maxH)
	case format == "xml":
		o = b.OEmbedXML()
	default:
		o = b.OEmbedJSON()
	}
	setCSP(c, strictCSP)
	serve(c, http.StatusOK, o, keptFor(b.Drawing.State, ccOEmbed)) // its height is reckoned from the list
}

// ownWidgetURL accepts http(s)://<our host>/w/<id> (with or without a
// trailing slash, either scheme, any query) and returns the id.
func (s *embeds) ownWidgetURL(raw string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return "", false
	}
	base, _ := url.Parse(s.baseURL)
	if !strings.EqualFold(u.Host, base.Host) {
		return "", false
	}
	id, ok := strings.CutPrefix(strings.TrimSuffix(u.Path, "/"), "/w/")
	if !ok || !widgets.ValidID(id) {
		return "", false
	}
	return id, true
}

// optionalInt reads oEmbed's maxwidth or maxheight: 0 when not given, or
// when 0 or less (a consumer with no room gets the default size, which it
// may scale); never negative, so the sizes below start from sense.
func optionalInt(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, errors.New("not a whole number")
	}
	return max(n, 0), nil
}

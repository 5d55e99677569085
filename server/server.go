package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/logs"
	"github.com/wpcom-widgets/service/render"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/templates"
)

// The server has five areas, each a small struct holding only what it may
// touch, through interfaces declared beside it:
//
//	sessions   session.go    who is signed in; the start page
//	signIn     auth.go       connecting, logging out, disconnecting
//	dashboard  dashboard.go  an owner's widgets, making one; formview.go the form;
//	           delete.go     deleting and restoring;
//	           refresh.go    how fresh the lists are, and fetching them now;
//	           curate.go     hiding and pinning items;
//	           preview.go    the live preview, on the pages of previewstages.go
//	embeds     embeds.go     the public widget addresses, oEmbed, the redirect
//	           images.go     the widget's pictures, from the service's own host
//	ops        health.go     /healthz, /readyz
//
// and a core they share (below): the log, the clock, the pages, and fail,
// the one place errors become responses (errors.go).

// Store is everything the areas need of the database, together.
type Store interface {
	SessionStore
	SignInStore
	WidgetStore
	Ping(ctx context.Context) error
}

// Widgets is everything the areas need of the widgets service, together.
type Widgets interface {
	Viewer
	WidgetCache
	Accounts
}

// RequestMetrics records served requests (metrics.Metrics does).
type RequestMetrics interface {
	Request(route, method string, status int, took time.Duration)
}

// Options configure the HTTP server and hand it its dependencies.
type Options struct {
	BaseURL  string // public URL, no trailing slash
	WPCOMURL string // where WordPress.com (or the simulator) is
	Demo     bool
	Logger   *slog.Logger
	Store    Store
	Keyring  *seal.Keyring
	OAuth    OAuthFlow
	Members  MemberAPI
	Widgets  Widgets
	Now      func() time.Time // time.Now when nil
	// Metrics and MetricsHandler, when set, count requests and serve
	// /metrics.
	Metrics        RequestMetrics
	MetricsHandler http.Handler
	// ReadyChecks are reported by /readyz after the database.
	ReadyChecks []ReadyCheck
	// TrustedProxies are the addresses or CIDR ranges whose
	// X-Forwarded-For names the client (WIDGETS_TRUSTED_PROXIES); none
	// when empty, so a stranger cannot pick the address they are limited by.
	TrustedProxies []string
	// RateLimit is how many sign-in requests and owner forms one client
	// may send a minute (WIDGETS_RATE_LIMIT); 0 turns the limit off.
	RateLimit int
	// Thumbnails, when set, serve every picture a widget shows from the
	// service's own host (WIDGETS_IMAGE_PROXY); nil links them directly.
	Thumbnails Thumbnails
	// ImageServed is told the bytes of each thumbnail sent (metrics).
	ImageServed func(bytes int)
}

// core is what every area shares.
type core struct {
	log      *slog.Logger
	now      func() time.Time
	baseURL  string
	wpcomURL string
	demo     bool
	pages    map[string]*template.Template
	secure   bool                        // cookies get Secure: the base URL is https
	ping     func(context.Context) error // the database, to tell an outage from a bug
	// trusted says a proxy is configured; proxyWarning says once that
	// one is in front but not trusted (ratelimit.go).
	trusted      bool
	proxyWarning sync.Once
}

var ginMode sync.Once

// New assembles the areas and the router. The middleware list is explicit
// and ordered: recovery first so a panic anywhere becomes a 500, nosniff,
// then the access log, which also counts requests; owner pages add their
// headers and cross-origin protection; sign-in and forms are rate
// limited, then read within bounds.
func New(opts Options) (http.Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Store == nil || opts.Keyring == nil || opts.OAuth == nil || opts.Members == nil || opts.Widgets == nil {
		return nil, errors.New("server: Store, Keyring, OAuth, Members and Widgets are required")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	// Requests say anything: no value of theirs makes a line longer than
	// logs.MaxValue, wherever it is logged.
	opts.Logger = slog.New(logs.Clipped(opts.Logger.Handler()))
	pages, err := templates.Parse()
	if err != nil {
		return nil, err
	}
	assets, err := render.Load()
	if err != nil {
		return nil, err
	}
	tokens, err := opts.Keyring.Derive("short-lived tokens")
	if err != nil {
		return nil, err
	}
	cr := &core{log: opts.Logger, now: opts.Now, baseURL: opts.BaseURL, wpcomURL: opts.WPCOMURL, demo: opts.Demo,
		pages: pages, secure: strings.HasPrefix(opts.BaseURL, "https://"), ping: opts.Store.Ping,
		trusted: len(opts.TrustedProxies) > 0}
	em := &embeds{core: cr, widgets: opts.Widgets, tokens: tokens, thumbnails: opts.Thumbnails, imageServed: opts.ImageServed,
		unreadable: logs.NewSometimes(5, time.Minute)}
	em.bundles = newBundles(opts.Now, em.goToken, render.Site{BaseURL: opts.BaseURL, Assets: assets, ProxyImages: opts.Thumbnails != nil})
	se := &sessions{core: cr, store: opts.Store}
	in := &signIn{core: cr, sessions: se, store: opts.Store, oauth: opts.OAuth, members: opts.Members,
		accounts: opts.Widgets, tokens: tokens, bundles: em.bundles}
	da := &dashboard{core: cr, store: opts.Store, widgets: opts.Widgets, bundles: em.bundles, previews: newLimiter(previewsPerMinute)}
	op := &ops{core: cr, checks: append([]ReadyCheck{{Name: "database", Required: true, Check: opts.Store.Ping,
		Degraded: "sign-in and dashboards answer 503; embeds keep serving from cache"}}, opts.ReadyChecks...)}

	ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) }) // no debug route dump on stdout
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(opts.TrustedProxies); err != nil {
		return nil, fmt.Errorf("WIDGETS_TRUSTED_PROXIES: %w", err)
	}
	// Only X-Forwarded-For, which the trusted proxies append to: gin would
	// also take X-Real-IP, which a client may send itself when a proxy
	// does not overwrite it.
	r.RemoteIPHeaders = []string{"X-Forwarded-For"}
	// The access log counts requests too (Metrics, when set), on the same
	// clock readings: a cached hit reads the clock twice, not four times.
	r.Use(cr.recovery(), noSniff, accessLog(cr.log, opts.Metrics))

	limit := cr.rateLimit(newLimiter(opts.RateLimit))
	owner := r.Group("/", ownerHeaders(), cr.crossOrigin())
	owner.GET("/", se.landing)
	owner.HEAD("/", se.landing)
	auth := owner.Group("/auth", limit, cr.ownerForm)
	auth.GET("/login", in.login)
	auth.GET("/callback", in.callback)
	auth.POST("/logout", in.logout)
	auth.POST("/disconnect", se.requireOwner, in.disconnect)

	dash := owner.Group("/dashboard")
	dash.GET("", se.requireOwner, da.dashboard)
	dash.GET("/new", se.requireOwner, da.newWidget)
	dash.GET("/widgets/:id", se.requireOwner, da.showWidget)
	dash.GET("/widgets/:id/delete", se.requireOwner, da.confirmDelete)
	dash.POST("/refresh", limit, cr.ownerForm, se.requireOwner, da.refresh)
	// Previews come with keystrokes: bounded per member, not by the
	// sign-in limit.
	dash.POST("/widgets/:id/preview", cr.ownerForm, se.requireOwnerInFrame, da.preview)
	dash.GET("/widgets/:id/preview", se.requireOwnerInFrame, da.savedPreview)
	dash.GET("/widgets/:id/preview/frame", se.requireOwnerInFrame, da.previewFrame)
	forms := dash.Group("/widgets", limit, cr.ownerForm, se.requireOwner)
	forms.POST("", da.createWidget)
	forms.POST("/:id", da.updateWidget)
	forms.POST("/:id/delete", da.deleteWidget)
	forms.POST("/:id/restore", da.restoreWidget)
	for _, action := range []string{"hide", "unhide", "pin", "unpin"} {
		forms.POST("/:id/"+action, da.curate(action))
	}

	// The public, embeddable endpoints: no cookies, CORS, framable frames.
	pub := r.Group("/", publicHeaders)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		pub.Handle(method, "/w/:file", em.embed)
		pub.Handle(method, "/oembed", em.oembed)
		pub.Handle(method, "/w/:file/i/:key", em.image)
		pub.Handle(method, "/w/assets/:name", em.asset)
	}
	pub.GET("/w/:file/go", em.redirect)

	for _, method := range []string{http.MethodGet, http.MethodHead} {
		r.Handle(method, "/healthz", op.healthz)
		r.Handle(method, "/readyz", op.readyz)
	}
	if opts.MetricsHandler != nil {
		r.GET("/metrics", gin.WrapH(opts.MetricsHandler))
	}
	r.GET("/favicon.ico", func(c *gin.Context) { // browsers ask, whatever the pages say
		c.Header("Cache-Control", "public, max-age=86400")
		c.FileFromFS("favicon.svg", http.FS(templates.Static()))
	})
	static := r.Group("/static", func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=86400")
		c.Header("Access-Control-Allow-Origin", "*")
		c.Next()
	})
	static.StaticFS("/", filesOnly{http.FS(templates.Static())})
	r.NoRoute(ownerHeaders(), func(c *gin.Context) { cr.fail(c, errNotFound) })
	r.NoMethod(func(c *gin.Context) { cr.fail(c, errMethod) })
	return cutOff(r, requestTimeout), nil
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 rather than half a page.
func (s *core) render(c *gin.Context, status int, page string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.fail(c, errors.New("server: no page "+page))
		return
	}
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// filesOnly serves files and nothing else: a folder is not found, so
// /static/ lists nothing.
type filesOnly struct{ http.FileSystem }

func (f filesOnly) Open(name string) (http.File, error) {
	file, err := f.FileSystem.Open(name)
	if err != nil {
		return nil, err
	}
	if info, err := file.Stat(); err != nil || info.IsDir() {
		file.Close()
		return nil, fs.ErrNotExist
	}
	return file, nil
}

package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/wpcom-widgets/service/render"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/templates"
	"github.com/wpcom-widgets/service/wpcom"
)

// OAuthFlow is the part of wpcom.OAuth the sign-in handlers use.
type OAuthFlow interface {
	AuthCodeURL(state string) string
	Exchange(ctx context.Context, code string) (*wpcom.Grant, error)
}

// MemberAPI is the part of wpcom.Client the sign-in handlers use.
type MemberAPI interface {
	Me(ctx context.Context, tok wpcom.Token) (*wpcom.Me, error)
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
	Store    store.Store
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
}

// Server holds what the handlers share.
type Server struct {
	opts    Options
	log     *slog.Logger
	pages   map[string]*template.Template
	secure  bool          // cookies get Secure: the base URL is https
	tokens  *seal.Keyring // seals short-lived values: the sign-in state (state.go), redirect tokens (redirect.go)
	now     func() time.Time
	bundles *bundles
	missing missingBodies
	// proxyWarning says once that a proxy is in front but not trusted.
	proxyWarning sync.Once
}

var ginMode sync.Once

// New assembles the router. The middleware list is explicit and ordered:
// recovery first so a panic anywhere becomes a 500, then the access log;
// owner pages add their headers and cross-origin protection.
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
	pages, err := templates.Parse()
	if err != nil {
		return nil, err
	}
	tokens, err := opts.Keyring.Derive("short-lived tokens")
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: opts.Logger, pages: pages, now: opts.Now, tokens: tokens,
		secure: strings.HasPrefix(opts.BaseURL, "https://"), missing: newMissingBodies()}

	assets, err := render.Load()
	if err != nil {
		return nil, err
	}
	s.bundles = newBundles(opts.Now, s.goToken, assets)

	ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) }) // no debug route dump on stdout
	r := gin.New()
	r.HandleMethodNotAllowed = true
	if err := r.SetTrustedProxies(opts.TrustedProxies); err != nil {
		return nil, fmt.Errorf("WIDGETS_TRUSTED_PROXIES: %w", err)
	}
	r.Use(recovery(s.log), noSniff, accessLog(s.log))
	if opts.Metrics != nil {
		r.Use(countRequests(opts.Metrics))
	}

	// Sign-in and every owner form are rate limited per client, before
	// anything reads the body or the database; forms are then read whole,
	// within bounds (forms.go).
	limit := s.rateLimit(newLimiter(opts.RateLimit))
	owner := r.Group("/", ownerHeaders(), s.crossOrigin())
	owner.GET("/", s.landing)
	owner.HEAD("/", s.landing)
	auth := owner.Group("/auth", limit, s.ownerForm)
	auth.GET("/login", s.login)
	auth.GET("/callback", s.callback)
	auth.POST("/logout", s.logout)
	auth.POST("/disconnect", s.requireOwner, s.disconnect)

	dash := owner.Group("/dashboard")
	dash.GET("", s.requireOwner, s.dashboard)
	dash.GET("/widgets/:id", s.requireOwner, s.showWidget)
	forms := dash.Group("/widgets", limit, s.ownerForm, s.requireOwner)
	forms.POST("", s.createWidget)
	forms.POST("/:id", s.updateWidget)
	forms.POST("/:id/delete", s.deleteWidget)

	// The public, embeddable endpoints: no cookies, CORS, framable frames.
	pub := r.Group("/", publicHeaders)
	for _, method := range []string{http.MethodGet, http.MethodHead} {
		pub.Handle(method, "/w/:file", s.embed)
		pub.Handle(method, "/oembed", s.oembed)
	}
	pub.GET("/w/:file/go", s.redirect)

	for _, method := range []string{http.MethodGet, http.MethodHead} {
		r.Handle(method, "/healthz", s.healthz)
		r.Handle(method, "/readyz", s.readyz)
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
	static.StaticFS("/", http.FS(templates.Static()))
	r.NoRoute(ownerHeaders(), func(c *gin.Context) { s.fail(c, errNotFound) })
	r.NoMethod(func(c *gin.Context) { s.fail(c, errMethod) })
	return r, nil
}

// render executes a page into a buffer first, so a template error becomes
// a clean 500 rather than half a page.
func (s *Server) render(c *gin.Context, status int, page string, data any) {
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

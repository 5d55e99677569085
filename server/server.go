package server

import (
	"bytes"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/wpcom-widgets/service/templates"
)

// Options configure the HTTP server.
type Options struct {
	BaseURL  string // public URL, no trailing slash
	WPCOMURL string // where WordPress.com (or the simulator) is
	Demo     bool
	Logger   *slog.Logger
}

// Server holds what the handlers share.
type Server struct {
	opts  Options
	log   *slog.Logger
	pages map[string]*template.Template
}

var ginMode sync.Once

// New assembles the router. The middleware list is explicit and ordered:
// recovery first so a panic anywhere becomes a 500, then the access log.
func New(opts Options) (http.Handler, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := templates.Parse()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: opts.Logger, pages: pages}

	ginMode.Do(func() { gin.SetMode(gin.ReleaseMode) }) // no debug route dump on stdout
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(recovery(s.log), accessLog(s.log))

	owner := r.Group("/", ownerHeaders())
	owner.GET("/", s.landing)

	r.GET("/healthz", s.healthz)
	r.StaticFS("/static", http.FS(templates.Static()))
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
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

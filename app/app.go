package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/fleet"
	"github.com/wpcom-widgets/service/images"
	"github.com/wpcom-widgets/service/internal/clock"
	"github.com/wpcom-widgets/service/metrics"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/server"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"
)

// Config is what the service needs to run; cmd/widgets fills it from flags
// and WIDGETS_* variables.
type Config struct {
	BaseURL         string
	DataDir         string
	DatabaseURL     string
	RedisURL        string   // empty: one replica, in-process cache only
	SecretKey       []byte   // nil: the key file in DataDir
	PreviousKeys    [][]byte // still accepted for opening
	WPCOMURL        string
	ClientID        string
	ClientSecret    string
	RefreshInterval time.Duration
	Demo            bool
	TrustedProxies  []string // WIDGETS_TRUSTED_PROXIES
	RateLimit       int      // WIDGETS_RATE_LIMIT; 0: off
	// UpstreamRate is the budget of calls to WordPress.com a second
	// (WIDGETS_UPSTREAM_RATE), for the fleet with Redis, for this process
	// without (and per replica while Redis does not answer); 0: no limit.
	UpstreamRate float64
	// ImageProxy serves widgets' pictures from the service's own host
	// (WIDGETS_IMAGE_PROXY); ImageCacheBytes caps the thumbnails kept in
	// DataDir/images (0: memory only); ImageMemory is the image path's
	// memory budget (WIDGETS_IMAGE_MEMORY; images.DefaultMemory when 0);
	// ImageAllowPrivate lets the proxy reach loopback and private
	// addresses (tests and -demo only).
	ImageProxy        bool
	ImageCacheBytes   int64
	ImageMemory       int64
	ImageAllowPrivate bool
	// MetricsElsewhere: /metrics has a listener of its own
	// (WIDGETS_METRICS_ADDR), so the public handler does not serve it.
	MetricsElsewhere bool
	Logger           *slog.Logger
	Now              func() time.Time // time.Now when nil
}

// String shows what a log may show; secrets only say whether they are set.
func (c Config) String() string {
	set := func(v string) string {
		if v == "" {
			return "unset"
		}
		return "[redacted]"
	}
	return fmt.Sprintf("app.Config{base_url=%s data_dir=%s database_url=%s redis_url=%s secret_key=%s previous_keys=%d "+
		"wpcom_url=%s client_id=%s client_secret=%s refresh=%s demo=%t trusted_proxies=%v rate_limit=%d upstream_rate=%g metrics_elsewhere=%t "+
		"image_proxy=%t image_cache_bytes=%d image_memory=%d image_allow_private=%t}",
		c.BaseURL, c.DataDir, set(c.DatabaseURL), set(c.RedisURL), set(string(c.SecretKey)), len(c.PreviousKeys),
		c.WPCOMURL, c.ClientID, set(c.ClientSecret), c.RefreshInterval, c.Demo, c.TrustedProxies, c.RateLimit, c.UpstreamRate, c.MetricsElsewhere,
		c.ImageProxy, c.ImageCacheBytes, c.ImageMemory, c.ImageAllowPrivate)
}

// GoString keeps %#v from printing secrets.
func (c Config) GoString() string { return c.String() }

// LogValue keeps structured logs from printing secrets.
func (c Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// App is a wired service.
type App struct {
	Handler http.Handler
	Store   store.Store
	Keys    *seal.Keyring
	Widgets *widgets.Service
	Metrics *metrics.Metrics
	fleet   *fleet.Fleet   // nil without WIDGETS_REDIS_URL
	warmer  *images.Warmer // nil with the image proxy off
	stop    context.CancelFunc
}

// New opens the store (migrating it, checking the key), and builds the
// service. Close it when done.
func New(ctx context.Context, cfg Config) (*App, error) {
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	now := cfg.Now
	// hot is the clock of what every cached hit checks (held settings,
	// lists, renderings), read half a dozen times a hit, and of the rest
	// of the widgets service and the server (sessions, sign-in state,
	// rate limits): all reckoned in seconds and minutes, for which
	// clock.Coarse is thirty times cheaper than time.Now. The store's own
	// timestamps, the budget's turns and locks keep the exact clock.
	hot := now
	if now == nil {
		now, hot = time.Now, clock.Coarse
	}
	cur, prev, src, err := LoadKeys(cfg.SecretKey, cfg.PreviousKeys, cfg.DataDir, log)
	if err != nil {
		return nil, err
	}
	kr, err := seal.NewKeyring(cur, prev...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	st, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir, store.WithClock(now))
	if err != nil {
		if cfg.DatabaseURL != "" {
			return nil, fmt.Errorf("WIDGETS_DATABASE_URL: %w", err)
		}
		return nil, fmt.Errorf("WIDGETS_DATA_DIR: %w", err)
	}
	if err := CheckKeys(ctx, st, kr, src); err != nil {
		st.Close()
		return nil, err
	}
	m := metrics.New()
	hc := wpcom.NewHTTPClient(15 * time.Second)
	oauth, err := wpcom.NewOAuth(cfg.WPCOMURL, cfg.ClientID, cfg.ClientSecret, cfg.BaseURL+"/auth/callback", hc)
	if err != nil {
		st.Close()
		return nil, err
	}
	memory := cache.NewMemory[*widgets.Lists](now, func(result string) { m.Lookup("memory", result) })
	var fl *fleet.Fleet
	var checks []server.ReadyCheck
	if cfg.RedisURL != "" {
		if fl, err = fleet.Join(ctx, cfg.RedisURL, memory, m, log, now, cfg.UpstreamRate); err != nil {
			st.Close()
			return nil, err
		}
		checks = append(checks, server.ReadyCheck{Name: "redis", Check: fl.Ping,
			Degraded: "each replica serves from its own cache and refreshes on its own"})
	}
	wopts := wpcom.Options{BaseURL: cfg.WPCOMURL, HTTPClient: hc, Logger: log,
		OnCall: func(endpoint string, took time.Duration, err error) {
			class := ""
			if err != nil {
				class = wpcom.Class(err)
			}
			m.Upstream(endpoint, took, class)
		},
		OnSkip: func(endpoint string) { m.UpstreamSkipped.WithLabelValues(endpoint).Inc() },
		OnBudget: func(waited time.Duration, err error) {
			if err == nil || errors.Is(err, wpcom.ErrOverBudget) { // not a caller that gave up
				m.Budget(waited, err != nil)
			}
		}}
	switch {
	case fl != nil:
		wopts.Pause = fl.Pause   // a throttled app pauses on every replica
		wopts.Budget = fl.Budget // one budget for the fleet
	case cfg.UpstreamRate > 0:
		wopts.Budget = wpcom.NewMemoryBudget(cfg.UpstreamRate, wpcom.BudgetBurst, nil)
	}
	client, err := wpcom.NewClient(wopts)
	if err != nil {
		st.Close()
		if fl != nil {
			fl.Close()
		}
		return nil, err
	}
	wcfg := widgets.Config{Store: st, API: client, Keys: kr, Interval: cfg.RefreshInterval, Logger: log, Now: hot,
		Lists: memory, OnRefresh: m.Refresh, OnContended: m.LockContended.Inc}
	if fl != nil {
		wcfg.Lists, wcfg.Peers = fl.Lists, fl.Notices
	}
	var thumbs *images.Proxy
	var warmer *images.Warmer
	if cfg.ImageProxy {
		if thumbs, err = newImageProxy(cfg, m, log); err != nil {
			st.Close()
			if fl != nil {
				fl.Close()
			}
			return nil, err
		}
		warmer = images.NewWarmer(thumbs, images.WarmOptions{Warmed: m.ImageWarmed, Logger: log})
		wcfg.Loaded = warmPictures(warmer)
	}
	svc := widgets.NewService(wcfg)
	var metricsHandler http.Handler
	if !cfg.MetricsElsewhere {
		metricsHandler = m.Handler()
	}
	sopts := server.Options{BaseURL: cfg.BaseURL, WPCOMURL: cfg.WPCOMURL, Demo: cfg.Demo, Logger: log,
		Store: st, Keyring: kr, OAuth: oauth, Members: client, Widgets: svc, Now: hot,
		Metrics: m, MetricsHandler: metricsHandler, ReadyChecks: checks,
		TrustedProxies: cfg.TrustedProxies, RateLimit: cfg.RateLimit}
	closeAll := func(err error) (*App, error) {
		svc.Close()
		if warmer != nil {
			warmer.Close()
		}
		st.Close()
		if fl != nil {
			fl.Close()
		}
		return nil, err
	}
	if thumbs != nil {
		sopts.Thumbnails, sopts.ImageServed = thumbs, m.ImageServed
	}
	h, err := server.New(sopts)
	if err != nil {
		return closeAll(err)
	}
	bgCtx, stop := context.WithCancel(context.Background())
	go sweep(bgCtx, st, now, log)
	if fl != nil {
		go fl.Run(bgCtx, svc)
	}
	kind := "sqlite"
	if cfg.DatabaseURL != "" {
		kind = "postgres"
	}
	log.Info("store ready", "database", kind, "key_id", fmt.Sprintf("%08x", kr.CurrentID()))
	return &App{Handler: h, Store: st, Keys: kr, Widgets: svc, Metrics: m, fleet: fl, warmer: warmer, stop: stop}, nil
}

// Close stops background work and closes the store.
func (a *App) Close() error {
	a.stop()
	a.Widgets.Close() // no more loads, so nothing more to warm
	if a.warmer != nil {
		a.warmer.Close()
	}
	if a.fleet != nil {
		a.fleet.Close()
	}
	return a.Store.Close()
}

// sweep deletes expired sessions and used sign-in states, and purges
// widgets deleted more than model.RestoreWindow ago, now and then.
func sweep(ctx context.Context, st store.Store, now func() time.Time, log *slog.Logger) {
	t := time.NewTicker(30 * time.Minute)
	defer t.Stop()
	for {
		if err := st.DeleteExpired(ctx, now()); err != nil && !errors.Is(err, context.Canceled) && ctx.Err() == nil {
			log.Warn("sweeping expired sessions and deleted widgets failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/server"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// shutdownTimeout bounds how long in-flight requests get to finish.
const shutdownTimeout = 10 * time.Second

// demoPrefix is where -demo mounts the WordPress.com simulator, on the
// service's own listener, so one port serves both and the consent page is
// reachable from the same browser.
const demoPrefix = "/_wpcom"

// withDemo serves the simulator under demoPrefix and the service
// everywhere else. A prefix test, not a ServeMux: every embed hit passes
// through here, and a mux's pattern matching costs it more than the rest
// of its routing.
func withDemo(service, sim http.Handler) http.Handler {
	sim = http.StripPrefix(demoPrefix, sim)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, demoPrefix+"/") {
			server.LimitBody(w, r) // its consent form is a form like ours
			sim.ServeHTTP(w, r)
			return
		}
		service.ServeHTTP(w, r)
	})
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	tuneGC(os.Getenv)
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// run is main without the process: it returns the exit code, so tests can
// call it. It serves until ctx is done.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) > 0 && args[0] == "rotate-key" {
		return runRotateKey(ctx, args[1:], stdout, stderr, getenv)
	}
	cfg, err := parseConfig(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "widgets: the configuration needs fixing:\n")
		for _, line := range strings.Split(err.Error(), "\n") {
			fmt.Fprintf(stderr, "  - %s\n", line)
		}
		fmt.Fprintf(stderr, "Run widgets -help for every setting.\n")
		return 2
	}
	log := newLogger(stdout, cfg.LogFormat, cfg.LogLevel)
	if err := serve(ctx, cfg, log); err != nil {
		log.Error("stopped", "err", err)
		return 1
	}
	return 0
}

func serve(ctx context.Context, cfg config, log *slog.Logger) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("WIDGETS_ADDR: cannot listen on %s: %w", cfg.Addr, err)
	}
	if strings.HasSuffix(cfg.Addr, ":0") && cfg.BaseURL == "http://"+cfg.Addr {
		// An ephemeral port (tests): the base URL must name the real one.
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	if err := os.MkdirAll(cfg.DataDir, 0o700); err != nil {
		ln.Close()
		return fmt.Errorf("WIDGETS_DATA_DIR: %w", err)
	}

	var sim http.Handler
	if cfg.Demo {
		sim = demoSimulator(&cfg)
		// The simulator's pictures are on this very host: the image proxy
		// must be let reach it.
		cfg.ImageAllowPrivate = true
		log.Info("demo mode: WordPress.com is simulated", "wpcom_url", cfg.WPCOMURL,
			"members", strings.Join([]string{wpcomtest.DemoUser, wpcomtest.AvidUser, wpcomtest.WorldUser, wpcomtest.NewUser, wpcomtest.QuirkyUser}, ", "))
	} else if cfg.RefreshInterval < time.Minute {
		log.Warn("WIDGETS_REFRESH_INTERVAL is under a minute; WordPress.com asks API users to refresh at reasonable intervals",
			"refresh_interval", cfg.RefreshInterval)
	}
	for _, w := range startWarnings(cfg) {
		log.Warn(w)
	}
	cfg.Logger = log
	a, err := app.New(ctx, cfg.Config)
	if err != nil {
		ln.Close()
		return err
	}
	defer a.Close()
	handler := a.Handler
	if sim != nil {
		handler = withDemo(a.Handler, sim)
	}
	if cfg.MetricsAddr != "" {
		stopMetrics, err := serveMetrics(cfg.MetricsAddr, a.Metrics.Handler(), log)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopMetrics()
	}

	// No ReadTimeout: it would set a deadline on every request, an embed
	// hit included, which has no body to wait for; the handler gives the
	// requests that do have one their own (server/deadline.go).
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	log.Info("listening", "addr", ln.Addr().String(), "base_url", cfg.BaseURL, "data_dir", cfg.DataDir,
		"refresh_interval", cfg.RefreshInterval)

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down", "deadline", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// A request still running at the deadline does not hold the
		// process: its connection is closed and the process ends.
		srv.Close()
		return fmt.Errorf("shutdown: %w", err)
	}
	log.Info("stopped cleanly")
	return nil
}

// demoSimulator builds the simulator -demo serves and points cfg at it: a
// demo app whose redirect URL is this service's callback, and a fresh
// client secret each run.
func demoSimulator(cfg *config) *wpcomtest.Simulator {
	secretBytes := make([]byte, 16)
	_, _ = rand.Read(secretBytes)
	cfg.WPCOMURL = cfg.BaseURL + demoPrefix
	cfg.ClientID = "1000"
	cfg.ClientSecret = hex.EncodeToString(secretBytes)
	return wpcomtest.New(wpcomtest.Options{
		Apps: []wpcomtest.App{{ClientID: cfg.ClientID, Secret: cfg.ClientSecret, Name: "Follow & Like widgets (demo)",
			RedirectURIs: []string{cfg.BaseURL + "/auth/callback"}}},
		ImageBase: cfg.WPCOMURL,
	})
}

// startWarnings are the settings that work but weaken the service.
func startWarnings(cfg config) []string {
	var out []string
	if u, err := url.Parse(cfg.BaseURL); err == nil && u.Scheme == "http" && !loopback(u.Hostname()) {
		out = append(out, "WIDGETS_BASE_URL is http:// on a host other than this machine: session cookies cannot be Secure, "+
			"so anyone on the network path can take an owner's session. Serve it over https (see docs/security.md)")
	}
	if cfg.ImageAllowPrivate && cfg.ImageProxy {
		out = append(out, "WIDGETS_IMAGE_ALLOW_PRIVATE is on: the image proxy may fetch from loopback and private addresses, "+
			"so a picture URL could reach services on this machine or network. It is for tests and -demo only")
	}
	if len(cfg.FlagSecrets) > 0 {
		out = append(out, "secrets given as flags ("+strings.Join(cfg.FlagSecrets, ", ")+") are visible to every local user in ps: "+
			"set them with WIDGETS_* variables or WIDGETS_*_FILE instead")
	}
	return out
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveMetrics serves /metrics alone on addr (WIDGETS_METRICS_ADDR), so the
// public port does not show it; the returned func stops it.
func serveMetrics(addr string, h http.Handler, log *slog.Logger) (func(), error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("WIDGETS_METRICS_ADDR: cannot listen on %s: %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", h)
	nosniff := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Content-Type-Options", "nosniff")
		mux.ServeHTTP(w, r)
	})
	srv := &http.Server{Handler: nosniff, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("the metrics listener stopped", "addr", addr, "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

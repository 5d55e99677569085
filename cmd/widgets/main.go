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
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/server"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// shutdownTimeout bounds how long in-flight requests get to finish.
const shutdownTimeout = 10 * time.Second

// demoPrefix is where -demo mounts the WordPress.com simulator, on the
// service's own listener, so one port serves both and the consent page is
// reachable from the same browser.
const demoPrefix = "/_wpcom"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
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

	root := http.NewServeMux()
	if cfg.Demo {
		sim := demoSimulator(&cfg)
		root.Handle(demoPrefix+"/", http.StripPrefix(demoPrefix, sim))
		log.Info("demo mode: WordPress.com is simulated", "wpcom_url", cfg.WPCOMURL,
			"members", strings.Join([]string{wpcomtest.DemoUser, wpcomtest.AvidUser, wpcomtest.WorldUser, wpcomtest.NewUser}, ", "))
	} else if cfg.RefreshInterval < time.Minute {
		log.Warn("WIDGETS_REFRESH_INTERVAL is under a minute; WordPress.com asks API users to refresh at reasonable intervals",
			"refresh_interval", cfg.RefreshInterval)
	}
	st, err := openStore(ctx, cfg, log)
	if err != nil {
		ln.Close()
		return err
	}
	defer st.Close()
	hc := wpcom.NewHTTPClient(15 * time.Second)
	oauth, err := wpcom.NewOAuth(cfg.WPCOMURL, cfg.ClientID, string(cfg.ClientSecret), cfg.BaseURL+"/auth/callback", hc)
	if err != nil {
		ln.Close()
		return err
	}
	client, err := wpcom.NewClient(wpcom.Options{BaseURL: cfg.WPCOMURL, HTTPClient: hc, Logger: log})
	if err != nil {
		ln.Close()
		return err
	}
	svc := widgets.NewService(widgets.Config{Store: st, API: client, Keys: st.keys, Interval: cfg.RefreshInterval, Logger: log})
	defer svc.Close()
	app, err := server.New(server.Options{BaseURL: cfg.BaseURL, WPCOMURL: cfg.WPCOMURL, Demo: cfg.Demo, Logger: log,
		Store: st, Keyring: st.keys, OAuth: oauth, Members: client, Widgets: svc})
	if err != nil {
		ln.Close()
		return err
	}
	root.Handle("/", app)
	go sweep(ctx, st, log)

	srv := &http.Server{
		Handler:           root,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
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
	cfg.ClientSecret = secret(hex.EncodeToString(secretBytes))
	return wpcomtest.New(wpcomtest.Options{
		Apps: []wpcomtest.App{{ClientID: cfg.ClientID, Secret: string(cfg.ClientSecret), Name: "Follow & Like widgets (demo)",
			RedirectURIs: []string{cfg.BaseURL + "/auth/callback"}}},
		ImageBase: cfg.WPCOMURL,
	})
}

// keyedStore is the opened store with the keyring that opens its tokens.
type keyedStore struct {
	store.Store
	keys *seal.Keyring
}

// openStore opens the database (migrating it) and checks that the key
// opens what is stored in it.
func openStore(ctx context.Context, cfg config, log *slog.Logger) (*keyedStore, error) {
	cur, prev, src, err := loadKeys(cfg, log)
	if err != nil {
		return nil, err
	}
	kr, err := seal.NewKeyring(cur, prev...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", src, err)
	}
	st, err := store.Open(ctx, string(cfg.DatabaseURL), cfg.DataDir)
	if err != nil {
		if cfg.DatabaseURL != "" {
			return nil, fmt.Errorf("WIDGETS_DATABASE_URL: %w", err)
		}
		return nil, fmt.Errorf("WIDGETS_DATA_DIR: %w", err)
	}
	if err := checkKeys(ctx, st, kr, src); err != nil {
		st.Close()
		return nil, err
	}
	kind := "sqlite"
	if cfg.DatabaseURL != "" {
		kind = "postgres"
	}
	log.Info("store ready", "database", kind, "key_id", fmt.Sprintf("%08x", kr.CurrentID()))
	return &keyedStore{Store: st, keys: kr}, nil
}

// sweep deletes expired sessions and sign-in states now and then.
func sweep(ctx context.Context, st store.Store, log *slog.Logger) {
	t := time.NewTicker(30 * time.Minute)
	defer t.Stop()
	for {
		if err := st.DeleteExpired(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("sweeping expired sessions failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

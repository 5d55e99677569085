package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wpcom-widgets/service/seal"
)

// config is everything the service is told at start. Secrets are kept as
// secret, whose String method hides them, so a logged config leaks nothing.
type config struct {
	Addr            string
	BaseURL         string // no trailing slash
	DataDir         string
	DatabaseURL     secret        // may hold a password
	RedisURL        secret        // may hold a password
	SecretKey       secretBytes   // 32 bytes, or nil: generated into DataDir
	PreviousKeys    []secretBytes // still accepted for opening, after a rotation
	ClientID        string
	ClientSecret    secret
	WPCOMURL        string
	RefreshInterval time.Duration
	LogFormat       string // text or json
	LogLevel        string
	Demo            bool
	TrustedProxies  []string // addresses or CIDR ranges whose X-Forwarded-For is believed
	RateLimit       int      // sign-in and owner-form requests a client may send a minute; 0: off
	MetricsAddr     string   // when set, /metrics is served there and not on Addr
	// FlagSecrets names the secrets given as flags (visible in ps), to warn.
	FlagSecrets []string
}

// secret is a string that prints as [redacted].
type secret string

func (s secret) String() string {
	if s == "" {
		return ""
	}
	return "[redacted]"
}

// GoString keeps %#v from printing the secret.
func (s secret) GoString() string { return s.String() }

// secretBytes is a key that prints as [redacted].
type secretBytes []byte

func (s secretBytes) String() string   { return secret(s).String() }
func (s secretBytes) GoString() string { return s.String() }

// previousKeys is PreviousKeys as plain byte slices.
func (c config) previousKeys() [][]byte {
	out := make([][]byte, len(c.PreviousKeys))
	for i, k := range c.PreviousKeys {
		out[i] = k
	}
	return out
}

// setting is one option: a flag, its WIDGETS_* variable and a default. The
// table below is also what the README's settings table documents.
type setting struct {
	flag, env, def, usage string
	file                  bool // a WIDGETS_*_FILE variant reads the value from a file
	value                 *string
}

type rawConfig struct {
	addr, baseURL, dataDir, databaseURL, redisURL, secretKey, previousKeys, clientID, clientSecret,
	wpcomURL, refresh, logFormat, logLevel, demo, trustedProxies, rateLimit, metricsAddr string
}

func (r *rawConfig) settings() []setting {
	return []setting{
		{"addr", "WIDGETS_ADDR", "127.0.0.1:8080", "address to listen on, host:port", false, &r.addr},
		{"base-url", "WIDGETS_BASE_URL", "", "public URL of this service, used in snippets and the OAuth redirect_uri (default http://ADDR)", false, &r.baseURL},
		{"data-dir", "WIDGETS_DATA_DIR", "./data", "directory for the SQLite database and the generated secret key", false, &r.dataDir},
		{"database-url", "WIDGETS_DATABASE_URL", "", "postgres:// URL; empty means SQLite in the data directory", true, &r.databaseURL},
		{"redis-url", "WIDGETS_REDIS_URL", "", "redis:// URL of a shared cache for several replicas; empty means in-process only", true, &r.redisURL},
		{"secret-key", "WIDGETS_SECRET_KEY", "", "base64 of 32 random bytes that seal tokens; empty means generated once into the data directory", true, &r.secretKey},
		{"previous-secret-keys", "WIDGETS_PREVIOUS_SECRET_KEYS", "", "comma-separated older keys, still accepted to open tokens until widgets rotate-key re-seals them", true, &r.previousKeys},
		{"wpcom-client-id", "WIDGETS_WPCOM_CLIENT_ID", "", "WordPress.com app client ID (developer.wordpress.com/apps)", false, &r.clientID},
		{"wpcom-client-secret", "WIDGETS_WPCOM_CLIENT_SECRET", "", "WordPress.com app client secret", true, &r.clientSecret},
		{"wpcom-url", "WIDGETS_WPCOM_URL", "https://public-api.wordpress.com", "base URL for WordPress.com's /oauth2 and /rest endpoints", false, &r.wpcomURL},
		{"refresh-interval", "WIDGETS_REFRESH_INTERVAL", "10m", "how often each member's lists are fetched from WordPress.com", false, &r.refresh},
		{"log-format", "WIDGETS_LOG_FORMAT", "text", "log format: text or json", false, &r.logFormat},
		{"log-level", "WIDGETS_LOG_LEVEL", "info", "log level: debug, info, warn or error", false, &r.logLevel},
		{"demo", "WIDGETS_DEMO", "false", "run with the built-in WordPress.com simulator; no credentials needed", false, &r.demo},
		{"trusted-proxies", "WIDGETS_TRUSTED_PROXIES", "", "comma-separated addresses or CIDR ranges of the proxies in front (their X-Forwarded-For names the client); empty trusts none", false, &r.trustedProxies},
		{"rate-limit", "WIDGETS_RATE_LIMIT", "30", "sign-in requests and owner forms one client may send a minute; 0 turns the limit off", false, &r.rateLimit},
		{"metrics-addr", "WIDGETS_METRICS_ADDR", "", "address for /metrics alone, e.g. 127.0.0.1:9090; empty serves it on WIDGETS_ADDR", false, &r.metricsAddr},
	}
}

// parseConfig reads flags first, then WIDGETS_* variables, then defaults,
// and reports every problem at once, each naming its setting.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	return parseConfigFor("widgets", true, args, getenv, stderr)
}

// parseConfigFor parses the settings for a command; subcommands that do not
// talk to WordPress.com do not need its credentials.
func parseConfigFor(name string, needCredentials bool, args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	var raw rawConfig
	settings := raw.settings()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	var problems []error
	for _, s := range settings {
		def, err := envValue(s, getenv)
		if err != nil {
			problems = append(problems, err)
		}
		if def == "" {
			def = s.def
		}
		if s.flag == "demo" { // a boolean flag; check() validates the env value
			fs.BoolFunc("demo", s.usage+" (env "+s.env+")", func(v string) error {
				raw.demo = v
				return nil
			})
			raw.demo = def
			continue
		}
		fs.StringVar(s.value, s.flag, def, s.usage+" (env "+s.env+")")
	}
	fs.Usage = func() { usage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	var flagSecrets []string
	fs.Visit(func(f *flag.Flag) {
		for _, s := range settings {
			if s.flag == f.Name && s.file {
				flagSecrets = append(flagSecrets, "-"+s.flag)
			}
		}
	})
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Errorf("unexpected argument %q (settings are flags like -addr or WIDGETS_* variables)", fs.Arg(0)))
	}
	cfg, more := raw.check(needCredentials)
	cfg.FlagSecrets = flagSecrets
	problems = append(problems, more...)
	if len(problems) > 0 {
		return config{}, errors.Join(problems...)
	}
	return cfg, nil
}

// envValue reads WIDGETS_X, or the file named by WIDGETS_X_FILE (for
// secrets kept in files by Docker or Kubernetes); setting both is an error.
func envValue(s setting, getenv func(string) string) (string, error) {
	v := getenv(s.env)
	if !s.file {
		return v, nil
	}
	path := getenv(s.env + "_FILE")
	if path == "" {
		return v, nil
	}
	if v != "" {
		return "", fmt.Errorf("%s and %s_FILE are both set: keep one", s.env, s.env)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s_FILE: %w", s.env, err)
	}
	return strings.TrimSpace(string(b)), nil
}

func (r *rawConfig) check(needCredentials bool) (config, []error) {
	var errs []error
	bad := func(env, flag, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s (-%s): %s", env, flag, fmt.Sprintf(format, a...)))
	}
	cfg := config{Addr: r.addr, DataDir: r.dataDir, ClientID: strings.TrimSpace(r.clientID),
		ClientSecret: secret(r.clientSecret), DatabaseURL: secret(r.databaseURL), RedisURL: secret(r.redisURL),
		LogFormat: r.logFormat, LogLevel: r.logLevel}
	if demo, err := strconv.ParseBool(r.demo); err != nil {
		bad("WIDGETS_DEMO", "demo", "%q is not true or false", r.demo)
	} else {
		cfg.Demo = demo
	}

	if host, port, err := net.SplitHostPort(r.addr); err != nil {
		bad("WIDGETS_ADDR", "addr", "%q is not host:port, e.g. 127.0.0.1:8080 or :8080", r.addr)
	} else if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		bad("WIDGETS_ADDR", "addr", "port %q is not a number from 0 to 65535", port)
	} else if r.baseURL == "" {
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		cfg.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	if r.baseURL != "" {
		u, err := url.Parse(r.baseURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			bad("WIDGETS_BASE_URL", "base-url", "%q must be an absolute http(s) URL, e.g. https://widgets.example.com", r.baseURL)
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			bad("WIDGETS_BASE_URL", "base-url", "%q must not carry a query, fragment or user name", r.baseURL)
		case strings.Trim(u.Path, "/") != "":
			bad("WIDGETS_BASE_URL", "base-url", "%q has a path; serve the service at the root of its own host name", r.baseURL)
		default:
			cfg.BaseURL = u.Scheme + "://" + u.Host
		}
	}
	if strings.TrimSpace(r.dataDir) == "" {
		bad("WIDGETS_DATA_DIR", "data-dir", "must not be empty")
	}
	if v := r.databaseURL; v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
		bad("WIDGETS_DATABASE_URL", "database-url", "must be a postgres:// URL, or empty to use SQLite in WIDGETS_DATA_DIR")
	}
	if v := r.redisURL; v != "" && !strings.HasPrefix(v, "redis://") && !strings.HasPrefix(v, "rediss://") && !strings.HasPrefix(v, "unix://") {
		bad("WIDGETS_REDIS_URL", "redis-url", "must be a redis://, rediss:// or unix:// URL, or empty")
	}
	if r.secretKey != "" {
		key, err := seal.ParseKey(r.secretKey)
		if err != nil {
			bad("WIDGETS_SECRET_KEY", "secret-key", "%v; make one with: openssl rand -base64 32", err)
		}
		cfg.SecretKey = key
	}
	if r.previousKeys != "" {
		keys, err := seal.ParseKeys(r.previousKeys)
		if err != nil {
			bad("WIDGETS_PREVIOUS_SECRET_KEYS", "previous-secret-keys", "%v", err)
		}
		for _, k := range keys {
			cfg.PreviousKeys = append(cfg.PreviousKeys, k)
		}
	}
	if r.databaseURL != "" && r.secretKey == "" {
		// Replicas sharing a database must share the key; a key generated
		// into each replica's data directory would differ.
		bad("WIDGETS_SECRET_KEY", "secret-key", "is required with WIDGETS_DATABASE_URL, so that every replica seals and opens tokens with the same key")
	}
	if u, err := url.Parse(r.wpcomURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		bad("WIDGETS_WPCOM_URL", "wpcom-url", "%q must be an absolute http(s) URL such as https://public-api.wordpress.com", r.wpcomURL)
	} else {
		cfg.WPCOMURL = strings.TrimRight(r.wpcomURL, "/")
	}
	if d, err := time.ParseDuration(r.refresh); err != nil {
		bad("WIDGETS_REFRESH_INTERVAL", "refresh-interval", "%q is not a duration such as 10m or 90s", r.refresh)
	} else if d < time.Second || d > 24*time.Hour {
		bad("WIDGETS_REFRESH_INTERVAL", "refresh-interval", "%s is out of range: use 1s to 24h (WordPress.com's own widgets use 5m to 20m)", d)
	} else {
		cfg.RefreshInterval = d
	}
	if r.logFormat != "text" && r.logFormat != "json" {
		bad("WIDGETS_LOG_FORMAT", "log-format", "%q must be text or json", r.logFormat)
	}
	if _, ok := logLevels[r.logLevel]; !ok {
		bad("WIDGETS_LOG_LEVEL", "log-level", "%q must be debug, info, warn or error", r.logLevel)
	}
	for _, p := range strings.Split(r.trustedProxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
			bad("WIDGETS_TRUSTED_PROXIES", "trusted-proxies", "%q is not an IP address or CIDR range such as 10.0.0.0/8", p)
			continue
		}
		cfg.TrustedProxies = append(cfg.TrustedProxies, p)
	}
	if n, err := strconv.Atoi(strings.TrimSpace(r.rateLimit)); err != nil || n < 0 || n > 100_000 {
		bad("WIDGETS_RATE_LIMIT", "rate-limit", "%q must be a whole number of requests a minute from 0 (off) to 100000", r.rateLimit)
	} else {
		cfg.RateLimit = n
	}
	if r.metricsAddr != "" {
		if _, port, err := net.SplitHostPort(r.metricsAddr); err != nil || port == "" {
			bad("WIDGETS_METRICS_ADDR", "metrics-addr", "%q is not host:port, e.g. 127.0.0.1:9090", r.metricsAddr)
		} else if r.metricsAddr == r.addr {
			bad("WIDGETS_METRICS_ADDR", "metrics-addr", "must differ from WIDGETS_ADDR (%s): it keeps /metrics off the public port", r.addr)
		} else {
			cfg.MetricsAddr = r.metricsAddr
		}
	}
	if needCredentials && !cfg.Demo && (cfg.ClientID == "" || cfg.ClientSecret == "") {
		callback := cfg.BaseURL + "/auth/callback"
		if cfg.BaseURL == "" {
			callback = "WIDGETS_BASE_URL/auth/callback"
		}
		errs = append(errs, fmt.Errorf("WIDGETS_WPCOM_CLIENT_ID and WIDGETS_WPCOM_CLIENT_SECRET are required: "+
			"register an app at https://developer.wordpress.com/apps/ with redirect URL %s, "+
			"or run with -demo to use the built-in WordPress.com simulator", callback))
	}
	return cfg, errs
}

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: widgets [flags]\n\nServes \"Blogs I follow\" and \"Posts I like\" widgets from WordPress.com.\n"+
		"Every flag can also be set with the WIDGETS_* variable named after it; secrets also with WIDGETS_*_FILE.\n\nFlags:\n")
	fs.PrintDefaults()
}

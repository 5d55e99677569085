package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/seal"
)

// config is everything the service is told at start: what the service
// needs (app.Config) and what main does itself (where to listen, how to
// log). It prints with secrets hidden (String, GoString).
type config struct {
	app.Config
	Addr        string
	MetricsAddr string // when set, /metrics is served there and not on Addr
	LogFormat   string // text or json
	LogLevel    string
	// FlagSecrets names the secrets given as flags (visible in ps), to warn.
	FlagSecrets []string
}

// setting is one row of the table below, and all there is to adding a
// setting: its flag, its WIDGETS_* variable, its default, its help, and
// parse, which checks the text and sets it in the config, or says in
// words what to fix. A secret also reads WIDGETS_*_FILE and never prints.
type setting struct {
	flag, env, def, usage string
	secret                bool
	boolean               bool // a flag that needs no value (-demo)
	parse                 func(c *config, v string) error
}

// settings is every setting, in the order -help and docs/operating.md list them.
var settings = []setting{
	{flag: "addr", env: "WIDGETS_ADDR", def: "127.0.0.1:8080", usage: "address to listen on, host:port", parse: func(c *config, v string) error {
		if err := hostPort(v); err != nil {
			return err
		}
		c.Addr = v
		return nil
	}},
	{flag: "base-url", env: "WIDGETS_BASE_URL", usage: "public URL of this service, used in snippets and the OAuth redirect_uri (default http://ADDR)", parse: func(c *config, v string) error {
		if v == "" {
			return nil // from ADDR, once it is known (checkTogether)
		}
		u, err := url.Parse(v)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			return fmt.Errorf("%q must be an absolute http(s) URL, e.g. https://widgets.example.com", v)
		case u.RawQuery != "" || u.Fragment != "" || u.User != nil:
			return fmt.Errorf("%q must not carry a query, fragment or user name", v)
		case strings.Trim(u.Path, "/") != "":
			return fmt.Errorf("%q has a path; serve the service at the root of its own host name", v)
		}
		c.BaseURL = u.Scheme + "://" + u.Host
		return nil
	}},
	{flag: "data-dir", env: "WIDGETS_DATA_DIR", def: "./data", usage: "directory for the SQLite database, the generated secret key and the image proxy's thumbnails", parse: func(c *config, v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("must not be empty")
		}
		c.DataDir = v
		return nil
	}},
	{flag: "database-url", env: "WIDGETS_DATABASE_URL", secret: true, usage: "postgres:// URL; empty means SQLite in the data directory", parse: func(c *config, v string) error {
		if v != "" && !strings.HasPrefix(v, "postgres://") && !strings.HasPrefix(v, "postgresql://") {
			return errors.New("must be a postgres:// URL, or empty to use SQLite in WIDGETS_DATA_DIR")
		}
		c.DatabaseURL = v
		return nil
	}},
	{flag: "redis-url", env: "WIDGETS_REDIS_URL", secret: true, usage: "redis:// URL of a shared cache for several replicas; empty means in-process only", parse: func(c *config, v string) error {
		if v != "" && !strings.HasPrefix(v, "redis://") && !strings.HasPrefix(v, "rediss://") && !strings.HasPrefix(v, "unix://") {
			return errors.New("must be a redis://, rediss:// or unix:// URL, or empty")
		}
		c.RedisURL = v
		return nil
	}},
	{flag: "secret-key", env: "WIDGETS_SECRET_KEY", secret: true, usage: "base64 of 32 random bytes that seal tokens; empty means generated once into the data directory", parse: func(c *config, v string) error {
		if v == "" {
			return nil
		}
		key, err := seal.ParseKey(v)
		if err != nil {
			return fmt.Errorf("%v; make one with: openssl rand -base64 32", err)
		}
		c.SecretKey = key
		return nil
	}},
	{flag: "previous-secret-keys", env: "WIDGETS_PREVIOUS_SECRET_KEYS", secret: true, usage: "comma-separated older keys, still accepted to open tokens until widgets rotate-key re-seals them", parse: func(c *config, v string) error {
		if v == "" {
			return nil
		}
		keys, err := seal.ParseKeys(v)
		c.PreviousKeys = keys
		return err
	}},
	{flag: "wpcom-client-id", env: "WIDGETS_WPCOM_CLIENT_ID", usage: "WordPress.com app client ID (developer.wordpress.com/apps)", parse: func(c *config, v string) error {
		c.ClientID = strings.TrimSpace(v)
		return nil
	}},
	{flag: "wpcom-client-secret", env: "WIDGETS_WPCOM_CLIENT_SECRET", secret: true, usage: "WordPress.com app client secret", parse: func(c *config, v string) error {
		c.ClientSecret = v
		return nil
	}},
	{flag: "wpcom-url", env: "WIDGETS_WPCOM_URL", def: "https://public-api.wordpress.com", usage: "base URL for WordPress.com's /oauth2 and /rest endpoints", parse: func(c *config, v string) error {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("%q must be an absolute http(s) URL such as https://public-api.wordpress.com", v)
		}
		c.WPCOMURL = strings.TrimRight(v, "/")
		return nil
	}},
	{flag: "refresh-interval", env: "WIDGETS_REFRESH_INTERVAL", def: "10m", usage: "how often each member's lists are fetched from WordPress.com", parse: func(c *config, v string) error {
		d, err := time.ParseDuration(v)
		switch {
		case err != nil:
			return fmt.Errorf("%q is not a duration such as 10m or 90s", v)
		case d < time.Second || d > 24*time.Hour:
			return fmt.Errorf("%s is out of range: use 1s to 24h (WordPress.com's own widgets use 5m to 20m)", d)
		}
		c.RefreshInterval = d
		return nil
	}},
	{flag: "log-format", env: "WIDGETS_LOG_FORMAT", def: "text", usage: "log format: text or json", parse: func(c *config, v string) error {
		if v != "text" && v != "json" {
			return fmt.Errorf("%q must be text or json", v)
		}
		c.LogFormat = v
		return nil
	}},
	{flag: "log-level", env: "WIDGETS_LOG_LEVEL", def: "info", usage: "log level: debug, info, warn or error", parse: func(c *config, v string) error {
		if _, ok := logLevels[v]; !ok {
			return fmt.Errorf("%q must be debug, info, warn or error", v)
		}
		c.LogLevel = v
		return nil
	}},
	{flag: "demo", env: "WIDGETS_DEMO", def: "false", boolean: true, usage: "run with the built-in WordPress.com simulator; no credentials needed", parse: func(c *config, v string) error {
		demo, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		c.Demo = demo
		return nil
	}},
	{flag: "trusted-proxies", env: "WIDGETS_TRUSTED_PROXIES", usage: "comma-separated addresses or CIDR ranges of the proxies in front (their X-Forwarded-For names the client); empty trusts none", parse: func(c *config, v string) error {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p == "" {
				continue
			}
			if _, _, err := net.ParseCIDR(p); err != nil && net.ParseIP(p) == nil {
				return fmt.Errorf("%q is not an IP address or CIDR range such as 10.0.0.0/8", p)
			}
			c.TrustedProxies = append(c.TrustedProxies, p)
		}
		return nil
	}},
	{flag: "rate-limit", env: "WIDGETS_RATE_LIMIT", def: "30", usage: "sign-in requests and owner forms one client may send a minute; 0 turns the limit off", parse: func(c *config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 || n > 100_000 {
			return fmt.Errorf("%q must be a whole number of requests a minute from 0 (off) to 100000", v)
		}
		c.RateLimit = n
		return nil
	}},
	{flag: "upstream-rate", env: "WIDGETS_UPSTREAM_RATE", def: "10", usage: "calls to WordPress.com a second, for all replicas together (each its own while Redis does not answer); more wait their turn; 0 means no limit", parse: func(c *config, v string) error {
		r, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || math.IsNaN(r) || r < 0 || r > 10_000 {
			return fmt.Errorf("%q must be a number of calls a second from 0 (no limit) to 10000, such as 10 or 0.5", v)
		}
		c.UpstreamRate = r
		return nil
	}},
	{flag: "image-proxy", env: "WIDGETS_IMAGE_PROXY", def: "on", usage: "on: widgets show every picture from this service's own host, shrunk and kept; off: they link pictures at their origins (https only)", parse: func(c *config, v string) error {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "on", "true", "1":
			c.ImageProxy = true
		case "off", "false", "0":
			c.ImageProxy = false
		default:
			return fmt.Errorf("%q must be on or off", v)
		}
		return nil
	}},
	{flag: "image-cache-size", env: "WIDGETS_IMAGE_CACHE_SIZE", def: "256MB", usage: "how much disk the image proxy may use for thumbnails in WIDGETS_DATA_DIR/images, e.g. 256MB or 2GB; 0 keeps them in memory only", parse: func(c *config, v string) error {
		n, err := parseBytes(v)
		if err != nil || n > 1<<40 {
			return fmt.Errorf("%q is not a size such as 256MB, 2GB or 0", v)
		}
		c.ImageCacheBytes = n
		return nil
	}},
	{flag: "image-memory", env: "WIDGETS_IMAGE_MEMORY", def: "256MB", usage: "memory the image proxy may hold at once for bytes being fetched, decodes and resizing, e.g. 256MB; one picture may take two fifths, a costlier one shows its placeholder", parse: func(c *config, v string) error {
		n, err := parseBytes(v)
		if err != nil || n < 64_000_000 || n > 1<<40 {
			return fmt.Errorf("%q is not a size from 64MB up, such as 256MB or 1GB", v)
		}
		c.ImageMemory = n
		return nil
	}},
	{flag: "image-allow-private", env: "WIDGETS_IMAGE_ALLOW_PRIVATE", def: "false", boolean: true, usage: "let the image proxy fetch from loopback and private addresses: for tests and -demo only, never in production", parse: func(c *config, v string) error {
		allow, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		c.ImageAllowPrivate = allow
		return nil
	}},
	{flag: "metrics-addr", env: "WIDGETS_METRICS_ADDR", usage: "address for /metrics alone, e.g. 127.0.0.1:9090; empty serves it on WIDGETS_ADDR", parse: func(c *config, v string) error {
		if v == "" {
			return nil
		}
		if _, port, err := net.SplitHostPort(v); err != nil || port == "" {
			return fmt.Errorf("%q is not host:port, e.g. 127.0.0.1:9090", v)
		}
		c.MetricsAddr = v
		c.MetricsElsewhere = true
		return nil
	}},
}

// hostPort checks an address to listen on.
func hostPort(v string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not host:port, e.g. 127.0.0.1:8080 or :8080", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("port %q is not a number from 0 to 65535", port)
	}
	return nil
}

// parseConfig reads the service's settings: flags first, then WIDGETS_*
// variables, then defaults, and reports every problem at once, each
// naming its setting.
func parseConfig(args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("widgets", flag.ContinueOnError)
	return parseSettings(fs, true, args, getenv, stderr)
}

// parseSettings adds every setting to fs (which may hold a subcommand's
// own flags already), parses args, and checks the result. Subcommands that
// do not talk to WordPress.com do not need its credentials.
func parseSettings(fs *flag.FlagSet, needCredentials bool, args []string, getenv func(string) string, stderr io.Writer) (config, error) {
	fs.SetOutput(stderr)
	values := make([]string, len(settings))
	var problems []error
	for i, s := range settings {
		def, err := envValue(s, getenv)
		if err != nil {
			problems = append(problems, err)
		}
		if def == "" {
			def = s.def
		}
		values[i] = def
		if s.boolean {
			fs.BoolFunc(s.flag, s.usage+" (env "+s.env+")", func(v string) error { values[i] = v; return nil })
			continue
		}
		help := s.usage + " (env " + s.env
		if s.def != "" {
			help += ", default " + s.def
		}
		fs.Func(s.flag, help+")", func(v string) error { values[i] = v; return nil })
	}
	fs.Usage = func() { usage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		return config{}, err
	}
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Errorf("unexpected argument %q (settings are flags like -addr or WIDGETS_* variables)", fs.Arg(0)))
	}
	var c config
	bad := map[string]bool{} // settings that did not parse: checkTogether leaves them be
	for i, s := range settings {
		if err := s.parse(&c, values[i]); err != nil {
			problems = append(problems, fmt.Errorf("%s (-%s): %w", s.env, s.flag, err))
			bad[s.flag] = true
		}
	}
	fs.Visit(func(f *flag.Flag) {
		for _, s := range settings {
			if s.flag == f.Name && s.secret {
				c.FlagSecrets = append(c.FlagSecrets, "-"+s.flag)
			}
		}
	})
	problems = append(problems, c.checkTogether(needCredentials, bad)...)
	if len(problems) > 0 {
		return config{}, errors.Join(problems...)
	}
	return c, nil
}

// checkTogether checks what one setting alone cannot; bad are the settings
// already reported, which it does not second-guess.
func (c *config) checkTogether(needCredentials bool, bad map[string]bool) []error {
	var errs []error
	if c.BaseURL == "" && c.Addr != "" && !bad["base-url"] {
		host, port, _ := net.SplitHostPort(c.Addr)
		if host == "" || host == "0.0.0.0" || host == "::" {
			host = "localhost"
		}
		c.BaseURL = "http://" + net.JoinHostPort(host, port)
	}
	if c.DatabaseURL != "" && c.SecretKey == nil && !bad["secret-key"] {
		// Replicas sharing a database must share the key; a key generated
		// into each replica's data directory would differ.
		errs = append(errs, errors.New("WIDGETS_SECRET_KEY (-secret-key): is required with WIDGETS_DATABASE_URL, so that every replica seals and opens tokens with the same key"))
	}
	if c.MetricsAddr != "" && c.MetricsAddr == c.Addr {
		errs = append(errs, fmt.Errorf("WIDGETS_METRICS_ADDR (-metrics-addr): must differ from WIDGETS_ADDR (%s): it keeps /metrics off the public port", c.Addr))
	}
	if needCredentials && !c.Demo && (c.ClientID == "" || c.ClientSecret == "") {
		callback := c.BaseURL + "/auth/callback"
		if c.BaseURL == "" {
			callback = "WIDGETS_BASE_URL/auth/callback"
		}
		errs = append(errs, fmt.Errorf("WIDGETS_WPCOM_CLIENT_ID and WIDGETS_WPCOM_CLIENT_SECRET are required: "+
			"register an app at https://developer.wordpress.com/apps/ with redirect URL %s, "+
			"or run with -demo to use the built-in WordPress.com simulator", callback))
	}
	return errs
}

// envValue reads WIDGETS_X, or for a secret the file named by
// WIDGETS_X_FILE (as Docker and Kubernetes keep secrets); setting both is
// an error.
func envValue(s setting, getenv func(string) string) (string, error) {
	v := getenv(s.env)
	if !s.secret {
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

// String shows the settings a log may show; secrets only say whether they
// are set (app.Config's String).
func (c config) String() string {
	return fmt.Sprintf("config{addr=%s metrics_addr=%s log=%s/%s %v}", c.Addr, c.MetricsAddr, c.LogFormat, c.LogLevel, c.Config)
}

// GoString keeps %#v from printing secrets too.
func (c config) GoString() string { return c.String() }

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "Usage: %s [flags]\n\nServes \"Blogs I follow\" and \"Posts I like\" widgets from WordPress.com.\n"+
		"Every flag can also be set with the WIDGETS_* variable named after it; secrets also with WIDGETS_*_FILE.\n\nFlags:\n", fs.Name())
	fs.PrintDefaults()
}

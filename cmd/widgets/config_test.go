package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

const key32 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" // base64 of 32 bytes

func TestConfigDefaultsAndPrecedence(t *testing.T) {
	creds := map[string]string{"WIDGETS_WPCOM_CLIENT_ID": "42", "WIDGETS_WPCOM_CLIENT_SECRET": "s"}
	with := func(extra map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range creds {
			m[k] = v
		}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	tests := []struct {
		name  string
		args  []string
		env   map[string]string
		check func(config) string
	}{
		{"defaults", nil, creds, func(c config) string {
			if c.Addr != "127.0.0.1:8080" || c.BaseURL != "http://127.0.0.1:8080" || c.DataDir != "./data" ||
				c.WPCOMURL != "https://public-api.wordpress.com" || c.RefreshInterval != 10*time.Minute || c.Demo || c.SecretKey != nil {
				return fmt.Sprintf("%+v", c)
			}
			return ""
		}},
		{"env fills in", nil, with(map[string]string{"WIDGETS_ADDR": ":9000", "WIDGETS_REFRESH_INTERVAL": "90s",
			"WIDGETS_WPCOM_URL": "http://127.0.0.1:9999/", "WIDGETS_SECRET_KEY": key32}), func(c config) string {
			if c.Addr != ":9000" || c.BaseURL != "http://localhost:9000" || c.RefreshInterval != 90*time.Second ||
				c.WPCOMURL != "http://127.0.0.1:9999" || len(c.SecretKey) != 32 {
				return fmt.Sprintf("%+v", c)
			}
			return ""
		}},
		{"flag beats env", []string{"-addr", "127.0.0.1:7000", "-base-url", "https://widgets.example.com/"},
			with(map[string]string{"WIDGETS_ADDR": ":9000"}), func(c config) string {
				if c.Addr != "127.0.0.1:7000" || c.BaseURL != "https://widgets.example.com" {
					return fmt.Sprintf("%+v", c)
				}
				return ""
			}},
		{"demo needs no credentials", []string{"-demo"}, nil, func(c config) string {
			if !c.Demo {
				return "demo off"
			}
			return ""
		}},
		{"limits and proxies", nil, with(map[string]string{"WIDGETS_TRUSTED_PROXIES": "172.16.0.0/12, 127.0.0.1,::1",
			"WIDGETS_RATE_LIMIT": "0", "WIDGETS_METRICS_ADDR": "127.0.0.1:9090"}), func(c config) string {
			if strings.Join(c.TrustedProxies, " ") != "172.16.0.0/12 127.0.0.1 ::1" || c.RateLimit != 0 || c.MetricsAddr != "127.0.0.1:9090" {
				return fmt.Sprintf("%+v", c)
			}
			return ""
		}},
		{"safe defaults", nil, creds, func(c config) string {
			if c.TrustedProxies != nil || c.RateLimit != 30 || c.MetricsAddr != "" || c.UpstreamRate != 10 {
				return fmt.Sprintf("%+v", c)
			}
			return ""
		}},
		{"upstream rate below one a second", nil, with(map[string]string{"WIDGETS_UPSTREAM_RATE": "0.5"}), func(c config) string {
			if c.UpstreamRate != 0.5 {
				return fmt.Sprintf("%+v", c)
			}
			return ""
		}},
		{"no upstream limit", []string{"-upstream-rate", "0"}, creds, func(c config) string {
			if c.UpstreamRate != 0 {
				return fmt.Sprintf("%+v", c)
			}
			return ""
		}},
		{"demo from the environment", nil, map[string]string{"WIDGETS_DEMO": "true"}, func(c config) string {
			if !c.Demo {
				return "demo off"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parseConfig(tt.args, env(tt.env), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if msg := tt.check(c); msg != "" {
				t.Error(msg)
			}
		})
	}
}

func TestConfigProblemsNameTheirSetting(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want []string
	}{
		{"no credentials", nil, nil, []string{"WIDGETS_WPCOM_CLIENT_ID and WIDGETS_WPCOM_CLIENT_SECRET are required",
			"http://127.0.0.1:8080/auth/callback", "-demo"}},
		{"several at once", []string{"-demo", "-addr", "nope", "-refresh-interval", "soon", "-log-level", "loud"}, nil,
			[]string{"WIDGETS_ADDR (-addr)", "WIDGETS_REFRESH_INTERVAL (-refresh-interval)", "WIDGETS_LOG_LEVEL (-log-level)"}},
		{"bad base URL", []string{"-demo", "-base-url", "widgets.example.com"}, nil, []string{"WIDGETS_BASE_URL (-base-url)", "absolute http(s) URL"}},
		{"base URL with a path", []string{"-demo", "-base-url", "https://example.com/widgets"}, nil, []string{"WIDGETS_BASE_URL", "has a path"}},
		{"base URL with a query", []string{"-demo", "-base-url", "https://example.com/?a=1"}, nil, []string{"WIDGETS_BASE_URL", "query"}},
		{"database URL", []string{"-demo", "-database-url", "mysql://x"}, nil, []string{"WIDGETS_DATABASE_URL", "postgres://"}},
		{"redis URL", []string{"-demo"}, map[string]string{"WIDGETS_REDIS_URL": "localhost:6379"}, []string{"WIDGETS_REDIS_URL", "redis://"}},
		{"short key", []string{"-demo", "-secret-key", "c2hvcnQ="}, nil, []string{"WIDGETS_SECRET_KEY", "5 bytes, want 32", "openssl rand -base64 32"}},
		{"key not base64", []string{"-demo", "-secret-key", "!!!"}, nil, []string{"WIDGETS_SECRET_KEY", "not base64"}},
		{"PostgreSQL needs a shared key", []string{"-demo", "-database-url", "postgres://127.0.0.1/x"}, nil,
			[]string{"WIDGETS_SECRET_KEY", "required with WIDGETS_DATABASE_URL"}},
		{"bad previous key", []string{"-demo", "-previous-secret-keys", key32 + ",nope"}, nil, []string{"WIDGETS_PREVIOUS_SECRET_KEYS", "key 2"}},
		{"wpcom URL", []string{"-demo", "-wpcom-url", "ftp://x"}, nil, []string{"WIDGETS_WPCOM_URL"}},
		{"interval too long", []string{"-demo", "-refresh-interval", "48h"}, nil, []string{"WIDGETS_REFRESH_INTERVAL", "out of range"}},
		{"port out of range", []string{"-demo", "-addr", "127.0.0.1:99999"}, nil, []string{"WIDGETS_ADDR", "0 to 65535"}},
		{"demo not a bool", nil, map[string]string{"WIDGETS_DEMO": "yes please"}, []string{"WIDGETS_DEMO"}},
		{"stray argument", []string{"-demo", "serve"}, nil, []string{`unexpected argument "serve"`}},
		{"trusted proxy", []string{"-demo", "-trusted-proxies", "10.0.0.0/8, nginx"}, nil, []string{"WIDGETS_TRUSTED_PROXIES", `"nginx"`}},
		{"rate limit", []string{"-demo"}, map[string]string{"WIDGETS_RATE_LIMIT": "-1"}, []string{"WIDGETS_RATE_LIMIT", "0 (off)"}},
		{"upstream rate not a number", []string{"-demo"}, map[string]string{"WIDGETS_UPSTREAM_RATE": "10/s"}, []string{"WIDGETS_UPSTREAM_RATE (-upstream-rate)", `"10/s"`, "0 (no limit) to 10000"}},
		{"upstream rate below 0", []string{"-demo", "-upstream-rate", "-1"}, nil, []string{"WIDGETS_UPSTREAM_RATE", "calls a second"}},
		{"upstream rate NaN", []string{"-demo", "-upstream-rate", "NaN"}, nil, []string{"WIDGETS_UPSTREAM_RATE"}},
		{"upstream rate Inf", []string{"-demo", "-upstream-rate", "+Inf"}, nil, []string{"WIDGETS_UPSTREAM_RATE"}},
		{"metrics address", []string{"-demo", "-metrics-addr", "9090"}, nil, []string{"WIDGETS_METRICS_ADDR", "host:port"}},
		{"image proxy", []string{"-demo", "-image-proxy", "maybe"}, nil, []string{"WIDGETS_IMAGE_PROXY", "on or off"}},
		{"image cache size", []string{"-demo", "-image-cache-size", "lots"}, nil, []string{"WIDGETS_IMAGE_CACHE_SIZE", "256MB"}},
		{"image memory", []string{"-demo", "-image-memory", "63MB"}, nil, []string{"WIDGETS_IMAGE_MEMORY", "from 64MB"}},
		{"image allow private", []string{"-demo"}, map[string]string{"WIDGETS_IMAGE_ALLOW_PRIVATE": "sure"}, []string{"WIDGETS_IMAGE_ALLOW_PRIVATE", "true or false"}},
		{"metrics on the public port", []string{"-demo", "-addr", ":8080", "-metrics-addr", ":8080"}, nil, []string{"WIDGETS_METRICS_ADDR", "must differ"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig(tt.args, env(tt.env), io.Discard)
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestSecretsFromFiles(t *testing.T) {
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "key")
	secretFile := filepath.Join(dir, "secret")
	os.WriteFile(keyFile, []byte(key32+"\n"), 0o600)
	os.WriteFile(secretFile, []byte("file-secret\n"), 0o600)
	c, err := parseConfig(nil, env(map[string]string{"WIDGETS_WPCOM_CLIENT_ID": "1",
		"WIDGETS_WPCOM_CLIENT_SECRET_FILE": secretFile, "WIDGETS_SECRET_KEY_FILE": keyFile}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientSecret != "file-secret" || len(c.SecretKey) != 32 {
		t.Errorf("secret %q, key %d bytes", string(c.ClientSecret), len(c.SecretKey))
	}
	_, err = parseConfig(nil, env(map[string]string{"WIDGETS_WPCOM_CLIENT_ID": "1", "WIDGETS_WPCOM_CLIENT_SECRET": "a",
		"WIDGETS_WPCOM_CLIENT_SECRET_FILE": secretFile}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "both set") {
		t.Errorf("both set: %v", err)
	}
	_, err = parseConfig([]string{"-demo"}, env(map[string]string{"WIDGETS_SECRET_KEY_FILE": filepath.Join(dir, "missing")}), io.Discard)
	if err == nil || !strings.Contains(err.Error(), "WIDGETS_SECRET_KEY_FILE") {
		t.Errorf("missing file: %v", err)
	}
}

func TestConfigPrintsNoSecrets(t *testing.T) {
	c, err := parseConfig([]string{"-database-url", "postgres://u:pw-123@db/x"}, env(map[string]string{
		"WIDGETS_WPCOM_CLIENT_ID": "1", "WIDGETS_WPCOM_CLIENT_SECRET": "client-secret-xyz",
		"WIDGETS_SECRET_KEY": key32, "WIDGETS_PREVIOUS_SECRET_KEYS": key32}), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	var logged strings.Builder
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "config", c.Config, "all", c)
	out := fmt.Sprintf("%v %+v %#v %v %+v %#v", c, c, c, c.Config, c.Config, c.Config) + logged.String()
	for _, s := range []string{"client-secret-xyz", "pw-123", "48 49 50", "0x30"} {
		if strings.Contains(out, s) {
			t.Errorf("config prints %q: %s", s, out)
		}
	}
}

func TestStartWarnings(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		want []string // each a warning's telling part; none when empty
	}{
		{"local http is fine", []string{"-demo"}, nil},
		{"https is fine", []string{"-demo", "-base-url", "https://widgets.example.com"}, nil},
		{"http on a public host", []string{"-demo", "-base-url", "http://widgets.example.com"}, []string{"cannot be Secure"}},
		{"a secret as a flag", []string{"-demo", "-secret-key", key32, "-wpcom-client-secret", "x"}, []string{"-secret-key, -wpcom-client-secret", "ps"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseConfig(tc.args, env(nil), io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(startWarnings(c), "\n")
			if len(tc.want) == 0 && got != "" {
				t.Errorf("warned: %s", got)
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("warnings %q lack %q", got, w)
				}
			}
		})
	}
}

// TestDocsListEverySetting: the settings table of docs/operating.md is
// the table of settings, row for row.
func TestDocsListEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../../docs/operating.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		row := "| `" + s.env + "` | `-" + s.flag + "` | "
		i := strings.Index(string(readme), row)
		if i < 0 {
			t.Errorf("docs/operating.md's settings table has no row %q", row)
			continue
		}
		if s.def != "" && !strings.Contains(strings.SplitN(string(readme)[i+len(row):], "|", 2)[0], s.def) {
			t.Errorf("docs/operating.md gives %s another default than %q", s.env, s.def)
		}
	}
}

func TestRotateKeyTakesItsFlagAnywhere(t *testing.T) {
	for _, args := range [][]string{{"-generate", "-data-dir", t.TempDir()}, {"-data-dir", t.TempDir(), "-generate"}} {
		var out, errs strings.Builder
		if code := run(context.Background(), append([]string{"rotate-key"}, args...), &out, &errs, env(nil)); code != 0 {
			t.Errorf("rotate-key %v: exit %d: %s", args, code, errs.String())
		}
	}
}

// TestImageSettings: the image proxy is on by default with 256 MB of
// disk, never allowed private addresses unless asked; off and sizes parse.
func TestImageSettings(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := parseConfig([]string{"-demo"}, env(nil), io.Discard)
	if err != nil || !c.ImageProxy || c.ImageCacheBytes != 256_000_000 || c.ImageMemory != 256_000_000 || c.ImageAllowPrivate {
		t.Fatalf("defaults: proxy %v, cache %d, memory %d, private %v (%v)", c.ImageProxy, c.ImageCacheBytes, c.ImageMemory, c.ImageAllowPrivate, err)
	}
	c, err = parseConfig([]string{"-demo", "-image-allow-private"}, env(map[string]string{"WIDGETS_IMAGE_PROXY": "off",
		"WIDGETS_IMAGE_CACHE_SIZE": "2GB", "WIDGETS_IMAGE_MEMORY": "1GB"}), io.Discard)
	if err != nil || c.ImageProxy || c.ImageCacheBytes != 2_000_000_000 || c.ImageMemory != 1_000_000_000 || !c.ImageAllowPrivate {
		t.Errorf("set: proxy %v, cache %d, private %v (%v)", c.ImageProxy, c.ImageCacheBytes, c.ImageAllowPrivate, err)
	}
	if w := startWarnings(c); len(w) != 0 {
		t.Errorf("private addresses with the proxy off warned: %v", w)
	}
	c.ImageProxy = true
	if w := startWarnings(c); len(w) != 1 || !strings.Contains(w[0], "WIDGETS_IMAGE_ALLOW_PRIVATE") {
		t.Errorf("warnings: %v", w)
	}
}

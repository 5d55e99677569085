package deploy

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

var fleetEnv = map[string]string{
	"WIDGETS_WPCOM_CLIENT_ID":     "12345",
	"WIDGETS_WPCOM_CLIENT_SECRET": "app-secret",
	"WIDGETS_SECRET_KEY":          "c2VjcmV0LWtleS1vZi0zMi1ieXRlcy1mb3ItdGVzdHM=",
	"POSTGRES_PASSWORD":           "pg-password",
}

// project is what the tests read of compose.yaml, its variables filled in
// as docker compose fills them.
type project struct {
	Services map[string]service `yaml:"services"`
}

type service struct {
	Build *struct {
		Context    string `yaml:"context"`
		Dockerfile string `yaml:"dockerfile"`
	} `yaml:"build"`
	Environment map[string]string `yaml:"environment"`
	Networks    any               `yaml:"networks"`   // a list of names, or names to settings
	DependsOn   any               `yaml:"depends_on"` // a list of names, or names to conditions
	Ports       []string          `yaml:"ports"`
	Command     []string          `yaml:"command"`
	Volumes     []string          `yaml:"volumes"`
}

// ipv4 is the fixed address s has on network, or "".
func (s service) ipv4(network string) string {
	m, _ := s.Networks.(map[string]any)
	n, _ := m[network].(map[string]any)
	addr, _ := n["ipv4_address"].(string)
	return addr
}

// waitsFor is the condition s waits for dep with ("" when it does not).
func (s service) waitsFor(dep string) string {
	m, _ := s.DependsOn.(map[string]any)
	d, _ := m[dep].(map[string]any)
	c, _ := d["condition"].(string)
	return c
}

// interpolation is compose's ${NAME}, ${NAME:-default} and ${NAME:?error}.
var interpolation = regexp.MustCompile(`\$\{(\w+)(?:(:-|:\?)([^}]*))?\}`)

func load(t *testing.T, vars map[string]string) (*project, error) {
	t.Helper()
	raw, err := os.ReadFile("compose.yaml")
	if err != nil {
		return nil, err
	}
	var missing error
	text := interpolation.ReplaceAllStringFunc(string(raw), func(m string) string {
		g := interpolation.FindStringSubmatch(m)
		if v := vars[g[1]]; v != "" {
			return v
		}
		switch g[2] {
		case ":-":
			return g[3]
		case ":?":
			missing = fmt.Errorf("required variable %s is missing a value: %s", g[1], g[3])
		}
		return ""
	})
	if missing != nil {
		return nil, missing
	}
	var p project
	if err := yaml.Unmarshal([]byte(text), &p); err != nil {
		return nil, err
	}
	return &p, nil
}

func TestComposeFleet(t *testing.T) {
	p, err := load(t, fleetEnv)
	if err != nil {
		t.Fatalf("compose.yaml does not load: %v", err)
	}
	var names []string
	for name := range p.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	if got := strings.Join(names, " "); got != "nginx postgres redis widgets-1 widgets-2" {
		t.Fatalf("services: %s", got)
	}
	var replicas []string
	for _, name := range []string{"widgets-1", "widgets-2"} {
		s := p.Services[name]
		replicas = append(replicas, name)
		if s.Build == nil || filepath.Base(s.Build.Dockerfile) != "Dockerfile" {
			t.Errorf("%s is not built from the Dockerfile", name)
		} else if _, err := os.Stat(filepath.Join(s.Build.Context, "cmd", "widgets", "main.go")); err != nil { // relative to deploy/, as compose reads it
			t.Errorf("%s builds from %s, which is not the repository root", name, s.Build.Context)
		}
		env := func(k string) string { return s.Environment[k] }
		if env("WIDGETS_ADDR") != "0.0.0.0:8080" {
			t.Errorf("%s listens on %q; nginx expects :8080", name, env("WIDGETS_ADDR"))
		}
		if !strings.HasPrefix(env("WIDGETS_DATABASE_URL"), "postgres://widgets:pg-password@postgres:5432/widgets") {
			t.Errorf("%s database: %q", name, env("WIDGETS_DATABASE_URL"))
		}
		if env("WIDGETS_REDIS_URL") != "redis://redis:6379/0" {
			t.Errorf("%s redis: %q", name, env("WIDGETS_REDIS_URL"))
		}
		if env("WIDGETS_SECRET_KEY") != fleetEnv["WIDGETS_SECRET_KEY"] {
			t.Errorf("%s does not get the shared secret key", name)
		}
		// Rate limits key on the client: only nginx may name it.
		if nginx := p.Services["nginx"].ipv4("fleet"); nginx == "" || env("WIDGETS_TRUSTED_PROXIES") != nginx {
			t.Errorf("%s trusts %q, nginx is at %q", name, env("WIDGETS_TRUSTED_PROXIES"), nginx)
		}
		if env("WIDGETS_METRICS_ADDR") != "0.0.0.0:9090" || len(s.Ports) != 0 {
			t.Errorf("%s: metrics on %q, ports %v: /metrics belongs on an unpublished port of its own", name, env("WIDGETS_METRICS_ADDR"), s.Ports)
		}
		if env("WIDGETS_BASE_URL") != "http://localhost:8080" {
			t.Errorf("%s base URL %q: every replica must use the balancer's public URL", name, env("WIDGETS_BASE_URL"))
		}
		for _, dep := range []string{"postgres", "redis"} {
			if s.waitsFor(dep) != "service_healthy" {
				t.Errorf("%s does not wait for %s to be healthy", name, dep)
			}
		}
	}
	if r := p.Services["redis"]; !strings.Contains(strings.Join(r.Command, " "), `--save  --appendonly no`) {
		t.Errorf("redis should keep nothing on disk: %q", r.Command)
	}

	conf, err := os.ReadFile("nginx.conf")
	if err != nil {
		t.Fatal(err)
	}
	var upstream []string
	for _, m := range regexp.MustCompile(`(?m)^\s*server\s+([\w-]+):8080\b`).FindAllStringSubmatch(string(conf), -1) {
		upstream = append(upstream, m[1])
	}
	if strings.Join(upstream, " ") != strings.Join(replicas, " ") {
		t.Errorf("nginx.conf balances over %v, compose runs %v", upstream, replicas)
	}
	for _, want := range []string{
		"proxy_set_header Host $widgets_host;",           // the port survives: Origin checks compare it
		"default $http_host;",                            // …which is the client's Host as sent
		"proxy_set_header X-Forwarded-For $remote_addr;", // the edge replaces what clients claim
		"location = /metrics { return 404; }",
		"location = /readyz { return 404; }",
		"Strict-Transport-Security",
	} {
		if !strings.Contains(string(conf), want) {
			t.Errorf("nginx.conf lacks %q", want)
		}
	}
	if n := p.Services["nginx"]; len(n.Ports) != 1 || n.Ports[0] != "8080:80" {
		t.Errorf("nginx ports: %q, want 8080:80", n.Ports)
	}

	// The edge cache (e2e/edge runs this file in front of a replica): its
	// folder is on a volume, and only the public embeds are cached.
	cachePath := regexp.MustCompile(`(?m)^proxy_cache_path (\S+) `).FindStringSubmatch(string(conf))
	if cachePath == nil || !slices.Contains(p.Services["nginx"].Volumes, "edge-cache:"+cachePath[1]) {
		t.Errorf("nginx's cache folder %v is not the volume edge-cache: %v", cachePath, p.Services["nginx"].Volumes)
	}
	var cached []string
	for _, m := range regexp.MustCompile(`(?m)^    location ([^{]+)\{\n(?:[^}]*\n)*?\s*proxy_cache widgets;`).FindAllStringSubmatch(string(conf), -1) {
		cached = append(cached, strings.TrimSpace(m[1]))
	}
	if got := strings.Join(cached, ", "); got != "/w/, = /oembed" {
		t.Errorf("nginx.conf caches %q, want the public embeds alone: /w/, = /oembed", got)
	}
}

func TestComposeSaysWhatIsMissing(t *testing.T) {
	for missing := range fleetEnv {
		env := map[string]string{}
		for k, v := range fleetEnv {
			if k != missing {
				env[k] = v
			}
		}
		_, err := load(t, env)
		if err == nil || !strings.Contains(err.Error(), missing) {
			t.Errorf("without %s: %v", missing, err)
		}
	}
}

package wordpress

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Core is where Debian's wordpress package keeps WordPress.
const Core = "/usr/share/wordpress"

// Options configure a Site.
type Options struct {
	// Dir holds the document root and logs; it must exist and be empty.
	Dir string
	// ServiceHost and ServicePort are the widget service WordPress may call.
	ServiceHost string
	ServicePort int
	// Theme is a theme directory in Core/wp-content/themes.
	Theme string // "twentytwentyone" when empty
	// Log receives the PHP server's output; nil discards it.
	Log io.Writer
}

// Site is a running WordPress.
type Site struct {
	URL  string // http://127.0.0.1:port
	root string
	db   string
	cmd  *exec.Cmd
	php  string
}

// Start prepares a document root, a database and an installed WordPress,
// and serves it on a free 127.0.0.1 port.
func Start(ctx context.Context, opts Options) (*Site, error) {
	if opts.Theme == "" {
		opts.Theme = "twentytwentyone"
	}
	php, err := exec.LookPath("php")
	if err != nil {
		return nil, errors.New("wordpress: php is not installed (apt-get install php-cli php-mysql)")
	}
	for _, need := range []string{Core + "/wp-settings.php", Core + "/wp-content/themes/" + opts.Theme} {
		if _, err := os.Stat(need); err != nil {
			return nil, fmt.Errorf("wordpress: %s is missing (apt-get install wordpress wordpress-theme-%s)", need, opts.Theme)
		}
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &Site{URL: "http://127.0.0.1:" + strconv.Itoa(port), root: filepath.Join(opts.Dir, "htdocs"), php: php}
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	s.db = "wp_e2e_" + hex.EncodeToString(b)
	if err := s.createDatabase(); err != nil {
		return nil, err
	}
	if err := s.docroot(opts); err != nil {
		s.dropDatabase()
		return nil, err
	}
	if _, err := s.PHP(ctx, `require_once ABSPATH . 'wp-admin/includes/upgrade.php';
wp_install('Widgets e2e', 'admin', 'admin@example.com', true, '', 'e2e-password');
switch_theme('`+opts.Theme+`');
update_option('permalink_structure', '');
echo 'installed';`); err != nil {
		s.dropDatabase()
		return nil, fmt.Errorf("wordpress: install: %w", err)
	}
	s.cmd = exec.Command(php, "-S", "127.0.0.1:"+strconv.Itoa(port), "-t", s.root)
	s.cmd.Dir = s.root
	if opts.Log != nil {
		s.cmd.Stdout, s.cmd.Stderr = opts.Log, opts.Log
	}
	if err := s.cmd.Start(); err != nil {
		s.dropDatabase()
		return nil, fmt.Errorf("wordpress: php -S: %w", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(s.URL + "/wp-login.php")
		if err == nil {
			resp.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			s.Close()
			return nil, fmt.Errorf("wordpress: the site did not answer: %w", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return s, nil
}

// Close stops the server and drops the database.
func (s *Site) Close() {
	if s.cmd != nil && s.cmd.Process != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
	}
	s.dropDatabase()
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// dbUser is the account WordPress uses; root is only used to set it up.
const (
	dbUser     = "wpe2e"
	dbPassword = "wpe2e-password"
)

// mysql runs SQL as root: over the socket first (Debian's default root
// login), then over TCP without a password (this machine kind's setup).
func mysql(sql string) error {
	var errs []error
	for _, args := range [][]string{{"-uroot"}, {"-h127.0.0.1", "-P3306", "-uroot"}} {
		cmd := exec.Command("mysql", append(args, "-e", sql)...)
		out, err := cmd.CombinedOutput()
		if err == nil {
			return nil
		}
		errs = append(errs, fmt.Errorf("mysql %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out)))
	}
	return fmt.Errorf("wordpress: MariaDB does not answer: start it, or run make test, which does (%w)", errors.Join(errs...))
}

func (s *Site) createDatabase() error {
	return mysql(fmt.Sprintf("CREATE DATABASE `%[1]s`; "+
		"CREATE USER IF NOT EXISTS '%[2]s'@'127.0.0.1' IDENTIFIED BY '%[3]s'; "+
		"CREATE USER IF NOT EXISTS '%[2]s'@'localhost' IDENTIFIED BY '%[3]s'; "+
		"GRANT ALL ON `%[1]s`.* TO '%[2]s'@'127.0.0.1'; GRANT ALL ON `%[1]s`.* TO '%[2]s'@'localhost';", s.db, dbUser, dbPassword))
}

func (s *Site) dropDatabase() { _ = mysql("DROP DATABASE IF EXISTS `" + s.db + "`") }

// docroot links WordPress's files into a fresh document root and adds our
// wp-config.php and wp-content (the theme, and the must-use plugin).
func (s *Site) docroot(opts Options) error {
	content := filepath.Join(s.root, "wp-content")
	for _, d := range []string{filepath.Join(content, "themes"), filepath.Join(content, "plugins"),
		filepath.Join(content, "mu-plugins"), filepath.Join(content, "uploads")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(Core)
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch e.Name() {
		case "wp-config.php", "wp-content", ".htaccess":
			continue
		}
		src, dst := filepath.Join(Core, e.Name()), filepath.Join(s.root, e.Name())
		if e.IsDir() { // wp-admin, wp-includes: reached through ABSPATH, so a link will do
			if err := os.Symlink(src, dst); err != nil {
				return err
			}
			continue
		}
		// Entry files find wp-config.php next to their own real path
		// (PHP resolves links in __FILE__), so they are copied.
		b, err := os.ReadFile(src)
		if err != nil {
			return err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return err
		}
	}
	if err := os.Symlink(filepath.Join(Core, "wp-content/themes", opts.Theme), filepath.Join(content, "themes", opts.Theme)); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(content, "mu-plugins", "allow-widget-service.php"),
		[]byte(muPlugin(opts.ServiceHost, opts.ServicePort)), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(s.root, "wp-config.php"), []byte(s.config()), 0o644)
}

func (s *Site) config() string {
	salt := func() string {
		b := make([]byte, 24)
		_, _ = rand.Read(b)
		return hex.EncodeToString(b)
	}
	var keys strings.Builder
	for _, k := range []string{"AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"} {
		fmt.Fprintf(&keys, "define('%s', '%s');\n", k, salt())
	}
	return `<?php
// Written by e2e/wordpress for one test run.
define('DB_NAME', '` + s.db + `');
define('DB_USER', '` + dbUser + `');
define('DB_PASSWORD', '` + dbPassword + `');
define('DB_HOST', '127.0.0.1:3306');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
` + keys.String() + `$table_prefix = 'wp_';
define('WP_HOME', '` + s.URL + `');
define('WP_SITEURL', '` + s.URL + `');
define('WP_CONTENT_DIR', __DIR__ . '/wp-content');
define('WP_CONTENT_URL', '` + s.URL + `/wp-content');
define('WP_DEBUG', false);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
// No calls out of this machine; the widget service is let through by the
// must-use plugin.
define('WP_HTTP_BLOCK_EXTERNAL', true);
define('WP_ACCESSIBLE_HOSTS', '127.0.0.1');
if (!defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }
require_once ABSPATH . 'wp-settings.php';
`
}

// muPlugin lets WordPress fetch from the widget service: its host counts as
// external (WordPress refuses loopback addresses for discovered oEmbed
// providers) and its port is allowed (only 80, 443 and 8080 are).
func muPlugin(host string, port int) string {
	return fmt.Sprintf(`<?php
/*
 * Plugin Name: Allow the widget service (tests and demos only)
 * Description: Lets WordPress fetch oEmbed data from %[1]s:%[2]d, and nothing else on loopback.
 */
add_filter('http_request_host_is_external', function ($external, $host, $url) {
	return $external || ($host === '%[1]s' && (int) parse_url($url, PHP_URL_PORT) === %[2]d);
}, 10, 3);
add_filter('http_allowed_safe_ports', function ($ports, $host) {
	if ($host === '%[1]s') { $ports[] = %[2]d; }
	return $ports;
}, 10, 2);
`, host, port)
}

// PHP runs code inside WordPress (after wp-load.php) with the PHP CLI and
// returns what it printed.
func (s *Site) PHP(ctx context.Context, code string) (string, error) {
	f, err := os.CreateTemp(s.root, ".e2e-*.php")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	host := strings.TrimPrefix(s.URL, "http://")
	script := `<?php
$_SERVER['HTTP_HOST'] = '` + host + `'; $_SERVER['SERVER_NAME'] = '127.0.0.1'; $_SERVER['REQUEST_URI'] = '/';
define('WP_INSTALLING', !file_exists(__DIR__ . '/.installed'));
require __DIR__ . '/wp-load.php';
` + code + "\n"
	if _, err := f.WriteString(script); err != nil {
		f.Close()
		return "", err
	}
	f.Close()
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, s.php, f.Name())
	cmd.Dir = s.root
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%v: %s %s", err, out.String(), stderr.String())
	}
	if !fileExists(filepath.Join(s.root, ".installed")) {
		_ = os.WriteFile(filepath.Join(s.root, ".installed"), nil, 0o644)
	}
	return out.String(), nil
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

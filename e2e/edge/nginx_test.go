package edge_test

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
)

// nginxBinary is Debian's nginx: on PATH, or in /usr/sbin, which is not on
// every user's PATH.
func nginxBinary(t *testing.T) string {
	t.Helper()
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	t.Fatal("nginx is needed: run .ci/setup, which installs Debian's nginx-light")
	return ""
}

// shippedConfig is deploy/nginx.conf with the fleet's upstream servers,
// its listen address and its cache folder swapped for the test's, and
// nothing else: a change to the file is a change to what is tested. Each
// swap fails the test if the text it expects is not there exactly once.
func shippedConfig(t *testing.T, replica, listen, cacheDir string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	conf := string(raw)
	for _, r := range []struct{ old, new string }{
		{"    server widgets-1:8080 max_fails=3 fail_timeout=10s;\n    server widgets-2:8080 max_fails=3 fail_timeout=10s;\n",
			"    server " + replica + ";\n"},
		{"\n    listen 80;\n", "\n    listen " + listen + ";\n"},
		{"proxy_cache_path /var/cache/nginx/widgets ", "proxy_cache_path " + cacheDir + " "},
	} {
		if n := strings.Count(conf, r.old); n != 1 {
			t.Fatalf("deploy/nginx.conf has %q %d times, the test expects it once: update the test with the file", r.old, n)
		}
		conf = strings.Replace(conf, r.old, r.new, 1)
	}
	return conf
}

// edge is nginx running the shipped configuration.
type edge struct {
	base string
	dir  string
	logs *testutil.SyncBuffer
}

// freePort is a port on 127.0.0.1 nobody listens on just now.
func freePort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// startNginx runs nginx in the foreground, as a child of the test, on
// listen, in front of replica; it is stopped when the test ends.
func startNginx(t *testing.T, listen, replica string) *edge {
	t.Helper()
	bin := nginxBinary(t)
	dir := t.TempDir()
	e := &edge{base: "http://" + listen, dir: dir, logs: &testutil.SyncBuffer{}}
	site := filepath.Join(dir, "widgets.conf")
	if err := os.WriteFile(site, []byte(shippedConfig(t, replica, listen, filepath.Join(dir, "cache"))), 0o644); err != nil {
		t.Fatal(err)
	}
	// The main file is what nginx's own nginx.conf would be, around the
	// shipped one (conf.d files are included in its http block), with
	// every path in the test's folder.
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers otherwise run as nobody, who cannot enter the test's folder
	}
	main := fmt.Sprintf(`%s
pid %[2]s/nginx.pid;
error_log %[2]s/error.log info;
worker_processes 1;
events { worker_connections 512; }
http {
    access_log %[2]s/access.log;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    include %[3]s;
}
`, user, dir, site)
	mainFile := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(mainFile, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", mainFile, "-g", "daemon off;")
	cmd.Stdout, cmd.Stderr = e.logs, e.logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its workers go with it
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM) // nginx's fast shutdown: the master stops its workers
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
		if t.Failed() {
			t.Logf("nginx:\n%s\n%s", e.logs.String(), e.file("error.log"))
			t.Logf("nginx access log:\n%s", e.file("access.log"))
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", listen, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return e
		}
		select {
		case err := <-exited:
			t.Fatalf("nginx exited: %v\n%s", err, e.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on %s: %s", listen, e.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (e *edge) file(name string) string {
	b, _ := os.ReadFile(filepath.Join(e.dir, name))
	return string(b)
}

// version is what nginx -v says, for the log.
func nginxVersion(t *testing.T) string {
	out, _ := exec.Command(nginxBinary(t), "-v").CombinedOutput()
	return strings.TrimSpace(string(out))
}

package stack

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
)

// The edge cache as the shipped fleet runs it: Debian's nginx in the
// foreground with deploy/nginx.conf, its upstream, listen address and
// cache folder swapped for a test's and nothing else, so a change to the
// file is a change to what is tested. e2e/edge and e2e/scale run it.

// FreePort is an address on 127.0.0.1 nobody listens on just now.
func FreePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// NginxBinary is Debian's nginx: on PATH, or in /usr/sbin, which is not on
// every user's PATH.
func NginxBinary(t testing.TB) string {
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

// NginxVersion is what nginx -v says, for a test's log.
func NginxVersion(t testing.TB) string {
	out, _ := exec.Command(NginxBinary(t), "-v").CombinedOutput()
	return strings.TrimSpace(string(out))
}

// ShippedEdgeConfig is deploy/nginx.conf in front of replicas (host:port),
// each with the shipped file's server options, listening on listen and
// caching in cacheDir. Each swap fails the test if the text it expects is
// not there exactly once.
func ShippedEdgeConfig(t testing.TB, replicas []string, listen, cacheDir string) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	raw, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "deploy", "nginx.conf"))
	if err != nil {
		t.Fatal(err)
	}
	var servers strings.Builder
	for _, r := range replicas {
		fmt.Fprintf(&servers, "    server %s max_fails=3 fail_timeout=10s;\n", r)
	}
	conf := string(raw)
	for _, r := range []struct{ old, new string }{
		{"    server widgets-1:8080 max_fails=3 fail_timeout=10s;\n    server widgets-2:8080 max_fails=3 fail_timeout=10s;\n", servers.String()},
		{"\n    listen 80;\n", "\n    listen " + listen + ";\n"},
		{"proxy_cache_path /var/cache/nginx/widgets ", "proxy_cache_path " + cacheDir + " "},
	} {
		if n := strings.Count(conf, r.old); n != 1 {
			t.Fatalf("deploy/nginx.conf has %q %d times, the tests expect it once: update e2e/stack/nginx.go with the file", r.old, n)
		}
		conf = strings.Replace(conf, r.old, r.new, 1)
	}
	return conf
}

// EdgeOptions are what differs between the tests' nginx main files.
type EdgeOptions struct {
	// AccessLog keeps nginx's access log (Edge.File("access.log")); a load
	// run leaves it off, or it measures the disk.
	AccessLog bool
	// Connections is each worker's worker_connections (512 when 0): room
	// for the visitors waiting at once.
	Connections int
}

// Edge is nginx running the shipped configuration.
type Edge struct {
	Base string // http://listen
	dir  string
	logs *testutil.SyncBuffer
	stop func()
}

// StartEdge runs nginx on listen in front of replicas until Stop or the
// end of the test. Its main file is what Debian's nginx.conf would be
// around the shipped one (conf.d files are included in its http block),
// with every path in the test's folder and one worker: the machine's
// cores are shared with everything else the test runs.
func StartEdge(t testing.TB, listen string, replicas []string, o EdgeOptions) *Edge {
	t.Helper()
	bin := NginxBinary(t)
	dir := t.TempDir()
	e := &Edge{Base: "http://" + listen, dir: dir, logs: &testutil.SyncBuffer{}}
	site := filepath.Join(dir, "widgets.conf")
	if err := os.WriteFile(site, []byte(ShippedEdgeConfig(t, replicas, listen, filepath.Join(dir, "cache"))), 0o644); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers otherwise run as nobody, who cannot enter the test's folder
	}
	accessLog, errorLevel := "off", "warn"
	if o.AccessLog {
		accessLog, errorLevel = dir+"/access.log", "info"
	}
	if o.Connections == 0 {
		o.Connections = 512
	}
	main := fmt.Sprintf(`%s
pid %[2]s/nginx.pid;
error_log %[2]s/error.log %[7]s;
worker_processes 1;
worker_rlimit_nofile %[4]d;
events { worker_connections %[5]d; }
http {
    access_log %[3]s;
    client_body_temp_path %[2]s/body;
    proxy_temp_path %[2]s/proxy;
    fastcgi_temp_path %[2]s/fastcgi;
    uwsgi_temp_path %[2]s/uwsgi;
    scgi_temp_path %[2]s/scgi;
    include %[6]s;
}
`, user, dir, accessLog, 2*o.Connections+100, o.Connections, site, errorLevel)
	mainFile := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(mainFile, []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "-p", dir, "-c", mainFile, "-g", "daemon off;")
	cmd.Stdout, cmd.Stderr = e.logs, e.logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL} // its workers go with it
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	e.stop = func() {
		if stopped {
			return
		}
		stopped = true
		_ = cmd.Process.Signal(syscall.SIGTERM) // fast shutdown: the master stops its workers
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	}
	t.Cleanup(func() {
		e.stop()
		if t.Failed() {
			t.Logf("nginx:\n%s\n%s", e.logs.String(), e.File("error.log"))
			if o.AccessLog {
				t.Logf("nginx access log:\n%s", e.File("access.log"))
			}
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
			exited <- err // for stop
			t.Fatalf("nginx exited: %v\n%s", err, e.logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on %s: %s", listen, e.logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// Stop stops nginx now (the end of the test would).
func (e *Edge) Stop() { e.stop() }

// File is one of nginx's files in the test's folder: "error.log",
// "access.log".
func (e *Edge) File(name string) string {
	b, _ := os.ReadFile(filepath.Join(e.dir, name))
	return string(b)
}

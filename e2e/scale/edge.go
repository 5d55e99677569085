package scale

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

// The edge, as e2e/edge runs it (its helpers live in that package's
// tests, so they are repeated here): Debian's nginx in the foreground
// with deploy/nginx.conf, its upstream, listen address and cache folder
// swapped for the run's and nothing else. Here the upstream is every
// replica, with the shipped file's options.

// nginxBinary is Debian's nginx: on PATH, or in /usr/sbin.
func nginxBinary(t testing.TB) string {
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

// shippedConfig is deploy/nginx.conf in front of replicas (host:port).
// Each swap fails the run if the text it expects is not there exactly
// once.
func shippedConfig(t testing.TB, replicas []string, listen, cacheDir string) string {
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
			t.Fatalf("deploy/nginx.conf has %q %d times, the scale run expects it once: update it with the file", r.old, n)
		}
		conf = strings.Replace(conf, r.old, r.new, 1)
	}
	return conf
}

// startEdge runs nginx on listen in front of the replicas until stop or
// the end of the test. Its main file is what Debian's nginx.conf would be
// around the shipped one, with one worker (the machine's cores are shared
// with everything else here) with room for thousands of visitors waiting
// for cold widgets at once, and no access log (a line per request would
// measure the disk).
func startEdge(t testing.TB, listen string, replicas []string) (stop func()) {
	t.Helper()
	bin := nginxBinary(t)
	dir := t.TempDir()
	logs := &testutil.SyncBuffer{}
	site := filepath.Join(dir, "widgets.conf")
	if err := os.WriteFile(site, []byte(shippedConfig(t, replicas, listen, filepath.Join(dir, "cache"))), 0o644); err != nil {
		t.Fatal(err)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // workers otherwise run as nobody, who cannot enter the test's folder
	}
	main := fmt.Sprintf(`%s
pid %[2]s/nginx.pid;
error_log %[2]s/error.log warn;
worker_processes 1;
worker_rlimit_nofile 20000;
events { worker_connections 8192; }
http {
    access_log off;
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
	cmd.Stdout, cmd.Stderr = logs, logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL} // its workers go with it
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", bin, err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stopped := false
	stop = func() {
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
		stop()
		if t.Failed() {
			b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
			t.Logf("nginx:\n%s\n%s", logs.String(), b)
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", listen, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return stop
		}
		select {
		case err := <-exited:
			exited <- err // for stop
			t.Fatalf("nginx exited: %v\n%s", err, logs.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx does not listen on %s: %s", listen, logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

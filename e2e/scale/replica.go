package scale

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/e2e/stack"
)

// replicaEnv carries a replica's settings to the process that runs it:
// the test binary itself, started again (TestMain hands it to
// ServeReplica). So each replica has a heap of its own to measure, and
// nothing needs building: the test binary already holds the service.
const replicaEnv = "WIDGETS_SCALE_REPLICA"

// replicaConfig is what a replica process is given: what cmd/widgets
// would read from WIDGETS_* variables for a fleet.
type replicaConfig struct {
	Addr, BaseURL, DataDir, DatabaseURL, RedisURL string
	SecretKey                                     []byte
	WPCOMURL, ClientID, ClientSecret              string
	Refresh                                       time.Duration
	UpstreamRate                                  float64
}

// IsReplica says whether this process was started as a replica; its
// TestMain then calls ServeReplica instead of running tests.
func IsReplica() bool { return os.Getenv(replicaEnv) != "" }

// ServeReplica runs one replica until SIGTERM, as cmd/widgets runs one:
// PostgreSQL, Redis, the default limits, the image proxy off (the run is
// about lists, and pictures would be fetched from outside 127.0.0.1),
// warnings and errors logged to stderr. It returns the exit code.
func ServeReplica() int {
	var c replicaConfig
	if err := json.Unmarshal([]byte(os.Getenv(replicaEnv)), &c); err != nil {
		fmt.Fprintln(os.Stderr, "scale replica:", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		log.Error("listen", "err", err)
		return 1
	}
	a, err := app.New(ctx, app.Config{BaseURL: c.BaseURL, DataDir: c.DataDir, DatabaseURL: c.DatabaseURL, RedisURL: c.RedisURL,
		SecretKey: c.SecretKey, WPCOMURL: c.WPCOMURL, ClientID: c.ClientID, ClientSecret: c.ClientSecret,
		RefreshInterval: c.Refresh, UpstreamRate: c.UpstreamRate, TrustedProxies: []string{"127.0.0.1"}, RateLimit: 30,
		Logger: log})
	if err != nil {
		log.Error("start", "err", err)
		return 1
	}
	defer a.Close()
	srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	go srv.Serve(ln)
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	return 0
}

// replica is a replica process.
type replica struct {
	name string
	base string // http://127.0.0.1:port
	cmd  *exec.Cmd
	log  string // its stderr, a file
	done chan error
}

// startReplica starts the test binary as a replica with c on a free port.
// It is stopped (SIGTERM, then SIGKILL) by stop or when the test ends, and
// dies with the test process if that is killed.
func startReplica(t testing.TB, name string, c replicaConfig) *replica {
	t.Helper()
	c.Addr = stack.FreePort(t)
	c.DataDir = t.TempDir()
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	r := &replica{name: name, base: "http://" + c.Addr, log: filepath.Join(c.DataDir, "stderr.log"), done: make(chan error, 1)}
	logf, err := os.Create(r.log)
	if err != nil {
		t.Fatal(err)
	}
	r.cmd = exec.Command(self, "-test.run=^$")
	r.cmd.Env = append(os.Environ(), replicaEnv+"="+string(raw))
	r.cmd.Stdout, r.cmd.Stderr = logf, logf
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := r.cmd.Start(); err != nil {
		logf.Close()
		t.Fatalf("%s: %v", name, err)
	}
	go func() { r.done <- r.cmd.Wait(); logf.Close() }()
	t.Cleanup(func() {
		r.stop()
		if t.Failed() {
			t.Logf("%s's log:\n%s", r.name, r.tail())
		}
	})
	return r
}

// ready waits until the replica answers /healthz.
func (r *replica) ready(t testing.TB, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	c := &http.Client{Timeout: time.Second}
	for {
		if resp, err := c.Get(r.base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		select {
		case err := <-r.done:
			r.done <- err
			t.Fatalf("%s exited: %v\n%s", r.name, err, r.tail())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s does not answer on %s within %v:\n%s", r.name, r.base, within, r.tail())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the replica: SIGTERM, and SIGKILL if it has not gone in 10 s.
func (r *replica) stop() {
	if r.cmd.Process == nil {
		return
	}
	select {
	case err := <-r.done:
		r.done <- err
		return
	default:
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-r.done:
		r.done <- err
	case <-time.After(10 * time.Second):
		_ = r.cmd.Process.Kill()
		r.done <- <-r.done
	}
}

// tail is the end of the replica's log.
func (r *replica) tail() string {
	b, _ := os.ReadFile(r.log)
	if len(b) > 4000 {
		b = b[len(b)-4000:]
	}
	return string(b)
}

package fleet_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/app"
	"github.com/wpcom-widgets/service/e2e/stack"
	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

const interval = 10 * time.Minute

type replica struct {
	name string
	app  *app.App
	base string
	logs *testutil.SyncBuffer
}

type fleet struct {
	t        *testing.T
	sim      *wpcomtest.Server
	redis    *redistest.Server
	clock    *testutil.Clock
	replicas []*replica
	client   *http.Client
}

const clientID, clientSecret = "9001", "fleet-secret"

func startFleet(t *testing.T, n int) *fleet { return startFleetWith(t, n, fleetOptions{}) }

// fleetOptions change what startFleetWith starts.
type fleetOptions struct {
	sim          wpcomtest.Options // the simulator's
	upstreamRate float64           // each replica's WIDGETS_UPSTREAM_RATE; 0: no limit
}

func startFleetWith(t *testing.T, n int, opts fleetOptions) *fleet {
	f := &fleet{t: t, clock: testutil.NewClock(time.Now()), client: &http.Client{Timeout: 10 * time.Second}}
	f.sim = wpcomtest.NewServer(opts.sim)
	t.Cleanup(f.sim.Close)
	f.redis = redistest.Start(t)
	dbURL := storetest.FreshPostgresURL(t)
	key := seal.GenerateKey()

	var lns []net.Listener
	var redirects []string
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		lns = append(lns, ln)
		redirects = append(redirects, "http://"+ln.Addr().String()+"/auth/callback")
	}
	f.sim.AddApp(wpcomtest.App{ClientID: clientID, Secret: clientSecret, Name: "Widgets fleet", RedirectURIs: redirects})
	for i, ln := range lns {
		r := &replica{name: fmt.Sprintf("replica %d", i+1), base: "http://" + ln.Addr().String(), logs: &testutil.SyncBuffer{}}
		a, err := app.New(context.Background(), app.Config{BaseURL: r.base, DataDir: t.TempDir(), DatabaseURL: dbURL,
			RedisURL: f.redis.URL, SecretKey: key, WPCOMURL: f.sim.URL, ClientID: clientID, ClientSecret: clientSecret,
			RefreshInterval: interval, UpstreamRate: opts.upstreamRate, Now: f.clock.Now,
			Logger: slog.New(slog.NewTextHandler(r.logs, &slog.HandlerOptions{Level: slog.LevelInfo}))})
		if err != nil {
			t.Fatalf("%s: %v", r.name, err)
		}
		r.app = a
		srv := &http.Server{Handler: a.Handler, ReadHeaderTimeout: 5 * time.Second}
		go srv.Serve(ln)
		t.Cleanup(func() { srv.Close(); a.Close() })
		f.replicas = append(f.replicas, r)
	}
	// Every replica listens to the others before the test starts.
	f.eventually("every replica subscribed", 5*time.Second, func() bool {
		return f.redisClientCount() >= n
	})
	return f
}

// redisClientCount is how many connections are subscribed to the fleet's
// channel.
func (f *fleet) redisClientCount() int {
	c := f.redis.Client()
	defer c.Close()
	m, err := c.PubSubNumSub(context.Background(), "widgets:changes:0").Result()
	if err != nil {
		return 0
	}
	return int(m["widgets:changes:0"])
}

func (f *fleet) eventually(what string, within time.Duration, cond func() bool) time.Duration {
	f.t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > within {
			f.t.Fatalf("not within %v: %s", within, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

func (f *fleet) get(u string) (int, string) {
	resp, err := f.client.Get(u)
	if err != nil {
		f.t.Errorf("GET %s: %v", u, err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// traffic sends rounds of concurrent requests for the widgets to every
// replica, in every format, and checks each is a 200 with the widget.
func (f *fleet) traffic(rounds int, widgets map[string]string) {
	f.t.Helper()
	var wg sync.WaitGroup
	for range rounds {
		for _, r := range f.replicas {
			for id, title := range widgets {
				for _, ext := range []string{"", ".js", ".json"} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						code, body := f.get(r.base + "/w/" + id + ext)
						if code != http.StatusOK || !strings.Contains(body, title) {
							f.t.Errorf("%s /w/%s%s: %d, title %q missing: %.200s", r.name, id, ext, code, title, body)
						}
					}()
				}
			}
		}
	}
	wg.Wait()
}

// allServe waits until every replica's widget shows text.
func (f *fleet) allServe(id, text string) {
	f.t.Helper()
	for _, r := range f.replicas {
		f.eventually(r.name+" shows "+text, 5*time.Second, func() bool {
			_, body := f.get(r.base + "/w/" + id)
			return strings.Contains(body, text)
		})
	}
}

func (f *fleet) calls() (following, liked int) {
	return f.sim.Calls(wpcomtest.EndpointFollowing), f.sim.Calls(wpcomtest.EndpointLiked)
}

// like makes the member like a new post, so a refresh shows something new.
func (f *fleet) like(user, title string) {
	err := f.sim.Update(user, func(m *wpcomtest.Member) {
		p := *m.Likes[0].Post
		p.ID, p.Title, p.URL = p.ID+int64(len(m.Likes))*1000+7, title, p.URL+"x"+fmt.Sprint(len(m.Likes))+"/"
		m.Likes = append([]wpcomtest.Like{{Post: &p, Liked: time.Now()}}, m.Likes...)
	})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fleet) metric(r *replica, line string) bool {
	_, body := f.get(r.base + "/metrics")
	return strings.Contains(body, "\n"+line+"\n")
}

func TestThreeReplicas(t *testing.T) {
	f := startFleet(t, 3)
	ctx := context.Background()
	following, err := stack.SeedWidget(ctx, f.replicas[0].app, f.sim.Simulator, clientID, wpcomtest.AvidUser, "following", 20, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	liked, err := stack.SeedWidget(ctx, f.replicas[0].app, f.sim.Simulator, clientID, wpcomtest.AvidUser, "liked", 5, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	widgets := map[string]string{following: "Blogs I Follow", liked: "Posts I Like"}
	// A load of the member's follows is every page of them (the blogroll):
	// following calls count loads in pages.
	pages := (len(f.sim.Member(wpcomtest.AvidUser).Follows) + wpcom.FollowingPageLimit - 1) / wpcom.FollowingPageLimit

	t.Log("cold caches everywhere, concurrent traffic to all three")
	f.traffic(10, widgets)
	if fo, li := f.calls(); fo != pages || li != 1 {
		t.Fatalf("cold fleet made %d following and %d liked calls, want one load each, %d and 1 (%s)", fo, li, pages, f.sim.CallSummary())
	}

	t.Log("the refresh interval passes")
	f.like(wpcomtest.AvidUser, "Liked in the second interval")
	f.clock.Add(interval + time.Second)
	f.traffic(10, widgets)
	f.allServe(liked, "Liked in the second interval")
	f.traffic(5, widgets)
	if fo, li := f.calls(); fo != 2*pages || li != 2 {
		t.Fatalf("after one interval: %d following and %d liked calls, want two loads each, %d and 2 (%s)", fo, li, 2*pages, f.sim.CallSummary())
	}
	contended := 0
	for _, r := range f.replicas {
		if !f.metric(r, "widgets_refresh_lock_contended_total 0") {
			contended++
		}
	}
	if contended == 0 {
		t.Error("no replica ever found another holding the refresh lock")
	}

	t.Log("Redis stops")
	f.redis.Stop()
	f.like(wpcomtest.AvidUser, "Liked while Redis was down")
	f.clock.Add(interval + time.Second)
	beforeFo, beforeLi := f.calls()
	f.traffic(10, widgets)
	f.allServe(liked, "Liked while Redis was down") // each replica refreshes on its own
	f.traffic(5, widgets)
	fo, li := f.calls()
	if d := li - beforeLi; d < 1 || d > 3 {
		t.Errorf("with Redis down: %d liked calls in the interval, want 1 to 3 (at most one per replica)", d)
	}
	if d := fo - beforeFo; d < pages || d > 3*pages {
		t.Errorf("with Redis down: %d following calls in the interval, want 1 to 3 loads of %d", d, pages)
	}
	for _, r := range f.replicas {
		if n := strings.Count(r.logs.String(), "shared cache (Redis) does not answer"); n != 1 {
			t.Errorf("%s logged the Redis outage %d times, want once", r.name, n)
		}
		if code, body := f.get(r.base + "/readyz"); code != http.StatusOK || !strings.Contains(body, "redis: not answering") {
			t.Errorf("%s /readyz with Redis down: %d %q", r.name, code, body)
		}
		if !f.metric(r, "widgets_redis_up 0") {
			t.Errorf("%s: widgets_redis_up is not 0", r.name)
		}
	}

	t.Log("Redis comes back, empty")
	f.redis.Restart()
	for _, r := range f.replicas {
		// Each replica waits out its backoff (at most 30 s) on the fleet's
		// clock: move it on a second a look.
		f.eventually(r.name+" sees Redis again", 40*time.Second, func() bool {
			f.clock.Add(time.Second)
			return f.metric(r, "widgets_redis_up 1")
		})
	}
	f.eventually("every replica subscribed again", 10*time.Second, func() bool { return f.redisClientCount() >= 3 })
	f.like(wpcomtest.AvidUser, "Liked after Redis came back")
	f.clock.Add(interval + time.Second)
	beforeFo, beforeLi = f.calls()
	f.traffic(10, widgets)
	f.allServe(liked, "Liked after Redis came back")
	f.traffic(5, widgets)
	if fo, li := f.calls(); fo-beforeFo != pages || li-beforeLi != 1 {
		t.Errorf("after Redis came back: %d following and %d liked calls in the interval, want one load each, %d and 1 (the fleet converged)",
			fo-beforeFo, li-beforeLi, pages)
	}
}

// owner is a browser without JavaScript: a cookie jar, as a load balancer
// would send it to any replica (cookies are per host, not per port).
type owner struct {
	t *testing.T
	c *http.Client
}

func (f *fleet) owner() *owner {
	jar, _ := cookiejar.New(nil)
	return &owner{t: f.t, c: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
}

func (o *owner) do(method, u string, form url.Values) *http.Response {
	o.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, u, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := o.c.Do(req)
	if err != nil {
		o.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestOwnersMoveBetweenReplicas(t *testing.T) {
	f := startFleet(t, 3)
	r1, r2, r3 := f.replicas[0], f.replicas[1], f.replicas[2]
	o := f.owner()

	f.sim.AutoApprove(wpcomtest.DemoUser)
	resp := o.do(http.MethodGet, r1.base+"/auth/login", nil)
	f.sim.AutoApprove("")
	if resp.StatusCode != 200 || resp.Request.URL.Host != strings.TrimPrefix(r1.base, "http://") || resp.Request.URL.Path != "/dashboard" {
		t.Fatalf("login through replica 1 ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}

	// Two posts: the demo member's third like is on a private site, and
	// filling its place would take a second call in the one load.
	resp = o.do(http.MethodPost, r2.base+"/dashboard/widgets", url.Values{"kind": {"liked"}, "title": {"Made on replica 2"}, "count": {"2"}})
	id := strings.TrimPrefix(resp.Request.URL.Path, "/dashboard/widgets/")
	if resp.StatusCode != 200 || resp.Request.URL.Host != strings.TrimPrefix(r2.base, "http://") || id == "" || strings.Contains(id, "/") {
		t.Fatalf("create through replica 2 ended at %s with %d", resp.Request.URL, resp.StatusCode)
	}
	for _, r := range []*replica{r2, r3, r1} {
		if code, body := f.get(r.base + "/w/" + id); code != 200 || !strings.Contains(body, "Made on replica 2") || !strings.Contains(body, "wpfl__item") {
			t.Errorf("%s serves the new widget: %d %.200s", r.name, code, body)
		}
	}
	if fo, li := f.calls(); fo != 0 || li != 1 {
		t.Errorf("%d following and %d liked calls for a new widget seen by three replicas, want 0 and 1", fo, li)
		for _, r := range f.replicas {
			t.Logf("%s:\n%s", r.name, r.logs.String())
		}
	}

	// A change on replica 2 shows on the others at once, though they hold
	// the old settings in memory.
	o.do(http.MethodPost, r2.base+"/dashboard/widgets/"+id, url.Values{"title": {"Renamed on replica 2"}})
	for _, r := range []*replica{r1, r3} {
		took := f.eventually(r.name+" shows the new title", time.Second, func() bool {
			_, body := f.get(r.base + "/w/" + id)
			return strings.Contains(body, "Renamed on replica 2")
		})
		t.Logf("%s showed the change after %v", r.name, took)
	}

	o.do(http.MethodPost, r2.base+"/dashboard/widgets/"+id+"/delete", url.Values{"confirm": {"yes"}})
	for _, r := range f.replicas {
		took := f.eventually(r.name+" stops serving the deleted widget", time.Second, func() bool {
			code, _ := f.get(r.base + "/w/" + id + ".json")
			return code == http.StatusNotFound
		})
		t.Logf("%s: gone after %v", r.name, took)
	}
}

// When WordPress.com fails, the fleet backs off as one: one failed call per
// backoff step, not one per replica, and visitors keep getting the last
// good lists.
func TestFleetBacksOffTogether(t *testing.T) {
	f := startFleet(t, 3)
	liked, err := stack.SeedWidget(context.Background(), f.replicas[0].app, f.sim.Simulator, clientID, wpcomtest.AvidUser, "liked", 5, "list", "auto")
	if err != nil {
		t.Fatal(err)
	}
	widgets := map[string]string{liked: "Posts I Like"}
	f.traffic(5, widgets)
	f.sim.SetFault(wpcomtest.EndpointLiked, wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 503})

	f.clock.Add(interval + time.Second)
	for range 3 {
		f.traffic(5, widgets) // stale lists, served while one replica tries
		time.Sleep(100 * time.Millisecond)
	}
	if _, li := f.calls(); li != 2 {
		t.Fatalf("%d liked calls, want 2: the first fetch and one failed refresh (%s)", li, f.sim.CallSummary())
	}
	f.clock.Add(20 * time.Second) // inside the first backoff (30 s)
	f.traffic(5, widgets)
	time.Sleep(100 * time.Millisecond)
	if _, li := f.calls(); li != 2 {
		t.Errorf("%d liked calls inside the backoff, want 2", li)
	}
	f.sim.ClearFaults()
	f.like(wpcomtest.AvidUser, "Liked when WordPress.com was back")
	f.clock.Add(15 * time.Second) // past it
	f.traffic(5, widgets)
	f.allServe(liked, "Liked when WordPress.com was back")
	if _, li := f.calls(); li != 3 {
		t.Errorf("%d liked calls after the backoff, want 3 (%s)", li, f.sim.CallSummary())
	}
}

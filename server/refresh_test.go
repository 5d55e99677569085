package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// "Refresh now" fetches the lists and comes back saying so; a second one
// within a minute is refused politely; the pages say how fresh the lists
// are; "back" cannot send the owner elsewhere.
func TestRefreshNow(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "page") // made, never shown
	if _, body := b.get("/dashboard"); !strings.Contains(body, "were not fetched yet") || !strings.Contains(body, "every 10 minutes") {
		t.Errorf("before any fetch, the dashboard should say so and how often they are fetched")
	}
	fetch(t, e.base+"/w/"+id) // a visitor: the lists are fetched
	if _, body := b.get("/dashboard/widgets/" + id); !strings.Contains(body, "were updated just now") {
		t.Errorf("the widget page does not say how fresh the lists are")
	}
	calls := e.sim.Calls(wpcomtest.EndpointLiked)
	resp, body := b.post("/dashboard/refresh", url.Values{"back": {"/dashboard/widgets/" + id}})
	after := e.sim.Calls(wpcomtest.EndpointLiked)
	if resp.Request.URL.String() != e.base+"/dashboard/widgets/"+id+"?refreshed=done" ||
		!strings.Contains(body, "fetched from WordPress.com just now") || after == calls {
		t.Fatalf("refresh: at %s, %d calls", resp.Request.URL, after-calls)
	}
	resp, body = b.post("/dashboard/refresh", url.Values{"back": {"/dashboard"}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") != "60" ||
		!strings.Contains(body, "less than a minute ago") || e.sim.Calls(wpcomtest.EndpointLiked) != after {
		t.Errorf("a second refresh at once: %d, Retry-After %q, %d calls", resp.StatusCode, resp.Header.Get("Retry-After"), e.sim.Calls(wpcomtest.EndpointLiked)-after)
	}
}

// When WordPress.com fails, the owner is told, in plain words.
func TestRefreshThatFailsSaysWhy(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}})
	fetch(t, e.base+"/w/"+id)
	e.sim.SetFault(wpcomtest.EndpointLiked, wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 503})
	resp, body := b.post("/dashboard/refresh", url.Values{"back": {"/dashboard"}})
	if !strings.HasSuffix(resp.Request.URL.String(), "/dashboard?refreshed=failed") || !strings.Contains(body, "The fetch did not work") ||
		!strings.Contains(body, "WordPress.com did not answer the last time we asked") || !strings.Contains(body, "next try in") {
		t.Errorf("a failed refresh: at %s\n%s", resp.Request.URL, body)
	}
}

func TestRefreshGoesBackOnlyToTheDashboard(t *testing.T) {
	for _, back := range []string{"https://evil.example/", "//evil.example", "/dashboard/widgets/../../auth/logout", "/elsewhere", ""} {
		e := newEnv(t)
		b := e.browser()
		b.login(wpcomtest.DemoUser)
		resp, _ := b.post("/dashboard/refresh", url.Values{"back": {back}})
		if resp.Request.URL.Path != "/dashboard" {
			t.Errorf("back %q led to %s", back, resp.Request.URL)
		}
	}
}

func TestAgo(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "just now", 59 * time.Second: "just now", time.Minute: "1 minute ago", 3*time.Minute + 59*time.Second: "3 minutes ago",
		time.Hour: "1 hour ago", 47 * time.Hour: "47 hours ago", 72 * time.Hour: "3 days ago",
	} {
		if got := ago(d); got != want {
			t.Errorf("ago(%v) = %q, want %q", d, got, want)
		}
	}
}

// When WordPress.com asked the service to slow down, Refresh now does not
// ask again early (it would only lengthen the wait), and says so.
func TestRefreshWaitsWhenThrottled(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}})
	fetch(t, e.base+"/w/"+id)
	e.sim.SetFault(wpcomtest.EndpointLiked, wpcomtest.Fault{Kind: wpcomtest.Throttle})
	if resp, _ := b.post("/dashboard/refresh", url.Values{"back": {"/dashboard"}}); !strings.HasSuffix(resp.Request.URL.String(), "refreshed=failed") {
		t.Fatalf("a throttled refresh ended at %s", resp.Request.URL)
	}
	calls := e.sim.Calls(wpcomtest.EndpointLiked)
	resp, body := b.post("/dashboard/refresh", url.Values{"back": {"/dashboard"}})
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "asking again now would only make it wait longer") ||
		e.sim.Calls(wpcomtest.EndpointLiked) != calls {
		t.Errorf("refreshing while throttled: %d, %d calls\n%.300s", resp.StatusCode, e.sim.Calls(wpcomtest.EndpointLiked)-calls, body)
	}
}

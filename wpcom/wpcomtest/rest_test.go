package wpcomtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// getRaw calls a REST path with a bearer token and returns status and body.
func getRaw(t *testing.T, url, auth string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestFollowingWireShape(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	tok := "Bearer " + sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	for _, v := range []string{"v1.1", "v1.2"} {
		status, body := getRaw(t, sim.URL+"/rest/"+v+"/read/following/mine?meta=site&number=50", tok)
		if status != 200 {
			t.Fatalf("%s: %d %s", v, status, body)
		}
		for _, want := range []string{
			`"ID":"764146175"`, `"blog_ID":"3584907"`, `"feed_ID":"25823"`, // IDs are strings
			`"blog_ID":false`, `"blog_ID":"0"`, // plain feeds
			`"date_subscribed":"2026-10-31T12:00:00+00:00"`, // +00:00, not Z
			`"sizes":[]`, `"header_image":false`, `"total_subscriptions":11`, `"page":1`, `"number":11`,
		} {
			if !strings.Contains(body, want) {
				t.Errorf("%s: body lacks %s", v, want)
			}
		}
	}
	// Without meta=site there is no meta.data.
	_, body := getRaw(t, sim.URL+"/rest/v1.1/read/following/mine?number=50", tok)
	if strings.Contains(body, `"data"`) {
		t.Errorf("meta.data sent without meta=site")
	}
	// Past the end: an empty page, number 0, total still told.
	_, body = getRaw(t, sim.URL+"/rest/v1.1/read/following/mine?page=9&number=5", tok)
	var page struct {
		Subs   []any `json:"subscriptions"`
		Number int   `json:"number"`
		Total  int   `json:"total_subscriptions"`
	}
	if err := json.Unmarshal([]byte(body), &page); err != nil || len(page.Subs) != 0 || page.Number != 0 || page.Total != 11 {
		t.Errorf("past the end: %s", body)
	}
}

func TestLikedWireShapeAndLimits(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	tok := "BEARER " + sim.IssueToken(wpcomtest.TestClientID, wpcomtest.AvidUser, "global") // scheme is case-insensitive
	var page struct {
		Posts     []map[string]any `json:"posts"`
		Number    int              `json:"number"`
		DateRange json.RawMessage  `json:"date_range"`
	}
	status, body := getRaw(t, sim.URL+"/rest/v1.2/read/liked", tok)
	if err := json.Unmarshal([]byte(body), &page); err != nil || status != 200 || page.Number != 10 || len(page.Posts) != 10 {
		t.Fatalf("default page: %d, %d posts, %v", status, len(page.Posts), err)
	}
	p := page.Posts[0]
	for _, key := range []string{"ID", "site_ID", "date_liked", "author", "title", "URL", "featured_image",
		"post_thumbnail", "featured_media", "site_name", "site_URL", "feed_ID", "global_ID", "attachments"} {
		if _, ok := p[key]; !ok {
			t.Errorf("post lacks %q", key)
		}
	}
	if _, ok := p["ID"].(float64); !ok {
		t.Errorf("post ID is %T, want a number", p["ID"])
	}
	if !strings.Contains(string(page.DateRange), `"after":"2026-`) || !strings.Contains(string(page.DateRange), `+00:00"`) {
		t.Errorf("date_range = %s", page.DateRange)
	}

	status, body = getRaw(t, sim.URL+"/rest/v1.1/read/liked?number=41", tok)
	if status != 400 || !strings.Contains(body, `"error":"invalid_number"`) {
		t.Errorf("number=41: %d %s", status, body)
	}
	// A raw "+" in before= decodes to a space: WordPress.com cannot read it.
	status, body = getRaw(t, sim.URL+"/rest/v1.1/read/liked?before=2026-10-01T08:12:44+00:00", tok)
	if status != 400 || !strings.Contains(body, "invalid_input") {
		t.Errorf("unencoded plus: %d %s", status, body)
	}
	// Far in the past: an empty page whose date_range is an empty PHP array.
	status, body = getRaw(t, sim.URL+"/rest/v1.1/read/liked?before=2001-01-01T00%3A00%3A00%2B00%3A00", tok)
	if status != 200 || !strings.Contains(body, `"date_range":[]`) || !strings.Contains(body, `"posts":[]`) {
		t.Errorf("empty page: %d %s", status, body)
	}
}

func TestRESTAuthErrors(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	authTok := sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "auth")
	globalTok := sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	sim.Revoke(globalTok)
	tests := []struct {
		name, path, auth string
		status           int
		slug             string
	}{
		{"no token", "/rest/v1.1/me", "", 403, "authorization_required"},
		{"not a bearer", "/rest/v1.1/me", "Basic abc", 403, "authorization_required"},
		{"unknown token", "/rest/v1.1/read/liked", "Bearer nope", 400, "invalid_token"},
		{"revoked token", "/rest/v1.1/read/following/mine", "Bearer " + globalTok, 400, "invalid_token"},
		{"auth scope reads the Reader", "/rest/v1.1/read/following/mine", "Bearer " + authTok, 403, "unauthorized"},
		{"auth scope reads /me", "/rest/v1.1/me", "Bearer " + authTok, 200, ""},
		{"unknown version", "/rest/v9/me", "Bearer " + authTok, 404, "unknown_endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := getRaw(t, sim.URL+tt.path, tt.auth)
			if status != tt.status || (tt.slug != "" && !strings.Contains(body, `"error":"`+tt.slug+`"`)) {
				t.Errorf("got %d %s, want %d %s", status, body, tt.status, tt.slug)
			}
			if tt.slug != "" && !strings.Contains(body, `"message":"`) {
				t.Errorf("error body lacks a message: %s", body)
			}
		})
	}
}

func TestMeWireShape(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	_, body := getRaw(t, sim.URL+"/rest/v1.1/me", "Bearer "+sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global"))
	for _, want := range []string{`"ID":152748359`, `"token_site_id":false`, `"token_scope":["global"]`, `"username":"demoreader"`} {
		if !strings.Contains(body, want) {
			t.Errorf("/me lacks %s: %s", want, body)
		}
	}
}

func TestFaultsAndCounters(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	a := sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	b := sim.IssueToken(wpcomtest.TestClientID, wpcomtest.AvidUser, "global")
	getRaw(t, sim.URL+"/rest/v1.1/read/liked", "Bearer "+a)
	getRaw(t, sim.URL+"/rest/v1.1/read/liked", "Bearer "+a)
	getRaw(t, sim.URL+"/rest/v1.1/read/liked", "Bearer "+b)
	if sim.Calls(wpcomtest.EndpointLiked) != 3 || sim.CallsWithToken(wpcomtest.EndpointLiked, a) != 2 ||
		sim.CallsWithToken(wpcomtest.EndpointFollowing, a) != 0 {
		t.Errorf("counters: %s", sim.CallSummary())
	}
	sim.ResetCalls()
	if sim.Calls(wpcomtest.EndpointLiked) != 0 {
		t.Errorf("ResetCalls left %s", sim.CallSummary())
	}

	tests := []struct {
		fault  wpcomtest.Fault
		status int
		want   string
	}{
		{wpcomtest.Fault{Kind: wpcomtest.Throttle, RetryAfter: "60"}, 403, `"error":"throttled"`},
		{wpcomtest.Fault{Kind: wpcomtest.ThrottleHTML}, 500, "Limit reached"},
		{wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 502}, 502, "Bad Gateway"},
		{wpcomtest.Fault{Kind: wpcomtest.Garbage}, 200, `{"subscriptions":[{"ID":"1","blog_ID":`},
		{wpcomtest.Fault{Kind: wpcomtest.Slow, Delay: 50 * time.Millisecond}, 200, `"posts":[`},
	}
	for _, tt := range tests {
		sim.SetFault("", tt.fault)
		start := time.Now()
		status, body := getRaw(t, sim.URL+"/rest/v1.1/read/liked", "Bearer "+a)
		if status != tt.status || !strings.Contains(body, tt.want) {
			t.Errorf("fault %d: %d %.200s", tt.fault.Kind, status, body)
		}
		if tt.fault.Kind == wpcomtest.Slow && time.Since(start) < 50*time.Millisecond {
			t.Errorf("slow fault answered at once")
		}
	}
	// A fault on one endpoint leaves the others alone.
	sim.ClearFaults()
	sim.SetFault(wpcomtest.EndpointFollowing, wpcomtest.Fault{Kind: wpcomtest.ServerError})
	if status, _ := getRaw(t, sim.URL+"/rest/v1.1/read/liked", "Bearer "+a); status != 200 {
		t.Errorf("liked failed with a fault on following: %d", status)
	}
	sim.SetFault(wpcomtest.EndpointFollowing, wpcomtest.Fault{})
	if status, _ := getRaw(t, sim.URL+"/rest/v1.1/read/following/mine", "Bearer "+a); status != 200 {
		t.Errorf("fault not cleared: %d", status)
	}
}

func TestImageBaseServesPicturesOffline(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	offline := wpcomtest.NewServer(wpcomtest.Options{ImageBase: sim.URL})
	defer offline.Close()
	tok := "Bearer " + offline.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	_, body := getRaw(t, offline.URL+"/rest/v1.1/read/following/mine?meta=site&number=50", tok)
	if !strings.Contains(body, `"site_icon":"`+sim.URL+`/images/`) {
		t.Fatalf("icons not moved to ImageBase: %.400s", body)
	}
	if !strings.Contains(body, `"site_icon":"javascript:alert('icon')"`) && !strings.Contains(body, `javascript:alert(\u0027icon\u0027)`) {
		t.Errorf("hostile icon must reach clients unchanged")
	}
	// The first moved icon is a picture the simulator serves.
	at := strings.Index(body, `"site_icon":"`+sim.URL+`/images/`) + len(`"site_icon":"`)
	icon := body[at : at+strings.Index(body[at:], `"`)]
	resp, err := http.Get(icon)
	if err != nil {
		t.Fatal(err)
	}
	img, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(ct, "image/") || len(img) < 1000 {
		t.Errorf("image %s: %d %s, %d bytes", icon, resp.StatusCode, ct, len(img))
	}
}

// With LogCalls, every request is kept with when it arrived, in order;
// without it, nothing is kept.
func TestCallLog(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{LogCalls: true})
	defer sim.Close()
	tok := sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	before := time.Now()
	getRaw(t, sim.URL+"/rest/v1.1/me", "Bearer "+tok)
	getRaw(t, sim.URL+"/rest/v1.2/read/following/mine", "Bearer "+tok)
	getRaw(t, sim.URL+"/rest/v1.1/read/liked", "Bearer "+tok)
	log := sim.CallLog()
	if len(log) != 3 || log[0].Endpoint != wpcomtest.EndpointMe || log[1].Endpoint != wpcomtest.EndpointFollowing ||
		log[2].Endpoint != wpcomtest.EndpointLiked || log[0].At.Before(before) || log[2].At.Before(log[0].At) || log[2].At.After(time.Now()) {
		t.Errorf("call log %+v", log)
	}
	sim.ResetCalls()
	if n := len(sim.CallLog()); n != 0 {
		t.Errorf("ResetCalls left %d calls in the log", n)
	}

	quiet := wpcomtest.NewServer(wpcomtest.Options{})
	defer quiet.Close()
	getRaw(t, quiet.URL+"/rest/v1.1/me", "Bearer "+quiet.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global"))
	if n := len(quiet.CallLog()); n != 0 {
		t.Errorf("without LogCalls, %d calls were kept", n)
	}
}

package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// When the database stops answering, visitors of host sites notice
// nothing: embeds are served from memory, even after the settings would
// normally be read again. Owners get a 503 that says what is going on.
func TestDatabaseDownEmbedsServeOwnerPagesSay503(t *testing.T) {
	clk := testutil.NewClock(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))
	st := storetest.FreshSQLite(t)
	e := newEnvClock(t, nil, st, nil, clk)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"following"}, "title": {"Still here"}})
	if resp, body := fetch(t, e.base+"/w/"+id); resp.StatusCode != 200 || !strings.Contains(body, "Still here") {
		t.Fatalf("first embed: %d", resp.StatusCode)
	}

	st.Close() // the database goes away

	for _, wait := range []time.Duration{0, 11 * time.Minute, 30 * time.Minute} { // past the settings' recheck and the lists' interval
		clk.Add(wait)
		for _, ext := range []string{"", ".js", ".json", ".opml"} {
			resp, body := fetch(t, e.base+"/w/"+id+ext)
			if resp.StatusCode != 200 || !strings.Contains(body, "Still here") {
				t.Errorf("after %v: /w/ID%s answered %d without the widget", wait, ext, resp.StatusCode)
			}
		}
	}
	for _, path := range []string{"/dashboard", "/dashboard/widgets/" + id} {
		resp, body := b.get(path)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "database is not answering") ||
			resp.Header.Get("Retry-After") == "" {
			t.Errorf("%s with the database down: %d, Retry-After %q", path, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	resp, _ := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}})
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("creating with the database down: %d", resp.StatusCode)
	}
	if resp, body := fetch(t, e.base+"/readyz"); resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "database: not answering") {
		t.Errorf("readyz: %d %q", resp.StatusCode, body)
	}
	// A widget this replica has not read yet cannot be shown: that is
	// temporary (503, Retry-After), not gone (404), in the body each
	// address answers with.
	other := widgets.NewID()
	for _, tc := range []struct{ path, ctype, body string }{
		{"/w/" + other, "text/html", "just now"},
		{"/w/" + other + ".js", "text/javascript", ""},
		{"/w/" + other + ".json", "application/json", `"error":"unavailable"`},
		{"/oembed?url=" + url.QueryEscape(e.base+"/w/"+other), "text/plain", "just now"},
		{"/w/" + other + "/go?url=" + url.QueryEscape("https://example.com/"), "text/plain", "just now"},
	} {
		resp, body := fetch(t, e.base+tc.path)
		if strings.Contains(body, "wpfl:height") {
			t.Errorf("%s: a frame that cannot be shown just now tells its page it is gone", tc.path)
		}
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" ||
			!strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) || !strings.Contains(body, tc.body) {
			t.Errorf("%s: %d, Retry-After %q, %s %.80q", tc.path, resp.StatusCode, resp.Header.Get("Retry-After"),
				resp.Header.Get("Content-Type"), body)
		}
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("an outage was logged as a bug:\n%s", e.logs.String())
	}
}

package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// confirmed is the delete form's answer to "Delete it?".
var confirmed = url.Values{"confirm": {"yes"}}

// Delete asks first; a deleted widget shows nothing anywhere, is listed
// for restoring, and comes back with its id, its settings and its embeds.
func TestDeleteAsksThenRestoreBringsItBack(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"following"}, "title": {"My reading"}})
	if resp, _ := fetch(t, e.base+"/w/"+id+".json"); resp.StatusCode != 200 {
		t.Fatalf("the new widget's feed: %d", resp.StatusCode)
	}

	// The widget page links to a question, which works without scripts.
	_, page := b.get("/dashboard/widgets/" + id)
	if !strings.Contains(page, `href="/dashboard/widgets/`+id+`/delete"`) || strings.Contains(page, `action="/dashboard/widgets/`+id+`/delete"`) {
		t.Errorf("the widget page should link to the question, not delete at once")
	}
	resp, body := b.get("/dashboard/widgets/" + id + "/delete")
	if resp.StatusCode != 200 || !strings.Contains(body, `Delete “<span lang="en">My reading</span>”?`) || !strings.Contains(body, `name="confirm" value="yes"`) ||
		!strings.Contains(body, "restore it from your dashboard until") {
		t.Fatalf("the question: %d\n%s", resp.StatusCode, body)
	}
	// A post that did not answer it is sent to the question.
	resp, _ = b.post("/dashboard/widgets/"+id+"/delete", nil)
	if resp.Request.URL.Path != "/dashboard/widgets/"+id+"/delete" {
		t.Errorf("an unconfirmed delete ended at %s", resp.Request.URL)
	}
	if w, _ := e.store.Widget(context.Background(), id); w.Deleted() {
		t.Fatal("deleted without confirmation")
	}

	resp, body = b.post("/dashboard/widgets/"+id+"/delete", confirmed)
	if resp.Request.URL.String() != e.base+"/dashboard?deleted="+id || !strings.Contains(body, `“<span lang="en">My reading</span>” was deleted`) ||
		!strings.Contains(body, `action="/dashboard/widgets/`+id+`/restore"`) || !strings.Contains(body, "Deleted widgets") {
		t.Fatalf("after deleting: %s\n%s", resp.Request.URL, body)
	}
	for _, path := range []string{"/w/" + id, "/w/" + id + ".js", "/w/" + id + ".json", "/w/" + id + ".opml"} {
		if resp, _ := fetch(t, e.base+path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s of a deleted widget: %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := fetch(t, e.base+"/oembed?url="+url.QueryEscape(e.base+"/w/"+id)); resp.StatusCode != http.StatusNotFound {
		t.Errorf("oEmbed of a deleted widget: %d", resp.StatusCode)
	}
	for _, path := range []string{"/dashboard/widgets/" + id, "/dashboard/widgets/" + id + "/delete"} {
		if resp, _ := b.get(path); resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s of a deleted widget: %d, want 404", path, resp.StatusCode)
		}
	}
	if resp, _ := b.post("/dashboard/widgets/"+id, url.Values{"title": {"Changed"}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("changing a deleted widget: %d", resp.StatusCode)
	}

	resp, body = b.post("/dashboard/widgets/"+id+"/restore", nil)
	if resp.Request.URL.String() != e.base+"/dashboard/widgets/"+id+"?restored=1" || !strings.Contains(body, "Restored.") {
		t.Fatalf("after restoring: %s", resp.Request.URL)
	}
	resp, body = fetch(t, e.base+"/w/"+id)
	if resp.StatusCode != 200 || !strings.Contains(body, "My reading") {
		t.Errorf("the restored widget's frame: %d", resp.StatusCode)
	}
	if _, body := b.get("/dashboard"); strings.Contains(body, "Deleted widgets") {
		t.Error("the restored widget is still listed as deleted")
	}
	// Restoring what is live, or nothing, is refused and changes nothing.
	for _, tc := range []struct{ name, id string }{{"live", id}, {"unknown", widgets.NewID()}, {"junk", "not-an-id"}} {
		resp, body := b.post("/dashboard/widgets/"+tc.id+"/restore", nil)
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "Widgets deleted more than 30 days ago are gone for good") {
			t.Errorf("restoring %s: %d", tc.name, resp.StatusCode)
		}
	}
}

// After 30 days a deleted widget cannot be restored, and the sweep purges it.
func TestRestoreAfterTheWindowIsRefused(t *testing.T) {
	clk := testutil.NewClock(time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC))
	st := storetest.FreshSQLite(t, store.WithClock(clk.Now))
	e := newEnvOptions(t, nil, st, nil, clk, nil)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}})
	b.post("/dashboard/widgets/"+id+"/delete", confirmed)
	clk.Add(model.RestoreWindow + time.Minute)
	b.login(wpcomtest.DemoUser) // the session did not last the month
	resp, body := b.post("/dashboard/widgets/"+id+"/restore", nil)
	if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "gone for good") {
		t.Errorf("restoring after the window: %d", resp.StatusCode)
	}
	if w, err := e.store.Widget(context.Background(), id); err != nil || !w.Deleted() {
		t.Errorf("the refused restore changed it: %+v %v", w, err)
	}
	if err := e.store.DeleteExpired(context.Background(), clk.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.Widget(context.Background(), id); err == nil {
		t.Error("not purged after the window")
	}
}

// A restore needs room under the widget limit.
func TestRestoreNeedsRoom(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	first := createWidget(t, b, url.Values{"kind": {"liked"}})
	b.post("/dashboard/widgets/"+first+"/delete", confirmed)
	a, _ := e.store.Account(context.Background(), 152748359)
	for range model.MaxPerAccount {
		if err := e.store.CreateWidget(context.Background(), model.Widget{ID: widgets.NewID(), AccountID: a.ID, Kind: model.Liked,
			Title: "x", Count: 5, Layout: model.List, Theme: model.Page}, model.MaxPerAccount); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := b.post("/dashboard/widgets/"+first+"/restore", nil)
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "Delete one, then restore this one") {
		t.Errorf("restoring past the limit: %d", resp.StatusCode)
	}
	if w, _ := e.store.Widget(context.Background(), first); !w.Deleted() {
		t.Error("restored past the limit")
	}
}

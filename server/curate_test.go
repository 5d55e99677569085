package server

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// feedItems are the ids and titles of a widget's JSON Feed, in order.
func feedItems(t *testing.T, e *env, id string) (ids, titles []string) {
	t.Helper()
	_, body := fetch(t, e.base+"/w/"+id+".json")
	var f struct {
		Items []struct{ ID, Title string }
	}
	if err := json.Unmarshal([]byte(body), &f); err != nil {
		t.Fatal(err)
	}
	for _, it := range f.Items {
		ids, titles = append(ids, it.ID), append(titles, it.Title)
	}
	return ids, titles
}

// Hiding an item takes it out of every output of the widget, which still
// shows its full count; pinning puts one first; both undo.
func TestHideAndPin(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"following"}, "count": {"4"}})
	before, titles := feedItems(t, e, id)
	if len(before) != 4 {
		t.Fatalf("%d items before curating", len(before))
	}
	if _, page := b.get("/dashboard/widgets/" + id); !strings.Contains(page, `value="`+before[0]+`"`) || !strings.Contains(page, "What it shows") {
		t.Fatalf("the widget page offers no hide or pin for its items")
	}

	resp, page := b.post("/dashboard/widgets/"+id+"/hide", url.Values{"item": {before[0]}})
	if resp.Request.URL.Path != "/dashboard/widgets/"+id || !strings.Contains(page, "Hidden: the widget shows the next one instead") {
		t.Fatalf("hide ended at %s", resp.Request.URL)
	}
	after, _ := feedItems(t, e, id)
	if len(after) != 4 || after[0] != before[1] || strings.Contains(strings.Join(after, " "), before[0]) {
		t.Errorf("after hiding %s: %v, want 4 items without it", before[0], after)
	}
	hiddenTitle := titles[0]
	for _, path := range []string{"/w/" + id, "/w/" + id + ".js", "/w/" + id + ".opml"} {
		if _, body := fetch(t, e.base+path); strings.Contains(body, hiddenTitle) {
			t.Errorf("%s still shows the hidden %q", path, hiddenTitle)
		}
	}
	if _, page := b.get("/dashboard/widgets/" + id); !strings.Contains(page, "Show again") {
		t.Errorf("the widget page does not list what it hides")
	}

	b.post("/dashboard/widgets/"+id+"/pin", url.Values{"item": {after[3]}})
	if pinned, _ := feedItems(t, e, id); len(pinned) != 4 || pinned[0] != after[3] {
		t.Errorf("after pinning %s: %v, want it first", after[3], pinned)
	}
	b.post("/dashboard/widgets/"+id+"/unpin", url.Values{"item": {after[3]}})
	b.post("/dashboard/widgets/"+id+"/unhide", url.Values{"item": {before[0]}})
	if again, _ := feedItems(t, e, id); strings.Join(again, " ") != strings.Join(before, " ") {
		t.Errorf("after undoing both: %v, want %v", again, before)
	}
}

// Hides sent at once (two tabs, quick clicks) are all kept: none undoes
// another by writing the lists it read before the other was stored.
func TestCurationsAtOnceAreAllKept(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"following"}, "count": {"8"}})
	items, _ := feedItems(t, e, id)
	if len(items) < 6 {
		t.Fatalf("%d items", len(items))
	}
	var wg sync.WaitGroup
	for _, item := range items[:6] {
		wg.Go(func() {
			if resp, body := b.post("/dashboard/widgets/"+id+"/hide", url.Values{"item": {item}}); resp.StatusCode != 200 {
				t.Errorf("hiding %s: %d %.200s", item, resp.StatusCode, body)
			}
		})
	}
	wg.Wait()
	if w, _ := e.store.Widget(context.Background(), id); len(w.Hidden) != 6 {
		t.Errorf("6 hides at once kept %d: %q", len(w.Hidden), w.Hidden)
	}
}

// Bad curation is refused with a message and changes nothing.
func TestBadCurationChangesNothing(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.browser(), e.browser()
	alice.login(wpcomtest.DemoUser)
	bob.login(wpcomtest.WorldUser)
	id := createWidget(t, alice, url.Values{"kind": {"liked"}, "count": {"8"}})
	items, _ := feedItems(t, e, id)
	if len(items) < 7 {
		t.Fatalf("%d items", len(items))
	}
	for _, it := range items[:5] {
		alice.post("/dashboard/widgets/"+id+"/pin", url.Values{"item": {it}})
	}
	want, _ := feedItems(t, e, id)
	for _, tc := range []struct {
		name   string
		who    *browser
		action string
		item   string
		status int
		says   string
	}{
		{"a sixth pin", alice, "pin", items[6], http.StatusBadRequest, "pins at most 5"},
		{"an unknown item", alice, "hide", "wpcom:blog:424242", http.StatusBadRequest, "lists no such item"},
		{"not a feed id", alice, "hide", "blog:1", http.StatusBadRequest, "lists no such item"},
		{"no item", alice, "pin", "", http.StatusBadRequest, "lists no such item"},
		{"showing what is not hidden", alice, "unhide", items[6], http.StatusBadRequest, "does not hide that item"},
		{"unpinning what is not pinned", alice, "unpin", items[6], http.StatusBadRequest, "does not pin that item"},
		{"someone else's widget", bob, "hide", items[0], http.StatusNotFound, ""},
		{"an unknown widget", alice, "hide", items[0], http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := id
			if tc.name == "an unknown widget" {
				target = widgets.NewID()
			}
			resp, body := tc.who.post("/dashboard/widgets/"+target+"/"+tc.action, url.Values{"item": {tc.item}})
			if resp.StatusCode != tc.status || !strings.Contains(body, tc.says) {
				t.Errorf("%d, want %d saying %q", resp.StatusCode, tc.status, tc.says)
			}
			if got, _ := feedItems(t, e, id); strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("the widget changed: %v", got)
			}
		})
	}
}

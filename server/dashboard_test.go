package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func createWidget(t *testing.T, b *browser, form url.Values) string {
	t.Helper()
	resp, _ := b.post("/dashboard/widgets", form)
	id := strings.TrimPrefix(resp.Request.URL.Path, "/dashboard/widgets/")
	if resp.StatusCode != 200 || !widgets.ValidID(id) {
		t.Fatalf("create: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	return id
}

func TestOthersWidgetsAreNotFound(t *testing.T) {
	e := newEnv(t)
	alice, bob := e.browser(), e.browser()
	alice.login(wpcomtest.DemoUser)
	bob.login(wpcomtest.WorldUser)
	id := createWidget(t, alice, url.Values{"kind": {"liked"}})
	tests := []struct {
		name   string
		do     func() (*http.Response, string)
		status int
	}{
		{"view", func() (*http.Response, string) { return bob.get("/dashboard/widgets/" + id) }, 404},
		{"update", func() (*http.Response, string) {
			return bob.post("/dashboard/widgets/"+id, url.Values{"title": {"mine now"}})
		}, 404},
		{"delete", func() (*http.Response, string) { return bob.post("/dashboard/widgets/"+id+"/delete", confirmed) }, 404},
		{"ask to delete", func() (*http.Response, string) { return bob.get("/dashboard/widgets/" + id + "/delete") }, 404},
		{"restore", func() (*http.Response, string) { return bob.post("/dashboard/widgets/"+id+"/restore", nil) }, 404},
		{"unknown id", func() (*http.Response, string) { return alice.get("/dashboard/widgets/" + widgets.NewID()) }, 404},
		{"junk id", func() (*http.Response, string) { return alice.get("/dashboard/widgets/..%2f..%2fetc") }, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if resp, _ := tt.do(); resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
		})
	}
	if w, err := e.store.Widget(context.Background(), id); err != nil || w.Title != "Posts I Like" {
		t.Errorf("alice's widget changed: %+v %v", w, err)
	}
	if _, body := bob.get("/dashboard"); strings.Contains(body, id) {
		t.Errorf("bob's dashboard lists alice's widget")
	}
}

func TestBadInputSavesNothing(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	resp, body := b.post("/dashboard/widgets", url.Values{"kind": {"comments"}, "count": {"500"}, "title": {"ok"}, "layout": {"table"}})
	// Back to the form by a redirect, so a reload does not post it again.
	if r := resp.Request; resp.StatusCode != 200 || r.Method != http.MethodGet || r.URL.Path != "/dashboard/new" || r.URL.Query().Get("count") != "500" {
		t.Fatalf("status %d at %s %s", resp.StatusCode, r.Method, r.URL)
	}
	for _, want := range []string{`id="err-kind"`, "Choose what the widget shows", `id="err-count"`, "from 1 to 50",
		`id="err-layout"`, `role="alert"`, `value="ok"`, `id="field-count" name="count" value="500"`} {
		if !strings.Contains(body, want) {
			t.Errorf("form lacks %s", want)
		}
	}
	if ws, _ := e.store.WidgetsOf(context.Background(), 152748359); len(ws) != 0 {
		t.Errorf("saved %d widgets", len(ws))
	}
	// A form too long to carry in an address is answered at once, whole.
	long := strings.Repeat("word ", 2000)
	if resp, body := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}, "title": {long}}); resp.StatusCode != 400 ||
		!strings.Contains(body, "Keep the title to 100 characters or fewer (it has 9999)") || !strings.Contains(body, strings.TrimSpace(long)) {
		t.Errorf("a long title: %d", resp.StatusCode)
	}
	for _, path := range []string{"/dashboard/new", "/dashboard/new?utm_source=x"} {
		if resp, body := b.get(path); resp.StatusCode != 200 || strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Make a widget") {
			t.Errorf("the blank new page %s: %d", path, resp.StatusCode)
		}
	}
	// A link from another site cannot fill the form in.
	req, _ := http.NewRequest(http.MethodGet, b.abs("/dashboard/new?check=1&kind=liked&title=Evil"), nil)
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if resp, body := b.do(req); resp.StatusCode != 200 || strings.Contains(body, "Evil") {
		t.Errorf("a cross-site link filled the form in: %d", resp.StatusCode)
	}

	id := createWidget(t, b, url.Values{"kind": {"following"}, "title": {"Kept"}})
	resp, body = b.post("/dashboard/widgets/"+id, url.Values{"title": {"Changed"}, "count": {"0"}, "theme": {"neon"}})
	if resp.StatusCode != 400 || !strings.Contains(body, `id="err-count"`) || !strings.Contains(body, `id="err-theme"`) ||
		!strings.Contains(body, `value="Changed"`) {
		t.Errorf("update with bad input: %d", resp.StatusCode)
	}
	if w, _ := e.store.Widget(context.Background(), id); w.Title != "Kept" || w.Count != 20 {
		t.Errorf("half-saved: %+v", w)
	}
}

func TestCrossOriginPostsAreRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	for _, h := range []map[string]string{
		{"Sec-Fetch-Site": "cross-site"},
		{"Origin": "https://evil.example"},
	} {
		for _, path := range []string{"/dashboard/widgets", "/auth/disconnect", "/auth/logout"} {
			req, _ := http.NewRequest(http.MethodPost, e.base+path, strings.NewReader("kind=liked"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range h {
				req.Header.Set(k, v)
			}
			if resp, _ := b.do(req); resp.StatusCode != 403 {
				t.Errorf("%s with %v: %d, want 403", path, h, resp.StatusCode)
			}
		}
	}
	if _, err := e.store.Account(context.Background(), 152748359); err != nil {
		t.Errorf("a cross-site post disconnected the account: %v", err)
	}
	if ws, _ := e.store.WidgetsOf(context.Background(), 152748359); len(ws) != 0 {
		t.Errorf("a cross-site post made a widget")
	}
	// A same-origin browser post passes.
	req, _ := http.NewRequest(http.MethodPost, e.base+"/dashboard/widgets", strings.NewReader("kind=liked"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", e.base)
	if resp, _ := b.do(req); resp.StatusCode != 200 {
		t.Errorf("same-origin post: %d", resp.StatusCode)
	}
}

func TestSignedOutOwners(t *testing.T) {
	e := newEnv(t)
	b := e.browser().noRedirects()
	if resp, _ := b.get("/dashboard"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("GET /dashboard signed out: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, body := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}}); resp.StatusCode != 403 || !strings.Contains(body, "session has ended") {
		t.Errorf("POST signed out: %d", resp.StatusCode)
	}
	if resp, _ := b.post("/auth/disconnect", nil); resp.StatusCode != 403 {
		t.Errorf("disconnect signed out: %d", resp.StatusCode)
	}
}

func TestReconnectBanner(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}})
	if _, body := b.get("/dashboard"); strings.Contains(body, "no longer accepts this connection") {
		t.Errorf("banner shown for an active account")
	}
	if err := e.store.SetAccountStatus(context.Background(), 152748359, model.StatusNeedsReconnect); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/dashboard", "/dashboard/widgets/" + id} {
		if _, body := b.get(path); !strings.Contains(body, "no longer accepts this connection") || !strings.Contains(body, `href="/auth/login"`) {
			t.Errorf("%s: no reconnect banner", path)
		}
	}
	b.login(wpcomtest.DemoUser)
	if _, body := b.get("/dashboard"); strings.Contains(body, "no longer accepts this connection") {
		t.Errorf("banner still shown after reconnecting")
	}
}

func TestWidgetLimit(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	for i := range model.MaxPerAccount {
		if err := e.store.CreateWidget(context.Background(), model.Widget{ID: widgets.NewID(), AccountID: 152748359,
			Kind: "liked", Title: "w" + itoa(i), Count: 5, Layout: "list", Theme: "auto"}, model.MaxPerAccount); err != nil {
			t.Fatal(err)
		}
	}
	resp, body := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}, "title": {"One more"}})
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/dashboard/new" || !strings.Contains(body, "You have 50 widgets, the most one account may have") ||
		strings.Contains(body, "Make the widget") {
		t.Errorf("over the limit: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	if ws, _ := e.store.WidgetsOf(context.Background(), 152748359); len(ws) != model.MaxPerAccount {
		t.Errorf("%d widgets", len(ws))
	}
}

// TestNewWidgetsSpeakTheMembersLanguage: a member whose WordPress.com
// language is French gets French widgets unless they choose otherwise;
// a language we do not speak is refused and nothing is saved.
func TestNewWidgetsSpeakTheMembersLanguage(t *testing.T) {
	e := newEnv(t)
	_ = e.sim.Update(wpcomtest.DemoUser, func(m *wpcomtest.Member) { m.Language = "fr" })
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	if _, body := b.get("/dashboard"); !strings.Contains(body, `<option value="fr" lang="fr" selected>`) {
		t.Error("the new-widget form does not start in the member's language")
	}
	if resp, body := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}, "lang": {"tlh"}}); resp.Request.URL.Path != "/dashboard/new" ||
		!strings.Contains(body, "Choose one of the languages listed.") {
		t.Errorf("an unknown language: %d", resp.StatusCode)
	}
	if ws, _ := e.store.WidgetsOf(context.Background(), 152748359); len(ws) != 0 {
		t.Fatalf("a refused form saved %d widgets", len(ws))
	}
	for _, tc := range []struct{ lang, title string }{{"", "Articles que j’aime"}, {"ar", "مقالات أعجبتني"}} {
		if resp, _ := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}, "lang": {tc.lang}}); resp.StatusCode != http.StatusOK {
			t.Fatalf("creating: %d", resp.StatusCode)
		}
	}
	ws, err := e.store.WidgetsOf(context.Background(), 152748359)
	if err != nil || len(ws) != 2 || ws[0].Lang != "fr" || ws[1].Lang != "ar" {
		t.Fatalf("widgets %+v, %v", ws, err)
	}
	for i, want := range []string{`<html lang="fr" dir="ltr"`, `<html lang="ar" dir="rtl"`} {
		if _, body := b.get("/w/" + ws[i].ID); !strings.Contains(body, want) || !strings.Contains(body, []string{"Articles que j’aime", "مقالات أعجبتني"}[i]) {
			t.Errorf("widget %d does not speak its language: want %s", i, want)
		}
	}
}

// A widget with nothing to show says why on its page, and what visitors
// see meanwhile; with a line written for them, it says that line.
func TestEmptyWidgetSaysWhy(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.NewUser)
	id := createWidget(t, b, url.Values{"kind": {"liked"}})
	_, page := b.get("/dashboard/widgets/" + id)
	if !strings.Contains(page, "It has nothing to show yet:</strong> you have liked no posts") || !strings.Contains(page, "200 pixels high") {
		t.Fatalf("an empty widget's page does not say why, nor what visitors see")
	}
	b.post("/dashboard/widgets/"+id, url.Values{"layout": {"list"}, "theme": {"page"}, "count": {"5"}, "empty_text": {"Nothing liked yet."},
		"display": {"1"}, "show_title": {"on"}})
	if _, page := b.get("/dashboard/widgets/" + id); !strings.Contains(page, "visitors read: “Nothing liked yet.”") {
		t.Error("the page does not say the line visitors read")
	}
}

// Limits are stated and enforced with a message, never by the browser
// cutting what was pasted.
func TestTooLongTitleIsRefusedNotCut(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	_, page := b.get("/dashboard")
	if strings.Contains(page, "maxlength=") || !strings.Contains(page, "Up to 100 characters") {
		t.Error("the form cuts long text silently, or does not state the limit")
	}
	resp, body := b.post("/dashboard/widgets", url.Values{"kind": {"following"}, "title": {strings.Repeat("long ", 2000)}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "Keep the title to 100 characters or fewer (it has 9999)") {
		t.Errorf("a 10,000-character title: %d", resp.StatusCode)
	}
	if ws, _ := e.store.WidgetsOf(context.Background(), 152748359); len(ws) != 0 {
		t.Errorf("saved %d widgets", len(ws))
	}
}

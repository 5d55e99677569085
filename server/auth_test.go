package server

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func TestWholeFlow(t *testing.T) {
	e := newEnv(t)
	b := e.browser()

	// Connect: login → WordPress.com (auto-approve) → callback → dashboard.
	b.login(wpcomtest.DemoUser)
	resp, body := b.get("/dashboard")
	if resp.StatusCode != 200 || !strings.Contains(body, "Demo Reader") || !strings.Contains(body, "You have no widgets yet") {
		t.Fatalf("dashboard: %d %.400s", resp.StatusCode, body)
	}
	sc := b.cookie(sessionCookie)
	if sc == nil {
		t.Fatal("no session cookie")
	}
	a, err := e.store.Account(context.Background(), 152748359)
	if err != nil || a.Username != wpcomtest.DemoUser || a.Status != model.StatusActive || a.Scope != "global" {
		t.Fatalf("account %+v %v", a, err)
	}

	// Create one widget of each kind.
	resp, body = b.post("/dashboard/widgets", url.Values{"kind": {"following"}})
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Request.URL.Path, "/dashboard/widgets/") ||
		!strings.Contains(body, "Blogs I Follow") {
		t.Fatalf("create following: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	followingID := strings.TrimPrefix(resp.Request.URL.Path, "/dashboard/widgets/")
	resp, _ = b.post("/dashboard/widgets", url.Values{"kind": {"liked"}, "title": {"Good reads"}, "count": {"7"},
		"layout": {"grid"}, "theme": {"dark"}})
	likedID := strings.TrimPrefix(resp.Request.URL.Path, "/dashboard/widgets/")
	ws, _ := e.store.WidgetsOf(context.Background(), a.ID)
	if len(ws) != 2 || ws[0].ID != followingID || ws[0].Count != 20 || ws[0].Layout != "list" ||
		ws[1].ID != likedID || ws[1].Title != "Good reads" || ws[1].Count != 7 || ws[1].Theme != "dark" {
		t.Fatalf("stored widgets %+v", ws)
	}
	_, body = b.get("/dashboard")
	for _, want := range []string{"Good reads", `class="preview" src="` + e.base + "/w/" + followingID,
		`href="/dashboard/widgets/` + likedID + `#embed-heading">Get the code`} {
		if !strings.Contains(body, want) {
			t.Errorf("dashboard lacks %s", want)
		}
	}
	_, body = b.get("/dashboard/widgets/" + followingID)
	for _, want := range []string{e.base + "/w/" + followingID + ".opml", `&lt;script async src=&#34;` + e.base + "/w/" + followingID + `.js&#34;&gt;`} {
		if !strings.Contains(body, want) {
			t.Errorf("the widget page lacks %s", want)
		}
	}
	if strings.Contains(body, "/w/"+likedID+".opml") {
		t.Errorf("a liked widget offers OPML")
	}

	// Update.
	resp, body = b.post("/dashboard/widgets/"+followingID, url.Values{"title": {"Friends"}, "count": {"3"}, "layout": {"grid"}, "theme": {"light"}, "kind": {"liked"}})
	if resp.StatusCode != 200 || resp.Request.URL.RawQuery != "saved=1" || !strings.Contains(body, "Saved.") {
		t.Fatalf("update: %d %s", resp.StatusCode, resp.Request.URL)
	}
	w, _ := e.store.Widget(context.Background(), followingID)
	if w.Title != "Friends" || w.Count != 3 || w.Layout != "grid" || w.Theme != "light" || w.Kind != "following" {
		t.Errorf("after update %+v (the kind must not change)", w)
	}

	// Delete.
	resp, body = b.post("/dashboard/widgets/"+likedID+"/delete", confirmed)
	if resp.StatusCode != 200 || resp.Request.URL.String() != e.base+"/dashboard?deleted="+likedID || !strings.Contains(body, "was deleted") {
		t.Fatalf("delete: %d %s", resp.StatusCode, resp.Request.URL)
	}
	if w, err := e.store.Widget(context.Background(), likedID); err != nil || !w.Deleted() {
		t.Errorf("deleted widget: %+v %v", w, err)
	}

	// Logout ends the session for real: the old cookie value no longer works.
	resp, _ = b.post("/auth/logout", nil)
	if resp.Request.URL.Path != "/" || b.cookie(sessionCookie) != nil {
		t.Errorf("logout ended at %s, cookie %v", resp.Request.URL, b.cookie(sessionCookie))
	}
	thief := e.browser().noRedirects()
	u, _ := url.Parse(e.base)
	thief.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: sc.Value}})
	if resp, _ := thief.get("/dashboard"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Errorf("old session after logout: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}

	// Returning member: a new token replaces the old one.
	before, _ := e.store.Account(context.Background(), a.ID)
	b.login(wpcomtest.DemoUser)
	after, _ := e.store.Account(context.Background(), a.ID)
	if string(after.SealedToken) == string(before.SealedToken) {
		t.Errorf("reconnecting kept the old token")
	}
	if ws, _ := e.store.WidgetsOf(context.Background(), a.ID); len(ws) != 2 || ws[0].Deleted() == ws[1].Deleted() {
		t.Errorf("reconnecting changed the widgets, one live and one deleted: %+v", ws)
	}

	// Disconnect deletes the token, the widgets and the session, and says so.
	resp, body = b.post("/auth/disconnect", nil)
	if resp.StatusCode != 200 || !strings.Contains(body, "We deleted your WordPress.com token, your 1 widget") {
		t.Fatalf("disconnect: %d %.300s", resp.StatusCode, body)
	}
	if _, err := e.store.Account(context.Background(), a.ID); err != model.ErrNotFound {
		t.Errorf("account survived: %v", err)
	}
	if _, err := e.store.Widget(context.Background(), followingID); err != model.ErrNotFound {
		t.Errorf("widget survived: %v", err)
	}
	if resp, _ := b.noRedirects().get("/dashboard"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("still signed in after disconnect: %d", resp.StatusCode)
	}

	// The token never reached the browser or the log, in any form.
	for _, tok := range e.sim.Tokens(wpcomtest.DemoUser) {
		for _, form := range []string{tok, url.QueryEscape(tok)} {
			if strings.Contains(b.seen.String(), form) || strings.Contains(e.logs.String(), form) {
				t.Errorf("a token reached the browser or the log")
			}
		}
	}
}

func TestDenyPath(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	resp, body := b.get("/auth/login") // the simulator's consent page
	if resp.StatusCode != 200 || !strings.Contains(body, `value="deny"`) {
		t.Fatalf("consent page: %d", resp.StatusCode)
	}
	form := url.Values{}
	for _, f := range []string{"client_id", "redirect_uri", "response_type", "scope", "state"} {
		form.Set(f, hiddenValue(t, body, f))
	}
	form.Set("action", "deny")
	form.Set("user", wpcomtest.DemoUser)
	resp, body = b.post(e.sim.URL+"/oauth2/authorize", form)
	if resp.StatusCode != 200 || resp.Request.URL.Path != "/auth/callback" || !strings.Contains(body, "You chose not to connect") {
		t.Fatalf("deny: %d at %s: %.300s", resp.StatusCode, resp.Request.URL, body)
	}
	if _, err := e.store.Account(context.Background(), 152748359); err != model.ErrNotFound {
		t.Errorf("an account was saved: %v", err)
	}
}

func hiddenValue(t *testing.T, page, name string) string {
	t.Helper()
	marker := `name="` + name + `" value="`
	i := strings.Index(page, marker)
	if i < 0 {
		t.Fatalf("no hidden %s", name)
	}
	rest := page[i+len(marker):]
	v := rest[:strings.Index(rest, `"`)]
	return strings.NewReplacer("&amp;", "&", "&#43;", "+", "&#34;", `"`).Replace(v)
}

// callbackURL runs the flow up to WordPress.com's redirect back to us and
// returns that URL without following it.
func callbackURL(t *testing.T, b *browser) *url.URL {
	t.Helper()
	b.e.sim.AutoApprove(wpcomtest.DemoUser)
	defer b.e.sim.AutoApprove("")
	b.c.CheckRedirect = func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == "/auth/callback" {
			return http.ErrUseLastResponse
		}
		return nil
	}
	defer func() { b.c.CheckRedirect = nil }()
	resp, _ := b.get("/auth/login")
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Path != "/auth/callback" {
		t.Fatalf("no redirect to the callback: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	return loc
}

func TestForgedStateIsRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	cb := callbackURL(t, b)
	q := cb.Query()
	q.Set("state", "forged")
	cb.RawQuery = q.Encode()
	resp, body := b.get(cb.String())
	if resp.StatusCode != 400 || !strings.Contains(body, "Sign-in expired") {
		t.Errorf("forged state: %d %.200s", resp.StatusCode, body)
	}
	// No cookie at all (a link sent to a victim) is refused too.
	other := e.browser()
	resp, _ = other.get(callbackURL(t, e.browser()).String())
	if resp.StatusCode != 400 {
		t.Errorf("callback without the state cookie: %d", resp.StatusCode)
	}
	if _, err := e.store.Account(context.Background(), 152748359); err != model.ErrNotFound {
		t.Errorf("an account was saved")
	}
	if e.sim.Calls(wpcomtest.EndpointToken) != 0 {
		t.Errorf("a code was exchanged despite a bad state")
	}
}

func TestReplayedCodeIsRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	first := callbackURL(t, b)
	if resp, _ := b.get(first.String()); resp.Request.URL.Path != "/dashboard" {
		t.Fatalf("first use ended at %s", resp.Request.URL)
	}
	// Replaying the whole callback fails on the used state…
	if resp, _ := b.get(first.String()); resp.StatusCode != 400 {
		t.Errorf("replayed callback: %d", resp.StatusCode)
	}
	// …and a fresh state with the old code fails at WordPress.com.
	second := callbackURL(t, b)
	q := second.Query()
	q.Set("code", first.Query().Get("code"))
	second.RawQuery = q.Encode()
	resp, body := b.get(second.String())
	if resp.StatusCode != 400 || !strings.Contains(body, "no longer accepts this sign-in code") {
		t.Errorf("replayed code: %d %.300s", resp.StatusCode, body)
	}
}

func TestSessionCookie(t *testing.T) {
	e := newEnv(t)
	b := e.browser().noRedirects()
	b.e.sim.AutoApprove(wpcomtest.DemoUser)
	resp, _ := b.get("/auth/login")
	var state *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == stateCookie {
			state = c
		}
	}
	if state == nil || !state.HttpOnly || state.SameSite != http.SameSiteLaxMode || state.MaxAge != 600 || state.Path != "/auth" {
		t.Errorf("state cookie %+v", state)
	}
	resp, _ = b.get(resp.Header.Get("Location")) // the simulator approves
	resp, _ = b.get(resp.Header.Get("Location")) // our callback
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			session = c
		}
	}
	if session == nil || !session.HttpOnly || session.SameSite != http.SameSiteLaxMode || session.Secure || session.Path != "/" {
		t.Fatalf("session cookie %+v", session)
	}
	s := &core{secure: true}
	rec := httptestRecorder()
	s.setCookie(rec.ctx, sessionCookie, "v", "/", sessionTTL)
	if !strings.Contains(rec.w.Header().Get("Set-Cookie"), "Secure") {
		t.Errorf("https base URL without Secure: %s", rec.w.Header().Get("Set-Cookie"))
	}
}

// TestSessionsSurviveRestartsAndReplicas: two services sharing one
// PostgreSQL database and key accept each other's sessions.
func TestSessionsSurviveRestartsAndReplicas(t *testing.T) {
	st := storetest.FreshPostgres(t)
	one := newEnvWith(t, nil, st, nil)
	two := newEnvWith(t, one.sim, st, one.keys)
	b := one.browser()
	b.login(wpcomtest.DemoUser)
	sc := b.cookie(sessionCookie)
	other := two.browser()
	u, _ := url.Parse(two.base)
	other.c.Jar.SetCookies(u, []*http.Cookie{{Name: sessionCookie, Value: sc.Value}})
	if resp, body := other.get("/dashboard"); resp.StatusCode != 200 || !strings.Contains(body, "Demo Reader") {
		t.Errorf("replica two rejected replica one's session: %d at %s", resp.StatusCode, resp.Request.URL)
	}
}

func TestTokenIsSealedInTheDatabase(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(dir, "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	e := newEnvWith(t, nil, st, nil)
	e.browser().login(wpcomtest.DemoUser)
	toks := e.sim.Tokens(wpcomtest.DemoUser)
	if len(toks) != 1 {
		t.Fatalf("%d tokens", len(toks))
	}
	raw, err := sql.Open("sqlite", filepath.Join(dir, "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	rows, err := raw.Query(`SELECT * FROM accounts`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	n := 0
	for rows.Next() {
		n++
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			var s string
			switch v := v.(type) {
			case []byte:
				s = string(v)
			case string:
				s = v
			}
			if strings.Contains(s, toks[0]) {
				t.Errorf("column %s holds the token in clear", cols[i])
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d account rows", n)
	}
	a, _ := st.Account(context.Background(), 152748359)
	plain, err := e.keys.Open(a.SealedToken, model.TokenContext(a.ID))
	if err != nil || string(plain) != toks[0] {
		t.Errorf("the sealed token does not open to the real one: %v", err)
	}
}

// Before leaving for WordPress.com, the start page says what connecting
// shares and why, and how to take it back; disconnecting links there too.
func TestConnectingSaysWhatItShares(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	_, body := b.get("/")
	for _, want := range []string{"<code>global</code> scope", "no narrower kind of access", "the list of blogs you follow and the list of posts you like",
		"encrypted on this server and never leaves it", `href="https://wordpress.com/me/security/connected-applications"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the start page does not say %q", want)
		}
	}
	b.login(wpcomtest.DemoUser)
	if _, body := b.get("/"); strings.Contains(body, "What connecting shares") {
		t.Error("a signed-in owner is told again what connecting shares")
	}
	if _, body := b.post("/auth/disconnect", nil); !strings.Contains(body, `href="https://wordpress.com/me/security/connected-applications"`) {
		t.Error("disconnecting does not link to WordPress.com's connected applications")
	}
}

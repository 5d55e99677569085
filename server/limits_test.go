package server

import (
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// dbBytes is the size of a SQLite database with its WAL files.
func dbBytes(t *testing.T, path string) int64 {
	t.Helper()
	files, _ := filepath.Glob(path + "*")
	var n int64
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// TestSignInStartWritesNothing: each GET /auth/login used to write a state
// row (3,000 from one client grew the SQLite files by 4 MB). The state now
// travels in a sealed cookie, and a client past its budget gets 429.
func TestSignInStartWritesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), store.SQLiteFileName)
	st, err := store.OpenSQLite(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })

	unlimited := newEnvOptions(t, nil, st, nil, nil, nil)
	before := dbBytes(t, path)
	b := unlimited.browser().noRedirects()
	for range 1000 {
		if resp, _ := b.get("/auth/login"); resp.StatusCode != http.StatusFound {
			t.Fatalf("login: %d", resp.StatusCode)
		}
	}
	if grew := dbBytes(t, path) - before; grew != 0 {
		t.Errorf("1,000 sign-in starts grew the database by %d bytes", grew)
	}

	// The clock stands still: 3,000 requests take seconds under the race
	// detector, and the budget refills one every two seconds.
	clk := testutil.NewClock(time.Now())
	limited := newEnvOptions(t, nil, st, nil, clk, func(o *Options) { o.RateLimit = 30 })
	b = limited.browser().noRedirects()
	for i := range 3000 {
		resp, body := b.get("/auth/login")
		switch {
		case i < 30 && resp.StatusCode != http.StatusFound:
			t.Fatalf("request %d within the budget: %d", i+1, resp.StatusCode)
		case i >= 30 && resp.StatusCode != http.StatusTooManyRequests:
			t.Fatalf("request %d past the budget: %d", i+1, resp.StatusCode)
		case i == 30 && (resp.Header.Get("Retry-After") != "2" || !strings.Contains(body, "wait a moment")):
			t.Errorf("429 says Retry-After %q: %.200s", resp.Header.Get("Retry-After"), body)
		}
	}
	if grew := dbBytes(t, path) - before; grew != 0 {
		t.Errorf("sign-in starts grew the database by %d bytes", grew)
	}
}

// TestSignInStateWorksOnce: the sealed cookie and its state are refused a
// second time, after they expire, and when tampered with.
func TestSignInStateWorksOnce(t *testing.T) {
	clk := testutil.NewClock(time.Now())
	e := newEnvOptions(t, nil, storetest.FreshSQLite(t), nil, clk, nil)
	stateCookieOf := func(b *browser) *http.Cookie {
		u, _ := url.Parse(e.base + "/auth/callback")
		for _, c := range b.c.Jar.Cookies(u) {
			if c.Name == stateCookie {
				return c
			}
		}
		t.Fatal("no state cookie")
		return nil
	}
	replay := func(cb *url.URL, cookie *http.Cookie) int {
		other := e.browser()
		req, _ := http.NewRequest(http.MethodGet, cb.String(), nil)
		req.AddCookie(cookie)
		resp, _ := other.noRedirects().do(req)
		for _, c := range resp.Cookies() {
			if c.Name == sessionCookie && c.Value != "" && resp.StatusCode != http.StatusSeeOther {
				t.Errorf("a refused sign-in set a session")
			}
		}
		return resp.StatusCode
	}

	b := e.browser()
	cb := callbackURL(t, b)
	cookie := stateCookieOf(b)
	if strings.Contains(cookie.Value, cb.Query().Get("state")) {
		t.Error("the cookie shows the state in the clear")
	}
	if code := replay(cb, cookie); code != http.StatusSeeOther {
		t.Fatalf("first use: %d", code)
	}
	if code := replay(cb, cookie); code != http.StatusBadRequest {
		t.Errorf("the same cookie and state again: %d", code)
	}
	// Only a real authorization is recorded: a matching state with no
	// code, or with a code WordPress.com refuses, writes nothing.
	b = e.browser()
	cb = callbackURL(t, b)
	cookie = stateCookieOf(b)
	noCode := *cb
	q := noCode.Query()
	q.Del("code")
	noCode.RawQuery = q.Encode()
	if code := replay(&noCode, cookie); code != http.StatusBadRequest {
		t.Errorf("no code: %d", code)
	}
	if code := replay(cb, cookie); code != http.StatusSeeOther {
		t.Errorf("the state was used up by a callback without a code: %d", code)
	}

	b = e.browser()
	cb = callbackURL(t, b)
	cookie = stateCookieOf(b)
	tampered := *cookie
	tampered.Value = cookie.Value[:len(cookie.Value)-2] + "AA"
	if code := replay(cb, &tampered); code != http.StatusBadRequest {
		t.Errorf("a tampered cookie: %d", code)
	}
	clk.Add(stateTTL + time.Second)
	if code := replay(cb, cookie); code != http.StatusBadRequest {
		t.Errorf("a state past its 10 minutes: %d", code)
	}
}

// TestRateLimitKeysOnTrustedAddresses: X-Forwarded-For names the client
// only when the request comes from a trusted proxy.
func TestRateLimitKeysOnTrustedAddresses(t *testing.T) {
	for _, tc := range []struct {
		name    string
		trusted []string
		header  string // the header each request names another address in
		passed  int    // of 10 requests, each claiming another address
	}{
		{"no trusted proxies: a stranger cannot pick their address", nil, "X-Forwarded-For", 3},
		{"behind a trusted proxy: each forwarded client has its own budget", []string{"127.0.0.1"}, "X-Forwarded-For", 10},
		// X-Real-IP is no proxy's word here: without X-Forwarded-For it
		// would let a client behind the proxy pick its address.
		{"behind a trusted proxy, X-Real-IP is not taken", []string{"127.0.0.1"}, "X-Real-IP", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnvOptions(t, nil, storetest.FreshSQLite(t), nil, nil, func(o *Options) {
				o.RateLimit, o.TrustedProxies = 3, tc.trusted
			})
			b := e.browser().noRedirects()
			passed := 0
			for i := range 10 {
				req, _ := http.NewRequest(http.MethodGet, e.base+"/auth/login", nil)
				req.Header.Set(tc.header, "203.0.113."+itoa(i+1))
				if resp, _ := b.do(req); resp.StatusCode == http.StatusFound {
					passed++
				}
			}
			if passed != tc.passed {
				t.Errorf("%d of 10 passed, want %d", passed, tc.passed)
			}
		})
	}
}

// TestOwnerFormsAreBounded: a 5 MB form once made a widget and a 100 MB
// upload was spooled to /tmp. Forms are urlencoded, at most 64 KiB, and
// refused whole.
func TestOwnerFormsAreBounded(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.login(wpcomtest.DemoUser)
	big := url.Values{"kind": {"liked"}, "title": {"Mine"}, "padding": {strings.Repeat("x", 1<<20)}}
	resp, body := b.post("/dashboard/widgets", big)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(body, "64 KiB") {
		t.Errorf("1 MB form: %d %.200s", resp.StatusCode, body)
	}

	var mp strings.Builder
	w := multipart.NewWriter(&mp)
	_ = w.WriteField("kind", "liked")
	fw, _ := w.CreateFormFile("upload", "big.bin")
	_, _ = fw.Write([]byte(strings.Repeat("y", 200<<10)))
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, e.base+"/dashboard/widgets", strings.NewReader(mp.String()))
	req.Header.Set("Content-Type", w.FormDataContentType())
	if resp, _ := b.do(req); resp.StatusCode != http.StatusUnsupportedMediaType {
		t.Errorf("multipart upload: %d", resp.StatusCode)
	}

	req, _ = http.NewRequest(http.MethodPost, e.base+"/dashboard/widgets", strings.NewReader("kind=liked&title=%zz"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if resp, _ := b.do(req); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("malformed form: %d", resp.StatusCode)
	}

	if ws, _ := e.store.WidgetsOf(context.Background(), e.sim.Member(wpcomtest.DemoUser).ID); len(ws) != 0 {
		t.Errorf("%d widgets saved from refused forms", len(ws))
	}
	// An ordinary form still works.
	if resp, _ := b.post("/dashboard/widgets", url.Values{"kind": {"liked"}}); resp.Request.URL.Path == "/dashboard/widgets" {
		t.Errorf("an ordinary form was refused: %d", resp.StatusCode)
	}
}

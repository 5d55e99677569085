package wpcomtest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

var noFollow = &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
	return http.ErrUseLastResponse
}}

func authorizeQuery(mod func(url.Values)) url.Values {
	q := url.Values{"client_id": {wpcomtest.TestClientID}, "redirect_uri": {wpcomtest.TestRedirectURI},
		"response_type": {"code"}, "scope": {"global"}, "state": {"abc"}}
	if mod != nil {
		mod(q)
	}
	return q
}

// code gets an authorization code through auto-approve.
func code(t *testing.T, sim *wpcomtest.Server, redirect string) string {
	t.Helper()
	sim.AutoApprove(wpcomtest.DemoUser)
	defer sim.AutoApprove("")
	resp, err := noFollow.Get(sim.URL + "/oauth2/authorize?" + authorizeQuery(func(q url.Values) {
		q.Set("redirect_uri", redirect)
	}).Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, _ := url.Parse(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusFound || loc.Query().Get("code") == "" {
		t.Fatalf("authorize: %d %s", resp.StatusCode, loc)
	}
	return loc.Query().Get("code")
}

func postToken(t *testing.T, sim *wpcomtest.Server, form url.Values, basic bool) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, sim.URL+"/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic {
		req.SetBasicAuth(wpcomtest.TestClientID, wpcomtest.TestSecret)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

func tokenForm(code string) url.Values {
	return url.Values{"client_id": {wpcomtest.TestClientID}, "client_secret": {wpcomtest.TestSecret},
		"redirect_uri": {wpcomtest.TestRedirectURI}, "code": {code}, "grant_type": {"authorization_code"}}
}

func TestTokenEndpointRejectsWhatWordPressComRejects(t *testing.T) {
	const otherRedirect = "http://127.0.0.1/other/callback"
	tests := []struct {
		name  string
		form  func(sim *wpcomtest.Server) url.Values
		basic bool
		error string
	}{
		{"wrong secret", func(sim *wpcomtest.Server) url.Values {
			f := tokenForm(code(t, sim, wpcomtest.TestRedirectURI))
			f.Set("client_secret", "nope")
			return f
		}, false, "invalid_client"},
		{"secret only in a Basic header", func(sim *wpcomtest.Server) url.Values {
			f := tokenForm(code(t, sim, wpcomtest.TestRedirectURI))
			f.Del("client_secret")
			return f
		}, true, "invalid_client"},
		{"unknown client", func(sim *wpcomtest.Server) url.Values {
			f := tokenForm(code(t, sim, wpcomtest.TestRedirectURI))
			f.Set("client_id", "999")
			return f
		}, false, "invalid_client"},
		{"reused code", func(sim *wpcomtest.Server) url.Values {
			f := tokenForm(code(t, sim, wpcomtest.TestRedirectURI))
			if status, body := postToken(t, sim, f, false); status != 200 {
				t.Fatalf("first use: %d %v", status, body)
			}
			return f
		}, false, "invalid_grant"},
		{"redirect_uri differs from authorize's", func(sim *wpcomtest.Server) url.Values {
			f := tokenForm(code(t, sim, otherRedirect))
			f.Set("redirect_uri", wpcomtest.TestRedirectURI)
			return f
		}, false, "invalid_grant"},
		{"unknown code", func(sim *wpcomtest.Server) url.Values { return tokenForm("xxxxxxxxxx") }, false, "invalid_grant"},
		{"password grant", func(sim *wpcomtest.Server) url.Values {
			f := tokenForm("")
			f.Set("grant_type", "password")
			return f
		}, false, "unsupported_grant_type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := wpcomtest.NewServer(wpcomtest.Options{})
			defer sim.Close()
			sim.AddApp(wpcomtest.App{ClientID: wpcomtest.TestClientID, Secret: wpcomtest.TestSecret, Name: "t",
				RedirectURIs: []string{wpcomtest.TestRedirectURI, otherRedirect}})
			status, body := postToken(t, sim, tt.form(sim), tt.basic)
			if status != http.StatusBadRequest || body["error"] != tt.error || body["error_description"] == "" {
				t.Errorf("got %d %v, want 400 %s with a description", status, body, tt.error)
			}
			if _, ok := body["access_token"]; ok {
				t.Errorf("a token was issued")
			}
		})
	}
}

func TestCodesExpire(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	sim := wpcomtest.NewServer(wpcomtest.Options{Now: func() time.Time { return now }})
	defer sim.Close()
	c := code(t, sim, wpcomtest.TestRedirectURI)
	now = now.Add(11 * time.Minute)
	if status, body := postToken(t, sim, tokenForm(c), false); status != 400 || body["error"] != "invalid_grant" {
		t.Errorf("expired code: %d %v", status, body)
	}
}

func TestTokenResponseShape(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	status, body := postToken(t, sim, tokenForm(code(t, sim, wpcomtest.TestRedirectURI)), false)
	if status != 200 || body["token_type"] != "bearer" || body["scope"] != "global" || body["blog_id"] != float64(0) ||
		body["blog_url"] != nil {
		t.Errorf("got %d %v", status, body)
	}
	if _, ok := body["expires_in"]; ok {
		t.Errorf("code-flow tokens do not expire")
	}
	sim.BlogIDAsString(true)
	_, body = postToken(t, sim, tokenForm(code(t, sim, wpcomtest.TestRedirectURI)), false)
	if body["blog_id"] != "0" {
		t.Errorf("blog_id = %#v, want \"0\"", body["blog_id"])
	}
}

func TestAuthorizeRejects(t *testing.T) {
	tests := []struct {
		name string
		mod  func(url.Values)
		code string
	}{
		{"unknown client", func(q url.Values) { q.Set("client_id", "4242") }, "invalid_client"},
		{"unregistered redirect", func(q url.Values) { q.Set("redirect_uri", "https://evil.example/cb") }, "invalid_request"},
		{"redirect differs by a slash", func(q url.Values) { q.Set("redirect_uri", wpcomtest.TestRedirectURI+"/") }, "invalid_request"},
		{"implicit flow", func(q url.Values) { q.Set("response_type", "token") }, "unsupported_response_type"},
		{"unknown scope", func(q url.Values) { q.Set("scope", "everything") }, "invalid_request"},
		{"global combined with another scope", func(q url.Values) { q.Set("scope", "global posts") }, "invalid_request"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := wpcomtest.NewServer(wpcomtest.Options{})
			defer sim.Close()
			sim.AutoApprove(wpcomtest.DemoUser) // must not bypass the checks
			resp, err := noFollow.Get(sim.URL + "/oauth2/authorize?" + authorizeQuery(tt.mod).Encode())
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 400 || resp.Header.Get("Location") != "" || !strings.Contains(string(body), "Error Code: <code>"+tt.code) {
				t.Errorf("got %d, Location %q, body %.300s", resp.StatusCode, resp.Header.Get("Location"), body)
			}
		})
	}
}

func TestConsentPage(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	resp, err := noFollow.Get(sim.URL + "/oauth2/authorize?" + authorizeQuery(nil).Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`value="approve"`, `value="deny"`, `name="user"`, wpcomtest.AvidUser, "all your sites"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("consent page lacks %q", want)
		}
	}

	decide := func(action, redirect string) *http.Response {
		f := authorizeQuery(func(q url.Values) { q.Set("redirect_uri", redirect) })
		f.Set("action", action)
		f.Set("user", wpcomtest.WorldUser)
		resp, err := noFollow.PostForm(sim.URL+"/oauth2/authorize", f)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	loc, _ := url.Parse(decide("approve", wpcomtest.TestRedirectURI).Header.Get("Location"))
	if loc.Query().Get("state") != "abc" || loc.Query().Get("code") == "" {
		t.Errorf("approve redirected to %s", loc)
	}
	status, body := postToken(t, sim, tokenForm(loc.Query().Get("code")), false)
	if status != 200 || len(sim.Tokens(wpcomtest.WorldUser)) != 1 {
		t.Errorf("the approved code is not WorldUser's: %d %v", status, body)
	}
	loc, _ = url.Parse(decide("deny", wpcomtest.TestRedirectURI).Header.Get("Location"))
	if loc.Query().Get("error") != "access_denied" || loc.Query().Get("state") != "abc" || loc.Query().Has("code") {
		t.Errorf("deny redirected to %s", loc)
	}
	if resp := decide("approve", "https://evil.example/cb"); resp.StatusCode != 400 || resp.Header.Get("Location") != "" {
		t.Errorf("a tampered form redirected: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestTokenInfoEndpoint(t *testing.T) {
	sim := wpcomtest.NewServer(wpcomtest.Options{})
	defer sim.Close()
	tok := sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "global")
	get := func(client, token string) (int, map[string]any) {
		resp, err := http.Get(sim.URL + "/oauth2/token-info?" + url.Values{"client_id": {client}, "token": {token}}.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&m)
		return resp.StatusCode, m
	}
	if status, m := get(wpcomtest.TestClientID, tok); status != 200 || m["user_id"] != "152748359" || m["scope"] != "global" {
		t.Errorf("valid token: %d %v", status, m)
	}
	if status, m := get("555", tok); status != 400 || m["error_description"] != "The specified token is invalid." {
		t.Errorf("another app's token: %d %v", status, m)
	}
}

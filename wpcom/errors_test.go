package wpcom_test

import (
	"bytes"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func TestErrorsAreTyped(t *testing.T) {
	type call func(c *wpcom.Client, tok wpcom.Token) error
	following := func(c *wpcom.Client, tok wpcom.Token) error { _, err := c.Following(ctx(t), tok, 10); return err }
	liked := func(c *wpcom.Client, tok wpcom.Token) error { _, err := c.Liked(ctx(t), tok, 10); return err }
	me := func(c *wpcom.Client, tok wpcom.Token) error { _, err := c.Me(ctx(t), tok); return err }

	tests := []struct {
		name   string
		setup  func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) // token to use, base path suffix
		call   call
		opts   wpcom.Options
		kind   error
		class  string
		status int
		code   string
	}{
		{"revoked token", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			sim.Revoke(string(tok))
			return tok, ""
		}, liked, wpcom.Options{}, wpcom.ErrReconnect, "reconnect", 400, "invalid_token"},
		{"no token", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) { return "", "" },
			me, wpcom.Options{}, wpcom.ErrReconnect, "reconnect", 403, "authorization_required"},
		{"token without global scope", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			return wpcom.Token(sim.IssueToken(wpcomtest.TestClientID, wpcomtest.DemoUser, "auth")), ""
		}, following, wpcom.Options{}, wpcom.ErrReconnect, "reconnect", 403, "unauthorized"}, // on read/*: as WordPressKit
		{"throttled JSON", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			sim.SetFault(wpcomtest.EndpointFollowing, wpcomtest.Fault{Kind: wpcomtest.Throttle, RetryAfter: "120"})
			return tok, ""
		}, following, wpcom.Options{}, wpcom.ErrThrottled, "throttled", 403, "throttled"},
		{"throttled HTML page", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			sim.SetFault("", wpcomtest.Fault{Kind: wpcomtest.ThrottleHTML})
			return tok, ""
		}, liked, wpcom.Options{}, wpcom.ErrThrottled, "throttled", 500, "throttled"},
		{"server error", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			sim.SetFault(wpcomtest.EndpointLiked, wpcomtest.Fault{Kind: wpcomtest.ServerError, Status: 503})
			return tok, ""
		}, liked, wpcom.Options{}, wpcom.ErrServer, "server", 503, ""},
		{"malformed JSON", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			sim.SetFault(wpcomtest.EndpointFollowing, wpcomtest.Fault{Kind: wpcomtest.Garbage})
			return tok, ""
		}, following, wpcom.Options{}, wpcom.ErrMalformed, "malformed", 200, ""},
		{"timeout", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) {
			sim.SetFault(wpcomtest.EndpointMe, wpcomtest.Fault{Kind: wpcomtest.Slow, Delay: 5 * time.Second})
			return tok, ""
		}, me, wpcom.Options{Timeout: 100 * time.Millisecond}, wpcom.ErrTimeout, "timeout", 0, ""},
		{"not found", func(sim *wpcomtest.Server, tok wpcom.Token) (wpcom.Token, string) { return tok, "/not-here" },
			me, wpcom.Options{}, wpcom.ErrNotFound, "not_found", 404, "unknown_endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, wpcomtest.Options{})
			tok, suffix := tt.setup(sim, globalToken(t, sim, wpcomtest.DemoUser))
			var logs bytes.Buffer
			tt.opts.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			start := time.Now()
			err := tt.call(newClient(t, sim.URL+suffix, tt.opts), tok)
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want kind %v", err, tt.kind)
			}
			if got := wpcom.Class(err); got != tt.class {
				t.Errorf("Class = %q, want %q", got, tt.class)
			}
			var e *wpcom.Error
			if !errors.As(err, &e) || e.Status != tt.status || e.Code != tt.code {
				t.Errorf("error = %#v, want status %d code %q", e, tt.status, tt.code)
			}
			if tt.kind == wpcom.ErrThrottled && tt.code == "throttled" && tt.status == 403 && e.RetryAfter != 2*time.Minute {
				t.Errorf("RetryAfter = %v, want 2m", e.RetryAfter)
			}
			if tt.kind == wpcom.ErrTimeout && time.Since(start) > 2*time.Second {
				t.Errorf("timeout took %v", time.Since(start))
			}
			for _, other := range []error{wpcom.ErrReconnect, wpcom.ErrThrottled, wpcom.ErrUnauthorized, wpcom.ErrServer,
				wpcom.ErrMalformed, wpcom.ErrTimeout, wpcom.ErrNotFound, wpcom.ErrNetwork} {
				if other != tt.kind && errors.Is(err, other) {
					t.Errorf("error is also %v: classes must be distinct", other)
				}
			}
			if tok != "" && (strings.Contains(err.Error(), string(tok)) || strings.Contains(logs.String(), string(tok))) {
				t.Errorf("token leaked into the error or the log")
			}
			if !strings.Contains(logs.String(), "wpcom call") {
				t.Errorf("no debug log line for the call")
			}
		})
	}
}

func TestNetworkAndSizeErrors(t *testing.T) {
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"ID":1,"username":"` + strings.Repeat("x", 4096) + `"}`))
	}))
	defer big.Close()
	small := newClient(t, big.URL, wpcom.Options{})
	small.SetMaxBody(1024)
	_, err := small.Me(ctx(t), "tok")
	if !errors.Is(err, wpcom.ErrMalformed) || !strings.Contains(err.Error(), "larger than 1024 bytes") {
		t.Errorf("oversized body: err = %v, want ErrMalformed naming the cap", err)
	}

	sim := newSim(t, wpcomtest.Options{})
	base := sim.URL
	sim.Close()
	_, err = newClient(t, base, wpcom.Options{}).Me(ctx(t), "tok")
	if !errors.Is(err, wpcom.ErrNetwork) || wpcom.Class(err) != "network" {
		t.Errorf("closed server: err = %v, want ErrNetwork", err)
	}
}

func TestClientSendsUserAgentAndBearer(t *testing.T) {
	var ua, auth, accept string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ua, auth, accept = r.UserAgent(), r.Header.Get("Authorization"), r.Header.Get("Accept")
		_, _ = w.Write([]byte(`{"ID":7,"username":"u","token_scope":"global","token_site_id":false}`))
	}))
	defer srv.Close()
	m, err := newClient(t, srv.URL, wpcom.Options{}).Me(ctx(t), "a%b&c(d)@e^")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ua, "wpcom-widgets/") || auth != "Bearer a%b&c(d)@e^" || accept != "application/json" {
		t.Errorf("headers: UA %q, Authorization %q, Accept %q", ua, auth, accept)
	}
	// token_scope as a lone string still counts; display_name falls back.
	if !m.HasGlobalScope() || m.DisplayName != "u" || m.TokenSiteID != 0 {
		t.Errorf("me = %+v", m)
	}
}

func TestMe(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := globalToken(t, sim, wpcomtest.WorldUser)
	m, err := newClient(t, sim.URL, wpcom.Options{}).Me(ctx(t), tok)
	if err != nil {
		t.Fatal(err)
	}
	if m.ID != 201900042 || m.Username != wpcomtest.WorldUser || m.DisplayName != "山田 由紀" ||
		!m.HasGlobalScope() || m.TokenSiteID != 0 || !strings.HasPrefix(m.AvatarURL, "https://") {
		t.Errorf("me = %+v", m)
	}
}

func TestNewClientRejectsBadBaseURL(t *testing.T) {
	for _, base := range []string{"ftp://x", "public-api.wordpress.com", "http://"} {
		if _, err := wpcom.NewClient(wpcom.Options{BaseURL: base}); err == nil {
			t.Errorf("NewClient(%q) accepted", base)
		}
	}
}

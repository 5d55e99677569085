package wpcom_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func TestAuthCodeURL(t *testing.T) {
	o, err := wpcom.NewOAuth("https://public-api.wordpress.com/", "123", "s", "https://widgets.example/auth/callback", nil)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(o.AuthCodeURL("xyz"))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if u.Scheme+"://"+u.Host+u.Path != "https://public-api.wordpress.com/oauth2/authorize" ||
		q.Get("response_type") != "code" || q.Get("client_id") != "123" || q.Get("scope") != "global" ||
		q.Get("state") != "xyz" || q.Get("redirect_uri") != "https://widgets.example/auth/callback" {
		t.Errorf("AuthCodeURL = %s", u)
	}
	if q.Has("access_type") {
		t.Errorf("access_type is not a WordPress.com parameter")
	}
}

func TestExchange(t *testing.T) {
	for _, asString := range []bool{false, true} {
		sim := newSim(t, wpcomtest.Options{})
		sim.BlogIDAsString(asString)
		o := newOAuth(t, sim, wpcomtest.TestSecret)
		q := authorize(t, sim, wpcomtest.DemoUser, o.AuthCodeURL("state-1"))
		if q.Get("state") != "state-1" {
			t.Errorf("state not echoed: %v", q)
		}
		g, err := o.Exchange(context.Background(), q.Get("code"))
		if err != nil {
			t.Fatalf("blog_id as string %v: %v", asString, err)
		}
		if g.Scope != "global" || g.BlogID != 0 || g.BlogURL != "" || len(g.Token) < 32 {
			t.Errorf("grant = scope %q blog %d url %q", g.Scope, g.BlogID, g.BlogURL)
		}
		// The token works.
		if _, err := newClient(t, sim.URL, wpcom.Options{}).Me(context.Background(), g.Token); err != nil {
			t.Error(err)
		}
		// A code is good once.
		if _, err := o.Exchange(context.Background(), q.Get("code")); !errors.Is(err, wpcom.ErrInvalidGrant) {
			t.Errorf("replayed code: err = %v, want ErrInvalidGrant", err)
		}
	}
}

func TestExchangeFailures(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	good := newOAuth(t, sim, wpcomtest.TestSecret)

	q := authorize(t, sim, wpcomtest.DemoUser, good.AuthCodeURL("s"))
	if _, err := newOAuth(t, sim, "wrong").Exchange(context.Background(), q.Get("code")); !errors.Is(err, wpcom.ErrInvalidClient) {
		t.Errorf("wrong secret: err = %v, want ErrInvalidClient", err)
	}
	if _, err := good.Exchange(context.Background(), "made-up"); !errors.Is(err, wpcom.ErrInvalidGrant) {
		t.Errorf("unknown code: err = %v, want ErrInvalidGrant", err)
	}

	// A code granted for the "auth" scope yields a token that cannot read.
	authURL := sim.URL + "/oauth2/authorize?" + url.Values{"client_id": {wpcomtest.TestClientID},
		"redirect_uri": {wpcomtest.TestRedirectURI}, "response_type": {"code"}, "scope": {"auth"}}.Encode()
	q = authorize(t, sim, wpcomtest.DemoUser, authURL)
	if _, err := good.Exchange(context.Background(), q.Get("code")); !errors.Is(err, wpcom.ErrScope) {
		t.Errorf("auth-scope token: err = %v, want ErrScope", err)
	}

	sim.Close()
	if _, err := good.Exchange(context.Background(), "x"); !errors.Is(err, wpcom.ErrNetwork) {
		t.Errorf("server down: err = %v, want ErrNetwork", err)
	}
}

func TestNewOAuthNeedsCredentials(t *testing.T) {
	if _, err := wpcom.NewOAuth("", "", "s", "https://x/cb", nil); err == nil {
		t.Error("accepted an empty client id")
	}
	if _, err := wpcom.NewOAuth("", "1", "", "https://x/cb", nil); err == nil {
		t.Error("accepted an empty secret")
	}
}

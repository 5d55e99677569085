package wpcom_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// newSim starts a simulator with the seeded members for one test.
func newSim(t *testing.T, opts wpcomtest.Options) *wpcomtest.Server {
	t.Helper()
	sim := wpcomtest.NewServer(opts)
	t.Cleanup(sim.Close)
	return sim
}

func newClient(t *testing.T, base string, opts wpcom.Options) *wpcom.Client {
	t.Helper()
	opts.BaseURL = base
	c, err := wpcom.NewClient(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pagedClient is a client that asks read/following/mine for pages of size.
func pagedClient(t *testing.T, base string, size int) *wpcom.Client {
	t.Helper()
	c := newClient(t, base, wpcom.Options{})
	c.SetFollowingPageSize(size)
	return c
}

func newOAuth(t *testing.T, sim *wpcomtest.Server, secret string) *wpcom.OAuth {
	t.Helper()
	o, err := wpcom.NewOAuth(sim.URL, wpcomtest.TestClientID, secret, wpcomtest.TestRedirectURI, nil)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// authorize follows an authorize URL as a browser would with auto-approve
// on, and returns the callback's query.
func authorize(t *testing.T, sim *wpcomtest.Server, user, authURL string) url.Values {
	t.Helper()
	sim.AutoApprove(user)
	t.Cleanup(func() { sim.AutoApprove("") })
	hc := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := hc.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("authorize: status %d, want 302", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

// globalToken goes through the real OAuth flow and returns a global token.
func globalToken(t *testing.T, sim *wpcomtest.Server, user string) wpcom.Token {
	t.Helper()
	o := newOAuth(t, sim, wpcomtest.TestSecret)
	q := authorize(t, sim, user, o.AuthCodeURL("st"))
	g, err := o.Exchange(context.Background(), q.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	return g.Token
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	return c
}

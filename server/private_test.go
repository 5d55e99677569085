package server

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestPrivateSitesAreNeverPublished: the demo member follows a private
// family blog and liked posts on it and on a private P2. No public output
// may carry a word of them, every widget still shows as many items as it
// asks for, and the dashboard says what was left out.
func TestPrivateSitesAreNeverPublished(t *testing.T) {
	e := newEnv(t)
	private := []string{"Henderson", "hendersonsathome", "Private Lane", "We moved", "Orbit", "orbitteam", "Q4 plans", "January"}

	b := e.browser()
	b.login(wpcomtest.DemoUser)
	following := e.seedWidget(wpcomtest.DemoUser, "following", 5, "list", "auto")
	liked := e.seedWidget(wpcomtest.DemoUser, "liked", 5, "list", "auto")

	var outputs []string
	for _, id := range []string{following, liked} {
		for _, path := range []string{"/w/" + id, "/w/" + id + ".js", "/w/" + id + ".json",
			"/oembed?url=" + url.QueryEscape(e.base+"/w/"+id), "/oembed?format=xml&url=" + url.QueryEscape(e.base+"/w/"+id),
			"/oembed?maxwidth=300&url=" + url.QueryEscape(e.base+"/w/"+id)} {
			resp, body := fetch(t, e.base+path)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d", path, resp.StatusCode)
			}
			outputs = append(outputs, path+"\n"+body)
		}
	}
	resp, opml := fetch(t, e.base+"/w/"+following+".opml")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("opml: %d", resp.StatusCode)
	}
	outputs = append(outputs, "opml\n"+opml)
	for _, out := range outputs {
		for _, word := range private {
			if strings.Contains(out, word) {
				t.Errorf("a public output shows %q from a private site:\n%.600s", word, out)
			}
		}
	}

	// Private items give their places to public ones: 5 blogs, 5 posts.
	for _, id := range []string{following, liked} {
		_, body := fetch(t, e.base+"/w/"+id+".json")
		var feed struct{ Items []struct{ URL string } }
		if err := json.Unmarshal([]byte(body), &feed); err != nil || len(feed.Items) != 5 {
			t.Errorf("widget %s's feed has %d items (%v), want 5:\n%s", id, len(feed.Items), err, body)
		}
	}

	// The redirect refuses a private post's address even though the member
	// liked it.
	resp, _ = fetch(t, e.base+"/w/"+liked+"/go?url="+url.QueryEscape("https://hendersonsathome.wordpress.com/2026/10/30/we-moved/"),
		"Sec-Fetch-Site", "same-origin")
	if resp.StatusCode == http.StatusFound {
		t.Errorf("the redirect sent a visitor to a private post")
	}

	_, dash := b.get("/dashboard")
	if want := "1 private site and 2 posts from private sites are not shown"; !strings.Contains(dash, want) {
		t.Errorf("the dashboard does not say %q", want)
	}
}

func TestPrivateNote(t *testing.T) {
	for _, tc := range []struct {
		sites, posts int
		want         string
	}{
		{0, 0, ""},
		{1, 0, "1 private site is not shown"},
		{2, 0, "2 private sites are not shown"},
		{0, 1, "1 post from a private site is not shown"},
		{3, 2, "3 private sites and 2 posts from private sites are not shown"},
	} {
		if got := (privateNote{tc.sites, tc.posts}).Text(); got != tc.want {
			t.Errorf("%d sites, %d posts: %q, want %q", tc.sites, tc.posts, got, tc.want)
		}
	}
}

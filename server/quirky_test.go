package server

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// TestEveryShapeWordPressComSends: a member whose lists come in every odd
// shape the real WordPress.com sends has each of their items in every
// widget, once, named and linked as the WordPress apps show them. (One
// odd item used to fail the whole page, and with it every widget.)
func TestEveryShapeWordPressComSends(t *testing.T) {
	e := newEnv(t)
	following := e.seedWidget(wpcomtest.QuirkyUser, "following", 20, "list", "auto")
	liked := e.seedWidget(wpcomtest.QuirkyUser, "liked", 20, "list", "auto")
	type item struct{ Title, URL string }
	feedOf := func(id string) []item {
		t.Helper()
		resp, body := fetch(t, e.base+"/w/"+id+".json")
		var feed struct{ Items []item }
		if resp.StatusCode != http.StatusOK || json.Unmarshal([]byte(body), &feed) != nil {
			t.Fatalf("feed %s: %d %.300s", id, resp.StatusCode, body)
		}
		return feed.Items
	}
	wantFollowing := []item{
		{"It’s Baking Season", "https://itsbakingseason.wordpress.com"}, // double-encoded name; icon []
		{"Stitch & Story", "https://stitchandstory.blog"},               // old shape, icon []: named from meta.data.site
		{"Muddy Hands Pottery", "https://muddyhands.blog"},              // after a null item
		{"Endgame Notes", "https://endgamenotes.wordpress.com"},         // sent twice
		{"kottke.org", "https://kottke.org/"},                           // a plain feed: name and home page from meta.data.feed
		{"Daring Fireball", "https://daringfireball.net/"},              // meta.data.feed.URL null, so known only by its feed: its site
		{"Second Flush", "https://secondflush.blog"},                    // after a null, sent twice, on the last page
	}
	wantLiked := []item{
		{"It’s finally bread weather", "https://itsbakingseason.wordpress.com/2026/10/30/bread-weather/"},              // post_thumbnail false, featured_media []
		{"Blanket stitch, again", "https://stitchandstory.blog/2026/10/29/blanket-stitch/"},                            // author [], metadata {}, a null before
		{"Up the Ridge", "https://ridgewalkers.wordpress.com/2026/10/28/up-the-ridge/"},                                // meta.data.site []
		{"Night train to Vienna", "https://railsandroads.blog/2026/10/26/night-train/"},                                // sent twice
		{"Played the Sicilian again and lost again. Still fun.", "https://endgamenotes.wordpress.com/2026/10/25/606/"}, // untitled: named from its excerpt, without "Continue reading"
	}
	if len(wantFollowing) != wpcomtest.QuirkyFollows || len(wantLiked) != wpcomtest.QuirkyLikes {
		t.Fatal("the test and the simulator disagree on the member's items")
	}
	if got := feedOf(following); !slices.Equal(got, wantFollowing) {
		t.Errorf("following:\n got %q\nwant %q", got, wantFollowing)
	}
	if got := feedOf(liked); !slices.Equal(got, wantLiked) {
		t.Errorf("liked:\n got %q\nwant %q", got, wantLiked)
	}
	_, frame := fetch(t, e.base+"/w/"+liked)
	for _, bad := range []string{"Continue reading", "&amp;#8217;", "&#8217;", "Unreadable", "no client can read"} {
		if strings.Contains(frame, bad) {
			t.Errorf("the frame shows %q", bad)
		}
	}
	_, opml := fetch(t, e.base+"/w/"+following+".opml")
	if !strings.Contains(opml, `xmlUrl="https://feeds.kottke.org/main" htmlUrl="https://kottke.org/"`) {
		t.Errorf("the OPML does not keep the feed and its home page:\n%s", opml)
	}
	// Sites nobody can tell are public are left out, and counted.
	if sites, posts, _ := e.svc.Private(e.sim.Member(wpcomtest.QuirkyUser).ID); sites != wpcomtest.QuirkyHidden || posts != 0 {
		t.Errorf("left out as private: %d sites, %d posts; want %d and 0", sites, posts, wpcomtest.QuirkyHidden)
	}
	for _, hidden := range []string{"Ridge Walkers", "Rails", "Members Only"} {
		if strings.Contains(opml, hidden) {
			t.Errorf("%s, not known to be public, is in the OPML", hidden)
		}
	}
	if !strings.Contains(e.logs.String(), "skipped an item WordPress.com sent") || strings.Count(e.logs.String(), "skipped an item") > 2 {
		t.Errorf("unreadable items are not logged once per shape:\n%s", e.logs.String())
	}
}

package wpcom_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func TestFollowingDecodesEveryShape(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := globalToken(t, sim, wpcomtest.DemoUser)
	subs, err := newClient(t, sim.URL, wpcom.Options{}).Following(ctx(t), tok, 50)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[wpcom.ID]wpcom.Subscription{}
	for _, s := range subs {
		byID[s.ID] = s
	}
	if len(subs) != 11 || len(byID) != 11 {
		t.Fatalf("got %d subscriptions (%d distinct), want the demo member's 11", len(subs), len(byID))
	}
	for _, s := range subs {
		if want := s.ID == 764145870; s.Private != want { // the family blog
			t.Errorf("subscription %d (%s): Private = %v, want %v", s.ID, s.Name, s.Private, want)
		}
	}
	tests := []struct {
		name                    string
		sub                     wpcom.ID
		blogID, feedID          wpcom.ID
		wantName, icon, siteURL string
		feed                    bool
	}{
		{"current shape", 764146175, 3584907, 25823, "WordPress.com News",
			"https://secure.gravatar.com/blavatar/4d5d4c4006d86ff465780ec0d2671c0231c8536cc2fa8167aca8a4dd76811795", "http://en.blog.wordpress.com", false},
		{"no icon", 764145801, 77120931, 5120333, "Quiet Corner", "", "https://quietcorner.blog", false},
		{"entities and markup kept for the cleaner", 764145990, 90210455, 4411872, "Tom &amp; Jerry&#8217;s <em>Kitchen</em>",
			"https://tomandjerrykitchen.files.wordpress.com/2024/02/cropped-pan.jpg", "https://tomandjerrykitchen.wordpress.com", false},
		{"empty top-level name, meta.data.site has it", 764145512, 201120112, 99120112, "Garden Notes",
			"https://gardennotes.example.org/wp-content/uploads/2022/03/cropped-leaf-192x192.png", "https://gardennotes.example.org", false},
		{"2018 shape: name and icon only in meta.data.site", 312004411, 48213344, 2903311, "Photo Journal",
			"https://secure.gravatar.com/blavatar/7b1e0c2f9a", "http://photojournal.wordpress.com", false},
		{`RSS feed with blog_ID "0" and no name`, 549397853, 0, 1180221, "xkcd.com", "", "https://xkcd.com/rss.xml", true},
		{"RSS feed with blog_ID false", 449397853, 0, 67436808, "nytimes.com", "",
			"http://www.nytimes.com/svc/collections/v1/publish/https://www.nytimes.com/section/magazine/rss.xml", true},
		{"hostile strings arrive untouched", 764145777, 66600666, 6660666,
			`<script>alert("name")</script><img src=x onerror=alert(1)>Totally Normal Blog`, "javascript:alert('icon')",
			"javascript:alert(document.cookie)//hostile.example", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, ok := byID[tt.sub]
			if !ok {
				t.Fatalf("subscription %d missing", tt.sub)
			}
			if s.BlogID != tt.blogID || s.FeedID != tt.feedID || s.Name != tt.wantName || s.Icon != tt.icon ||
				s.SiteURL != tt.siteURL || s.IsFeed() != tt.feed {
				t.Errorf("got blog %d feed %d name %q icon %q site %q feed? %v\nwant blog %d feed %d name %q icon %q site %q feed? %v",
					s.BlogID, s.FeedID, s.Name, s.Icon, s.SiteURL, s.IsFeed(), tt.blogID, tt.feedID, tt.wantName, tt.icon, tt.siteURL, tt.feed)
			}
			if s.Subscribed.IsZero() {
				t.Errorf("date_subscribed not decoded")
			}
		})
	}
	// Newest subscription first, as WordPress.com answers.
	for i := 1; i < len(subs); i++ {
		if subs[i].Subscribed.After(subs[i-1].Subscribed) {
			t.Errorf("order: %v after %v", subs[i].Subscribed, subs[i-1].Subscribed)
		}
	}
}

func TestFollowingPages(t *testing.T) {
	tests := []struct {
		name      string
		pageSize  int
		n         int
		wantItems int
		wantCalls int
	}{
		{"one page when n is small", 0, 5, 5, 1},
		{"pages of 100, as the apps ask", 0, wpcomtest.AvidFollows, wpcomtest.AvidFollows, 5},
		{"more asked than followed stops at total_subscriptions", 0, 1000, wpcomtest.AvidFollows, 5},
		{"small pages stop at n", 50, 120, 120, 3},
		{"never more than 100 a page", 500, wpcomtest.AvidFollows, wpcomtest.AvidFollows, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, wpcomtest.Options{})
			tok := globalToken(t, sim, wpcomtest.AvidUser)
			subs, err := pagedClient(t, sim.URL, tt.pageSize).Following(ctx(t), tok, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(subs) != tt.wantItems {
				t.Errorf("got %d items, want %d", len(subs), tt.wantItems)
			}
			if got := sim.CallsWithToken(wpcomtest.EndpointFollowing, string(tok)); got != tt.wantCalls {
				t.Errorf("made %d calls, want %d", got, tt.wantCalls)
			}
			seen := map[wpcom.ID]bool{}
			for i, s := range subs {
				if seen[s.ID] {
					t.Fatalf("subscription %d twice", s.ID)
				}
				seen[s.ID] = true
				// The avid member's subscriptions are numbered in order.
				if want := wpcom.ID(800000000 - (i + 1)); s.ID != want {
					t.Fatalf("item %d is %d, want %d: pages overlap or skip", i, s.ID, want)
				}
			}
		})
	}
}

func TestFollowingEmptyAccount(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := globalToken(t, sim, wpcomtest.NewUser)
	subs, err := newClient(t, sim.URL, wpcom.Options{}).Following(ctx(t), tok, 20)
	if err != nil || len(subs) != 0 {
		t.Fatalf("got %d, %v; want none and no error", len(subs), err)
	}
	if n := sim.Calls(wpcomtest.EndpointFollowing); n != 1 {
		t.Errorf("%d calls, want 1", n)
	}
}

// TestFollowingAsksAsTheAppsAsk: API 1.2, meta=site,feed, pages of at most
// 100, as WordPress-Android's ReaderUpdateLogic and WordPressKit do.
func TestFollowingAsksAsTheAppsAsk(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	var asked []*url.URL
	var mu sync.Mutex
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL)
		mu.Unlock()
		sim.Simulator.ServeHTTP(w, r)
	}))
	t.Cleanup(proxy.Close)
	tok := globalToken(t, sim, wpcomtest.AvidUser)
	if _, err := pagedClient(t, proxy.URL, 500).Following(ctx(t), tok, 250); err != nil {
		t.Fatal(err)
	}
	if len(asked) != 3 {
		t.Fatalf("%d calls for 250 follows, want 3 pages of 100", len(asked))
	}
	for i, u := range asked {
		q := u.Query()
		if u.Path != "/rest/v1.2/read/following/mine" || q.Get("meta") != "site,feed" || q.Get("number") != "100" || q.Get("page") != strconv.Itoa(i+1) {
			t.Errorf("call %d: %s", i+1, u)
		}
	}
}

// TestFollowingPagesThatLie: short pages (gone sites), repeats, nulls and
// a total_subscriptions far above the truth (263 for 13). Every page size
// gets each subscription once, and the walk ends soon after the truth.
func TestFollowingPagesThatLie(t *testing.T) {
	for _, size := range []int{100, 5, 3} {
		sim := newSim(t, wpcomtest.Options{})
		tok := globalToken(t, sim, wpcomtest.QuirkyUser)
		subs, err := pagedClient(t, sim.URL, size).Following(ctx(t), tok, 50)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, s := range subs {
			key := fmt.Sprint(s.BlogID, s.FeedID)
			if seen[key] {
				t.Errorf("pages of %d: %s twice", size, s.Name)
			}
			seen[key] = true
		}
		// 13 follows: 2 gone, 1 unreadable.
		if len(subs) != 10 {
			t.Errorf("pages of %d: %d subscriptions, want 10", size, len(subs))
		}
		// Every page with follows, then past them a page of nothing but
		// repeats (the last page's repeated follows shift onto it), then
		// an empty one.
		pages := (13+size-1)/size + 2
		if n := sim.Calls(wpcomtest.EndpointFollowing); n != pages {
			t.Errorf("pages of %d: %d calls, want %d", size, n, pages)
		}
	}
}

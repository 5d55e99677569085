package wpcom_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/wpcom"
	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

func TestLikedDecodesEveryShape(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := globalToken(t, sim, wpcomtest.DemoUser)
	posts, err := newClient(t, sim.URL, wpcom.Options{}).Liked(ctx(t), tok, 20)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 10 {
		t.Fatalf("got %d posts, want the demo member's 10", len(posts))
	}
	byID := map[wpcom.ID]wpcom.Post{}
	for _, p := range posts {
		byID[p.ID] = p
		if want := p.ID == 77 || p.ID == 5120; p.SitePrivate != want { // the family blog and the P2
			t.Errorf("post %d: SitePrivate = %v, want %v", p.ID, p.SitePrivate, want)
		}
	}
	p := byID[2646]
	if p.Title != "Talking with Your Dog or&nbsp;Cat." || p.SiteName != "Animals of the Pacific Northwest " ||
		p.SiteID != 133536339 || p.Author.Name != "Andrea Merrill" ||
		p.FeaturedImage != "https://animalsofpnw.files.wordpress.com/2020/09/talking-with-your-pets.jpg" ||
		p.FeaturedMedia == nil || p.FeaturedMedia.Type != "image" || p.Thumbnail == "" {
		t.Errorf("reference post decoded as %+v", p)
	}
	if _, off := p.Date.Zone(); off != -7*3600 || p.Date.UTC().Hour() != 17 {
		t.Errorf("date %v lost its -07:00 offset", p.Date)
	}
	if p.Liked.IsZero() {
		t.Errorf("date_liked not decoded")
	}
	tests := []struct {
		name  string
		id    wpcom.ID
		check func(wpcom.Post) bool
	}{
		{"untitled post keeps its excerpt", 4410, func(p wpcom.Post) bool { return p.Title == "" && strings.Contains(p.Excerpt, "Rain on the window") }},
		{"markup and entities in the title arrive as sent", 88213, func(p wpcom.Post) bool {
			return p.Title == "<em>Crispy</em> &amp; tender: the &#8220;no-fail&#8221; roast potatoes" && p.FeaturedMedia == nil
		}},
		{"site_name empty: meta.data.site names the site; video media", 3303, func(p wpcom.Post) bool {
			return p.SiteName == "Garden Notes" && p.FeaturedMedia != nil && p.FeaturedMedia.Type == "video" && p.FeaturedImage == "" && p.IsExternal
		}},
		{"thumbnail only", 9001, func(p wpcom.Post) bool {
			return p.FeaturedImage == "" && p.Thumbnail == "https://en-blog.files.wordpress.com/2026/10/october.gif"
		}},
		{"very long title", 1201, func(p wpcom.Post) bool { return len(p.Title) > 300 }},
		{"hostile strings arrive untouched", 666, func(p wpcom.Post) bool {
			return p.URL == "javascript:alert('post')" && strings.Contains(p.Title, "<script>") && p.FeaturedImage == "javascript:alert('image')"
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok := byID[tt.id]
			if !ok {
				t.Fatalf("post %d missing", tt.id)
			}
			if !tt.check(p) {
				t.Errorf("decoded as %+v", p)
			}
		})
	}
}

func TestLikedNonLatin(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := globalToken(t, sim, wpcomtest.WorldUser)
	posts, err := newClient(t, sim.URL, wpcom.Options{}).Liked(ctx(t), tok, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) != 3 || posts[0].Title != "納豆と卵かけご飯" || posts[0].SiteName != "東京の朝ごはん" || posts[1].SiteName != "مدونة القهوة العربية" {
		t.Fatalf("got %+v", posts)
	}
}

func TestLikedPages(t *testing.T) {
	tests := []struct {
		name      string
		inclusive bool
		n         int
		wantCalls int
	}{
		{"one request when n fits", false, 10, 1},
		{"pages of 40 stop at n", false, 100, 3},
		{"every like, strict before", false, wpcomtest.AvidLikes, 8},
		// An inclusive before= repeats the oldest like of each page (both
		// likes of the seeded tie on page 2); the client drops the repeats.
		{"every like, inclusive before", true, wpcomtest.AvidLikes, 8},
		{"more asked than liked", false, 1000, 8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim := newSim(t, wpcomtest.Options{LikedBeforeInclusive: tt.inclusive})
			tok := globalToken(t, sim, wpcomtest.AvidUser)
			posts, err := newClient(t, sim.URL, wpcom.Options{}).Liked(ctx(t), tok, tt.n)
			if err != nil {
				t.Fatal(err)
			}
			want := min(tt.n, wpcomtest.AvidLikes)
			if len(posts) != want {
				t.Errorf("got %d posts, want %d", len(posts), want)
			}
			if got := sim.CallsWithToken(wpcomtest.EndpointLiked, string(tok)); got != tt.wantCalls {
				t.Errorf("made %d calls, want %d", got, tt.wantCalls)
			}
			for i, p := range posts {
				// The avid member's likes are numbered newest first.
				if want := wpcom.ID(100000 + i + 1); p.ID != want {
					t.Fatalf("post %d is %d, want %d: pages overlap or skip", i, p.ID, want)
				}
				if i > 0 && p.Liked.After(posts[i-1].Liked) {
					t.Fatalf("post %d liked after post %d", i, i-1)
				}
			}
		})
	}
}

// recorder keeps the raw query strings a client sends.
type recorder struct {
	mu      sync.Mutex
	queries []string
	next    http.RoundTripper
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	r.mu.Lock()
	r.queries = append(r.queries, req.URL.RawQuery)
	r.mu.Unlock()
	return r.next.RoundTrip(req)
}

func TestLikedSendsBeforeWithEncodedPlus(t *testing.T) {
	sim := newSim(t, wpcomtest.Options{})
	tok := globalToken(t, sim, wpcomtest.AvidUser)
	rec := &recorder{next: http.DefaultTransport}
	c := newClient(t, sim.URL, wpcom.Options{HTTPClient: &http.Client{Timeout: 5 * time.Second, Transport: rec}})
	if _, err := c.Liked(ctx(t), tok, 80); err != nil {
		t.Fatal(err)
	}
	if len(rec.queries) != 2 {
		t.Fatalf("sent %d requests, want 2: %q", len(rec.queries), rec.queries)
	}
	if strings.Contains(rec.queries[0], "before=") {
		t.Errorf("first page must not send before: %s", rec.queries[0])
	}
	if !strings.Contains(rec.queries[1], "before=2026-") || !strings.Contains(rec.queries[1], "%2B00%3A00") {
		t.Errorf("second page's before is not the encoded date_range.after: %s", rec.queries[1])
	}
	for _, q := range rec.queries {
		if !strings.Contains(q, "number=40") {
			t.Errorf("asked for more than read/liked's limit of 40: %s", q)
		}
	}
}

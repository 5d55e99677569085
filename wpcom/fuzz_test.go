package wpcom

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// The decoder's promise: whatever one item looks like, the items around it
// come through, in order, and nothing panics. The seeds are every item the
// simulator sends for its members (the shapes of the real fixtures), and
// each of them again with one field at a time, at any depth, replaced by
// the values PHP puts where an object or a string was expected.

// seedItems returns the raw items of one list the simulator sends.
func seedItems(t testing.TB, path, list string) []json.RawMessage {
	t.Helper()
	sim := wpcomtest.New(wpcomtest.Options{})
	var out []json.RawMessage
	for _, user := range []string{wpcomtest.DemoUser, wpcomtest.QuirkyUser} {
		tok := sim.IssueToken(wpcomtest.TestClientID, user, "global")
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		sim.ServeHTTP(rec, req)
		var page map[string]json.RawMessage
		var raw []json.RawMessage
		if err := json.Unmarshal(rec.Body.Bytes(), &page); err != nil || json.Unmarshal(page[list], &raw) != nil {
			t.Fatalf("%s for %s: %v %s", path, user, err, rec.Body)
		}
		for _, r := range raw {
			if string(r) != "null" {
				out = append(out, r)
			}
		}
	}
	return out
}

// oddValues are what PHP sends where a value was expected.
var oddValues = []string{`[]`, `false`, `{}`, `"x"`}

// read are the keys the wire types read (wire.go), and the ones the apps
// report in odd shapes (metadata, attachments, author.email).
var read = map[string]bool{}

func init() {
	for _, k := range strings.Fields(`ID blog_ID feed_ID site_ID URL date_subscribed last_updated name site_icon is_owner
		meta data site feed icon img ico description feed_URL is_private image global_ID date_liked date modified title
		short_URL content excerpt author login avatar_URL profile_URL email featured_image featured_media uri type width
		height post_thumbnail site_name site_URL site_is_private is_external metadata attachments`) {
		read[k] = true
	}
}

// mutation is an item with one field replaced by value.
type mutation struct {
	key, value string
	item       json.RawMessage
}

// privacyValues are what a privacy flag, or the site object it lives in,
// is also tried as: none of them says "public", so none may publish.
var privacyValues = []string{`null`, `true`, `1`, `"1"`, `""`, `{"error":"unauthorized","message":"User cannot access this private blog."}`}

// mutations returns item with each field we may read, at any depth,
// replaced in turn by each odd value.
func mutations(item json.RawMessage) []mutation {
	var v any
	if json.Unmarshal(item, &v) != nil {
		return nil
	}
	var out []mutation
	var walk func(node any)
	walk = func(node any) {
		obj, ok := node.(map[string]any)
		if !ok {
			return
		}
		for k, child := range obj {
			if !read[k] {
				continue
			}
			values := oddValues
			if privacyKeys[k] {
				values = append(slices.Clone(oddValues), privacyValues...)
			}
			for _, odd := range values {
				var o any
				_ = json.Unmarshal([]byte(odd), &o)
				obj[k] = o
				if b, err := json.Marshal(v); err == nil {
					out = append(out, mutation{k, odd, b})
				}
			}
			obj[k] = child
			walk(child)
		}
	}
	walk(v)
	return out
}

// privacyKeys say whether an item may be published: the flags, and the
// objects a followed blog's flag lives in.
var privacyKeys = map[string]bool{"is_private": true, "site_is_private": true, "meta": true, "data": true, "site": true}

// ids are the keys an item cannot do without: an id of another shape may
// cost the item (and only the item).
var ids = map[string]bool{"ID": true, "blog_ID": true, "feed_ID": true, "site_ID": true}

// keepsNeighbours decodes [first, item, last] and says whether first and
// last came through, in place, whatever item held, and how many items did.
func keepsNeighbours[T any](t *testing.T, list string, first, item, last json.RawMessage, id func(T) ID) (bool, int) {
	var raw items
	if err := json.Unmarshal([]byte(`[`+string(first)+`,`+string(item)+`,`+string(last)+`]`), &raw); err != nil {
		t.Fatalf("the list does not decode: %v", err)
	}
	c := &Client{log: slog.New(slog.DiscardHandler)}
	got := decodeItems[T](c, list, raw)
	var a, b T
	_ = json.Unmarshal(first, &a)
	_ = json.Unmarshal(last, &b)
	return len(got) >= 2 && id(got[0]) == id(a) && id(got[len(got)-1]) == id(b), len(got)
}

// readable keeps the items that decode: the simulator sends one
// unreadable item on purpose, and it is no neighbour to keep.
func readable[T any](raw []json.RawMessage) []json.RawMessage {
	var out []json.RawMessage
	for _, r := range raw {
		var v T
		if json.Unmarshal(r, &v) == nil {
			out = append(out, r)
		}
	}
	return out
}

func fuzzList[T any](f *testing.F, path, list string, id func(T) ID) {
	seeds := readable[T](seedItems(f, path, list))
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, item []byte) {
		if !json.Valid(item) {
			return // not JSON at all: the whole page is ErrMalformed, rightly, and no item's neighbours are at stake
		}
		if ok, _ := keepsNeighbours(t, list, seeds[0], item, seeds[len(seeds)-1], id); !ok {
			t.Fatalf("one odd item cost its neighbours: %s", item)
		}
	})
}

// oddShapes runs the seeds' mutations (a few thousand) as one test: as
// fuzz seeds each would be a subtest of its own, too slow for every run.
// published says whether a decoded item would be published, and whether
// its privacy hangs on the keys of privacyKeys at all (a plain feed's and
// a post's do not hang on meta).
func oddShapes[T any](t *testing.T, path, list string, id func(T) ID, published func(T, string) (public, depends bool)) {
	seeds := readable[T](seedItems(t, path, list))
	n := 0
	for _, s := range seeds {
		for _, m := range mutations(s) {
			n++
			ok, got := keepsNeighbours(t, list, seeds[0], m.item, seeds[len(seeds)-1], id)
			if !ok {
				t.Fatalf("one odd item cost its neighbours: %s", m.item)
			}
			if got != 3 && !ids[m.key] {
				t.Fatalf("an item was dropped for an odd %q (it should read as absent): %s", m.key, m.item)
			}
			var v T
			if !privacyKeys[m.key] || json.Unmarshal(m.item, &v) != nil {
				continue
			}
			if public, depends := published(v, m.key); public && depends && m.value != "false" {
				t.Fatalf("%s as %s made an item public: %s", m.key, m.value, m.item)
			}
		}
	}
	if n < 1000 {
		t.Errorf("only %d odd shapes tried", n)
	}
}

func subscriptionID(w wireSubscription) ID { return w.subscription().ID } // must not panic, whatever w holds
func postID(w wirePost) ID                 { return w.post().ID }

const (
	followingPath = "/rest/v1.2/read/following/mine?meta=site,feed&number=100"
	likedPath     = "/rest/v1.1/read/liked?meta=site&number=40"
)

func TestOddFollowingShapesKeepTheirNeighbours(t *testing.T) {
	oddShapes(t, followingPath, "subscriptions", subscriptionID, func(w wireSubscription, key string) (bool, bool) {
		s := w.subscription()
		return !s.Private, !s.IsFeed() // a plain feed is public whatever its meta says
	})
}

func TestOddLikedShapesKeepTheirNeighbours(t *testing.T) {
	oddShapes(t, likedPath, "posts", postID, func(w wirePost, key string) (bool, bool) {
		// Without meta.data.site, site_is_private alone decides.
		return !w.post().SitePrivate, key == "site_is_private" || key == "is_private"
	})
}

func FuzzFollowingItem(f *testing.F) { fuzzList(f, followingPath, "subscriptions", subscriptionID) }

func FuzzLikedItem(f *testing.F) { fuzzList(f, likedPath, "posts", postID) }

package widgets

import (
	"fmt"
	"time"

	"github.com/wpcom-widgets/service/clean"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom"
)

// Lists are one member's two lists as last fetched.
type Lists struct {
	Following []model.Item
	Liked     []model.Item
	// Asked is how many of each kind were requested, so a widget that wants
	// more knows the lists must be fetched again.
	AskedFollowing, AskedLiked int
	// PrivateFollowing and PrivateLiked count the followed sites and liked
	// posts left out because their sites are private (private.go).
	PrivateFollowing, PrivateLiked int
	Fetched                        time.Time
}

// All returns every item of kind k that was fetched.
func (l *Lists) All(k model.Kind) []model.Item {
	if k == model.Liked {
		return l.Liked
	}
	return l.Following
}

// Covers reports whether the lists were fetched with enough items for a
// widget showing n of kind k.
func (l *Lists) Covers(k model.Kind, n int) bool {
	if k == model.Liked {
		return l.AskedLiked >= n
	}
	return l.AskedFollowing >= n
}

const (
	maxSummaryRunes = 200
	maxTitleRunes   = 160
)

// FollowingItems cleans subscriptions into items. Private sites are left
// out (private.go): every item may be published.
func FollowingItems(subs []wpcom.Subscription) []model.Item {
	out := make([]model.Item, 0, len(subs))
	for _, s := range subs {
		if privateSite(s) {
			continue
		}
		it := model.Item{BlogID: int64(s.BlogID), FeedID: int64(s.FeedID), Date: s.Subscribed,
			URL: clean.URL(s.SiteURL), FeedURL: clean.URL(s.FeedURL), Image: clean.URL(s.Icon),
			Summary: clean.Excerpt(s.Description, maxSummaryRunes)}
		if it.URL == "" {
			it.URL = clean.URL(s.URL)
		}
		if it.FeedURL == "" && s.IsFeed() {
			it.FeedURL = clean.URL(s.URL)
		}
		if s.IsFeed() && (it.URL == it.FeedURL || it.URL == clean.URL(s.URL)) {
			// Known only by its feed: link to the site, not the XML file
			// (the OPML keeps the feed).
			it.URL = clean.Origin(it.URL)
		}
		it.Title = clean.Cut(clean.Title(s.Name), maxTitleRunes)
		if it.Title == "" {
			it.Title = clean.Host(it.URL)
		}
		if it.Title == "" {
			it.Title = "Untitled blog"
		}
		switch {
		case s.BlogID != 0:
			it.ID = fmt.Sprintf("blog:%d", s.BlogID)
		case s.FeedID != 0:
			it.ID = fmt.Sprintf("feed:%d", s.FeedID)
		default:
			it.ID = fmt.Sprintf("subscription:%d", s.ID)
		}
		it.SiteName, it.SiteURL = it.Title, it.URL
		out = append(out, it)
	}
	return out
}

// LikedItems cleans liked posts into items. Posts on private sites are
// left out (private.go): every item may be published.
func LikedItems(posts []wpcom.Post) []model.Item {
	out := make([]model.Item, 0, len(posts))
	for _, p := range posts {
		if privatePost(p) {
			continue
		}
		it := model.Item{ID: fmt.Sprintf("post:%d:%d", p.SiteID, p.ID), URL: clean.URL(p.URL), Image: postImage(p),
			Summary: clean.Excerpt(p.Excerpt, maxSummaryRunes), SiteURL: clean.URL(p.SiteURL),
			Author: clean.Text(p.Author.Name), Date: p.Liked, Posted: p.Date,
			BlogID: int64(p.SiteID), FeedID: int64(p.FeedID), PostID: int64(p.ID)}
		it.Title = clean.Cut(clean.Title(p.Title), maxTitleRunes)
		if it.Title == "" { // as the apps do: an untitled post shows its excerpt
			it.Title = clean.Cut(it.Summary, 80)
		}
		if it.Title == "" {
			it.Title = "Untitled post"
		}
		it.SiteName = clean.Cut(clean.Title(p.SiteName), maxTitleRunes)
		if it.SiteName == "" {
			it.SiteName = clean.Host(it.SiteURL)
		}
		out = append(out, it)
	}
	return out
}

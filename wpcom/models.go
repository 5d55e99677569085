package wpcom

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// Me is the connected member, from GET /rest/v1.1/me.
type Me struct {
	ID          ID
	Username    string
	DisplayName string
	AvatarURL   string
	ProfileURL  string
	Language    string
	// TokenScope is what the token may do; a widget token must hold "global".
	TokenScope []string
	// TokenSiteID is 0 for a global token (the wire says false).
	TokenSiteID ID
}

// HasGlobalScope reports whether the token that fetched m may read the
// member's following and liked lists.
func (m *Me) HasGlobalScope() bool { return slices.Contains(m.TokenScope, "global") }

// Subscription is one blog or feed the member follows, with the fallbacks
// already applied: Name is never empty, Icon is "" when the site has none.
type Subscription struct {
	ID     ID // the subscription itself
	BlogID ID // 0 for plain RSS feeds (blog_ID false or "0")
	FeedID ID
	// URL is the site or feed as subscribed (often http:// even for https sites).
	URL string
	// SiteURL is the site's home page when WordPress.com knows it, else URL.
	SiteURL     string
	FeedURL     string
	Name        string // as sent: may hold HTML entities
	Description string // as sent: may hold HTML entities
	Icon        string // "" when the site has no icon
	Subscribed  time.Time
	LastUpdated time.Time
	IsOwner     bool
	// Private is meta.data.site.is_private: only the site's members may
	// read it. WordPress.com reports false for Jetpack sites and plain feeds.
	// It is true too for a site WordPress.com said nothing about (no
	// meta.data.site): what is not known to be public is not published.
	Private bool
}

// IsFeed reports whether this is a plain RSS/Atom feed rather than a
// WordPress.com or Jetpack site.
// A subscription with neither id is neither: nothing is known of it.
func (s *Subscription) IsFeed() bool { return s.BlogID == 0 && s.FeedID != 0 }

// Author is a liked post's author.
type Author struct {
	ID         ID
	Login      string
	Name       string
	URL        string
	AvatarURL  string
	ProfileURL string
}

// Media is a post's featured_media: an image or a video.
type Media struct {
	URI    string
	Type   string // "image" or "video"
	Width  int
	Height int
}

// Post is one post the member liked. Title, Excerpt and Content are HTML as
// WordPress.com sent it; SiteName is never empty.
type Post struct {
	ID       ID
	SiteID   ID
	FeedID   ID
	GlobalID string
	URL      string
	ShortURL string
	Title    string
	Excerpt  string
	Content  string
	Date     time.Time
	Modified time.Time
	Liked    time.Time // date_liked: when the member liked it
	Author   Author
	SiteName string
	SiteURL  string
	// The image candidates, in the order the WordPress apps try them.
	FeaturedImage string // "" when none
	FeaturedMedia *Media // nil when none
	Thumbnail     string // post_thumbnail.URL; "" when null
	IsExternal    bool
	// SitePrivate: the post is on a private site (site_is_private, or
	// meta.data.site.is_private), or neither was sent.
	SitePrivate bool
}

// hostOf is the fallback name for a site WordPress.com gave no name: the
// URL's host without "www.", or the URL itself when it does not parse.
func hostOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.TrimSpace(raw)
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// originOf is scheme://host of a URL, the best guess at a site's home page
// when only a post's permalink is known; "" when raw has no host.
func originOf(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host + "/"
}

// firstNonBlank returns the first argument that is not empty or spaces.
func firstNonBlank(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

package wpcomtest

import "time"

// Member is a WordPress.com user: who they are, the blogs they follow and the
// posts they like, both newest first.
type Member struct {
	ID             int64
	Username       string
	DisplayName    string
	Email          string
	PrimaryBlogID  int64
	PrimaryBlogURL string
	Joined         time.Time
	Language       string // /me's language; "" is "en"
	Follows        []Follow
	Likes          []Like
	// StaleTotal is added to total_subscriptions, as a count WordPress.com
	// has not caught up with.
	StaleTotal int
}

// Shape is how a subscription looks on the wire; WordPress.com's answer has
// changed over the years and plain feeds look different from sites.
type Shape int

const (
	// Current (2024): name and site_icon at the top, plus meta.data.site.
	Current Shape = iota
	// Old (2018): no top-level name or site_icon; the name only in meta.data.site.
	Old
	// FeedFalse: a plain RSS feed, blog_ID false, no site data at all.
	FeedFalse
	// FeedZero: a plain RSS feed, blog_ID "0" (as in Jetpack's pasted sample).
	FeedZero
)

// Site is a WordPress.com or Jetpack site, or a plain feed (ID 0).
type Site struct {
	ID          int64
	FeedID      int64
	Name        string // may hold entities or markup, like the real thing
	Description string
	URL         string
	FeedURL     string
	Icon        string // "" when the site has no icon
	Lang        string
	Jetpack     bool
	Private     bool
	// Plain feeds (ID 0) only: the feed's home page and image as
	// meta.data.feed carries them. Home "" is sent as null, as WordPress.com
	// now and then does; the image URL is sent HTML-escaped ("&amp;").
	Home, Image string
}

// Follow is one subscription.
type Follow struct {
	SubID      int64
	Site       *Site
	Subscribed time.Time
	Shape      Shape
	// NoName drops the top-level name even in the Current shape ("name":"").
	NoName bool
	// Odd sends the item in the odd shapes real answers have (odd.go).
	Odd Odd
}

// Post is a post somewhere on WordPress.com or a followed feed.
type Post struct {
	ID            int64
	Site          *Site
	Title         string // HTML: entities and tags as authors wrote them
	Content       string
	Excerpt       string
	URL           string
	Date          time.Time // with the site's offset
	Author        Author
	FeaturedImage string         // "" when none
	FeaturedMedia map[string]any // {} when none
	Thumbnail     string         // post_thumbnail.URL; "" means null
	External      bool
	// SiteNameMissing sends "site_name":"" so only meta.data.site names the site.
	SiteNameMissing bool
	// Odd sends the post in the odd shapes real answers have (odd.go).
	Odd Odd
}

// Author wrote a post.
type Author struct {
	ID    int64
	Login string
	Name  string
	URL   string
}

// Like is a post the member liked, and when.
type Like struct {
	Post  *Post
	Liked time.Time
}

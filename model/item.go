package model

import "time"

// Item is one entry a widget shows: a followed blog or a liked post. Every
// string is clean: plain text, or an http(s) URL, or "".
type Item struct {
	// ID is stable across refreshes: "blog:<id>", "feed:<id>" or
	// "post:<site>:<post>".
	ID      string
	Title   string // the blog's name, or the post's title (its excerpt when untitled)
	URL     string // the blog's home page, or the post's permalink
	Image   string // the blog's icon, or the post's picture; "" for the placeholder
	Summary string // the blog's description, or the post's excerpt
	// SiteName and SiteURL name where a liked post lives ("on Site").
	SiteName string
	SiteURL  string
	FeedURL  string    // followed blogs: their feed, for OPML
	Author   string    // liked posts
	Date     time.Time // when followed, or when liked
	Posted   time.Time // liked posts: when published
	// WordPress.com's own ids, for the JSON Feed's _wpcom extension.
	BlogID, FeedID, PostID int64
}

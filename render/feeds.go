package render

import (
	"html"
	"time"

	"github.com/gorilla/feeds"
)

// Atom 1.0 and RSS 2.0: the widget's items for the readers that take no
// JSON Feed (WordPress's RSS block, SimplePie, feedparser, newsboat), made
// by gorilla/feeds. Ids are the JSON Feed's, so a reader that moves from
// one to the other sees the same items; each is dated by when it entered
// the member's list (the day they liked the post, or followed the blog),
// which is what a reader sorts a blogroll or a reading list by.

// feed is the widget's items in gorilla/feeds' shape.
func (w Drawing) feed() *feeds.Feed {
	// Atom needs an author on the feed or on every entry, and a followed
	// blog has none: the feed's is this service, which keeps the list.
	f := &feeds.Feed{Title: w.ShownTitle(), Link: &feeds.Link{Href: w.PageURL()}, Id: w.PageURL(), Description: w.feedDescription(),
		Author: &feeds.Author{Name: ProviderName}}
	for _, it := range w.Items {
		if it.Date.After(f.Updated) {
			f.Updated = it.Date
		}
	}
	if f.Updated.IsZero() { // no items, or none dated: the widget's own last change
		f.Updated = w.Widget.UpdatedAt
	}
	if f.Updated.IsZero() {
		f.Updated = time.Unix(0, 0)
	}
	f.Updated = f.Updated.UTC()
	for _, it := range w.Items {
		// A description is HTML to readers (gorilla/feeds marks Atom's
		// summary type="html"): ours is plain text, escaped to stay so.
		fi := &feeds.Item{Title: it.Title, Description: html.EscapeString(it.Summary), Id: FeedIDPrefix + it.ID, IsPermaLink: "false",
			Created: it.Date.UTC(), Updated: it.Date.UTC()}
		if it.Date.IsZero() { // Atom needs a date on every entry
			fi.Created, fi.Updated = f.Updated, f.Updated
		}
		// An item WordPress.com gave no safe address for links to the
		// widget's page: with no link at all, readers take the id for one
		// (feedparser does, in Atom), and "wpcom:…" opens nothing.
		fi.Link = &feeds.Link{Href: it.URL}
		if it.URL == "" {
			fi.Link.Href = w.PageURL()
		}
		if it.Author != "" {
			fi.Author = &feeds.Author{Name: it.Author}
		}
		f.Items = append(f.Items, fi)
	}
	return f
}

// feedDescription says what the feeds hold.
func (w Drawing) feedDescription() string {
	if w.Liked() {
		return "Posts recently liked on WordPress.com"
	}
	return "Blogs followed on WordPress.com"
}

// Atom is the widget's items as an Atom 1.0 feed.
func (w Drawing) Atom() *Output {
	s, err := w.feed().ToAtom()
	if err != nil { // plain strings and times: cannot happen
		s = ""
	}
	return NewOutput("application/atom+xml; charset=utf-8", []byte(s))
}

// RSS is the widget's items as an RSS 2.0 feed.
func (w Drawing) RSS() *Output {
	s, err := w.feed().ToRss()
	if err != nil {
		s = ""
	}
	return NewOutput("application/rss+xml; charset=utf-8", []byte(s))
}

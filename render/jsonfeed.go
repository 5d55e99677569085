package render

import (
	"encoding/json"
	"time"
)

// jsonFeed is JSON Feed 1.1 (version first, as the spec asks).
type jsonFeed struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description"`
	Items       []jsonFeedItem `json:"items"`
	// About says, in the feed itself, that its images are the originals.
	About *feedAbout `json:"_wpcom_widgets,omitempty"`
}

// feedAbout is the _wpcom_widgets extension: notes on this feed.
type feedAbout struct {
	Images string `json:"images"`
}

// imagesNote: a feed reader fetches pictures for its own user, so the
// feed keeps the URLs WordPress.com gave (the widget's pages show them
// through the service's image path instead).
const imagesNote = "Item images are the original URLs from WordPress.com, fetched by your reader itself; the widget shows them from this service."

type jsonFeedItem struct {
	ID            string        `json:"id"`
	URL           string        `json:"url,omitempty"`
	Title         string        `json:"title"`
	ContentText   string        `json:"content_text"`
	Summary       string        `json:"summary,omitempty"`
	Image         string        `json:"image,omitempty"`
	DatePublished string        `json:"date_published,omitempty"`
	Authors       []feedAuthor  `json:"authors,omitempty"`
	WPCOM         wpcomExtended `json:"_wpcom"`
}

type feedAuthor struct {
	Name string `json:"name"`
}

// wpcomExtended is the _wpcom extension: WordPress.com's own ids and dates.
type wpcomExtended struct {
	Kind       string `json:"kind"`
	BlogID     int64  `json:"blog_id,omitempty"`
	FeedID     int64  `json:"feed_id,omitempty"`
	PostID     int64  `json:"post_id,omitempty"`
	SiteName   string `json:"site_name,omitempty"`
	SiteURL    string `json:"site_url,omitempty"`
	FeedURL    string `json:"feed_url,omitempty"`
	FollowedAt string `json:"followed_at,omitempty"`
	LikedAt    string `json:"liked_at,omitempty"`
	PostedAt   string `json:"posted_at,omitempty"` // a liked post: when it was published
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// FeedIDPrefix starts every item's id in the JSON Feed: "wpcom:" and the
// item's model.Item.ID. Owners name items by it (hiding, pinning).
const FeedIDPrefix = "wpcom:"

// JSONFeed is the widget's items as JSON Feed 1.1.
func (w Drawing) JSONFeed() *Output {
	f := jsonFeed{Version: "https://jsonfeed.org/version/1.1", Title: w.ShownTitle(), HomePageURL: w.PageURL(),
		FeedURL: w.PageURL() + ".json", Items: []jsonFeedItem{}}
	if w.ProxyImages {
		f.About = &feedAbout{Images: imagesNote}
	}
	f.Description = w.feedDescription()
	for _, it := range w.Items {
		fi := jsonFeedItem{ID: FeedIDPrefix + it.ID, URL: it.URL, Title: it.Title, ContentText: it.Summary,
			Summary: it.Summary, Image: it.Image,
			WPCOM: wpcomExtended{Kind: string(w.Kind), BlogID: it.BlogID, FeedID: it.FeedID, PostID: it.PostID,
				SiteName: it.SiteName, SiteURL: it.SiteURL, FeedURL: it.FeedURL}}
		if fi.ContentText == "" {
			fi.ContentText = it.Title // content_text or content_html is required
		}
		// Dated by when it entered the member's list, as the Atom and RSS
		// feeds are: a post liked today is news today, whenever it was
		// written (that date is in _wpcom.posted_at).
		fi.DatePublished = rfc3339(it.Date)
		if w.Liked() {
			fi.WPCOM.LikedAt, fi.WPCOM.PostedAt = rfc3339(it.Date), rfc3339(it.Posted)
			if it.Author != "" {
				fi.Authors = []feedAuthor{{Name: it.Author}}
			}
		} else {
			fi.WPCOM.FollowedAt = rfc3339(it.Date)
		}
		f.Items = append(f.Items, fi)
	}
	b, _ := json.MarshalIndent(f, "", "  ")
	return NewOutput("application/feed+json; charset=utf-8", append(b, '\n'))
}

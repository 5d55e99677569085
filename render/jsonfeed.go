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
	// About is the widget: its kind, language and display options, and,
	// when the widget serves its own pictures, a note that the feed's
	// images are the originals.
	About feedAbout `json:"_wpcom_widgets"`
}

// feedAbout is the _wpcom_widgets extension: the widget itself, for
// those who draw it from its feed (the WordPress plugin): what it shows
// and how, in the owner's words, and a note on its images.
type feedAbout struct {
	Kind    string      `json:"kind"`
	Lang    string      `json:"lang"`
	Display feedDisplay `json:"display"`
	Images  string      `json:"images,omitempty"`
}

// feedDisplay is the owner's display options (model.Display).
type feedDisplay struct {
	ShowTitle    bool `json:"show_title"`
	ShowImages   bool `json:"show_images"`
	ShowMeta     bool `json:"show_meta"`
	ShowExcerpts bool `json:"show_excerpts"`
	NewTab       bool `json:"new_tab"`
	TitleLines   int  `json:"title_lines"`
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
	// Picture is the picture the widget shows, from this service (the
	// item's image is WordPress.com's original).
	Picture  string `json:"picture,omitempty"`
	LikedAt  string `json:"liked_at,omitempty"`
	PostedAt string `json:"posted_at,omitempty"` // a liked post: when it was published
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
	d := w.Display
	f.About = feedAbout{Kind: string(w.Kind), Lang: w.Lang, Display: feedDisplay{ShowTitle: d.ShowTitle, ShowImages: d.ShowImages,
		ShowMeta: d.ShowMeta, ShowExcerpts: d.ShowExcerpts, NewTab: d.NewTab, TitleLines: d.TitleLines}}
	if w.ProxyImages {
		f.About.Images = imagesNote
	}
	f.Description = w.feedDescription()
	for _, it := range w.Items {
		fi := jsonFeedItem{ID: FeedIDPrefix + it.ID, URL: it.URL, Title: it.Title, ContentText: it.Summary,
			Summary: it.Summary, Image: it.Image,
			WPCOM: wpcomExtended{Kind: string(w.Kind), BlogID: it.BlogID, FeedID: it.FeedID, PostID: it.PostID,
				SiteName: it.SiteName, SiteURL: it.SiteURL, FeedURL: it.FeedURL}}
		if w.ProxyImages && it.Image != "" {
			fi.WPCOM.Picture = w.imageSrc(it.Image)
		}
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

package wpcom

import (
	"encoding/json"
	"html"
	"strings"
)

// The wire types mirror WordPress.com's JSON. Only the fields the service
// uses are declared; everything else is ignored. Every declared field that
// is not an id is lenient (lenient.go): of an unexpected shape, it is
// absent. Lists arrive as raw items and are decoded one by one (items.go),
// so an item that still cannot be read is skipped, never the page.

type wireMe struct {
	ID          ID              `json:"ID"`
	DisplayName text            `json:"display_name"`
	Username    text            `json:"username"`
	AvatarURL   text            `json:"avatar_URL"`
	ProfileURL  text            `json:"profile_URL"`
	Language    text            `json:"language"`
	TokenSiteID ID              `json:"token_site_id"`
	TokenScope  json.RawMessage `json:"token_scope"`
}

type wireFollowing struct {
	Subscriptions items `json:"subscriptions"`
	Page          count `json:"page"`
	Number        count `json:"number"`
	Total         count `json:"total_subscriptions"`
}

type wireSubscription struct {
	ID          ID               `json:"ID"`
	BlogID      ID               `json:"blog_ID"`
	FeedID      ID               `json:"feed_ID"`
	URL         text             `json:"URL"`
	Subscribed  Time             `json:"date_subscribed"`
	LastUpdated Time             `json:"last_updated"`
	Name        text             `json:"name"`
	SiteIcon    text             `json:"site_icon"`
	IsOwner     flag             `json:"is_owner"`
	Meta        object[wireMeta] `json:"meta"`
}

type wireMeta struct {
	Data object[wireMetaData] `json:"data"`
}

type wireMetaData struct {
	Site object[wireSite] `json:"site"`
	Feed object[wireFeed] `json:"feed"`
}

type wireSite struct {
	ID          ID               `json:"ID"`
	Name        text             `json:"name"`
	Description text             `json:"description"`
	URL         text             `json:"URL"`
	FeedURL     text             `json:"feed_URL"`
	IsPrivate   privacy          `json:"is_private"`
	Icon        object[wireIcon] `json:"icon"`
}

type wireIcon struct {
	Img text `json:"img"`
	Ico text `json:"ico"`
}

// wireFeed is meta.data.feed: how WordPress.com's Reader knows a feed. For
// a plain RSS follow it is the only place with the feed's name, home page
// and image.
type wireFeed struct {
	Name        text `json:"name"`
	URL         text `json:"URL"` // the feed's home page; null now and then
	FeedURL     text `json:"feed_URL"`
	Image       text `json:"image"`
	Description text `json:"description"`
}

type wireLiked struct {
	Posts  items `json:"posts"`
	Number count `json:"number"`
	// date_range is {"before","after"}, or [] (an empty PHP array) when the
	// page is empty; decode it with afterBound.
	DateRange json.RawMessage `json:"date_range"`
}

type wirePost struct {
	ID            ID                    `json:"ID"`
	SiteID        ID                    `json:"site_ID"`
	FeedID        ID                    `json:"feed_ID"`
	GlobalID      text                  `json:"global_ID"`
	Liked         Time                  `json:"date_liked"`
	Date          Time                  `json:"date"`
	Modified      Time                  `json:"modified"`
	Title         text                  `json:"title"`
	URL           text                  `json:"URL"`
	ShortURL      text                  `json:"short_URL"`
	Content       text                  `json:"content"`
	Excerpt       text                  `json:"excerpt"`
	Author        object[wireAuthor]    `json:"author"`
	FeaturedImage text                  `json:"featured_image"`
	FeaturedMedia object[wireMedia]     `json:"featured_media"`
	PostThumbnail object[wireThumbnail] `json:"post_thumbnail"`
	SiteName      text                  `json:"site_name"`
	SiteURL       text                  `json:"site_URL"`
	SitePrivate   privacy               `json:"site_is_private"`
	IsExternal    flag                  `json:"is_external"`
	Meta          object[wirePostMeta]  `json:"meta"`
}

type wireAuthor struct {
	ID         ID   `json:"ID"`
	Login      text `json:"login"`
	Name       text `json:"name"`
	URL        text `json:"URL"`
	AvatarURL  text `json:"avatar_URL"`
	ProfileURL text `json:"profile_URL"`
}

type wireMedia struct {
	URI    text  `json:"uri"`
	Type   text  `json:"type"`
	Width  count `json:"width"`
	Height count `json:"height"`
}

type wireThumbnail struct {
	URL text `json:"URL"`
}

type wirePostMeta struct {
	Data object[struct {
		Site object[wireSite] `json:"site"`
	}] `json:"data"`
}

func (w *wireMe) me() *Me {
	m := &Me{
		ID: w.ID, Username: string(w.Username), DisplayName: firstNonBlank(string(w.DisplayName), string(w.Username)),
		AvatarURL: string(w.AvatarURL), ProfileURL: string(w.ProfileURL), Language: string(w.Language), TokenSiteID: w.TokenSiteID,
	}
	// token_scope is an array of strings; tolerate a lone string too.
	if err := json.Unmarshal(w.TokenScope, &m.TokenScope); err != nil {
		var one string
		if json.Unmarshal(w.TokenScope, &one) == nil && one != "" {
			m.TokenScope = []string{one}
		}
	}
	return m
}

// site and feed are meta.data.site and meta.data.feed, or nil.
func (w *wireSubscription) site() *wireSite {
	if m := w.Meta.get(); m != nil {
		if d := m.Data.get(); d != nil {
			return d.Site.get()
		}
	}
	return nil
}

func (w *wireSubscription) feed() *wireFeed {
	if m := w.Meta.get(); m != nil {
		if d := m.Data.get(); d != nil {
			return d.Feed.get()
		}
	}
	return nil
}

func (w *wireSubscription) subscription() Subscription {
	s := Subscription{
		ID: w.ID, BlogID: w.BlogID, FeedID: w.FeedID, URL: string(w.URL), SiteURL: string(w.URL),
		Subscribed: w.Subscribed.Time, LastUpdated: w.LastUpdated.Time, IsOwner: bool(w.IsOwner),
	}
	var siteName, feedName, siteIcon, feedImage, feedHome string
	if site := w.site(); site != nil {
		siteName, s.Description = string(site.Name), string(site.Description)
		s.SiteURL = firstNonBlank(string(site.URL), s.URL)
		s.FeedURL = string(site.FeedURL)
		s.Private = !site.IsPrivate.public()
		if icon := site.Icon.get(); icon != nil {
			siteIcon = firstNonBlank(string(icon.Img), string(icon.Ico))
		}
	}
	if feed := w.feed(); feed != nil {
		feedName, feedHome = string(feed.Name), string(feed.URL)
		// The image URL arrives HTML-escaped ("?s=96&amp;d=…").
		feedImage = html.UnescapeString(strings.TrimSpace(string(feed.Image)))
		s.Description = firstNonBlank(s.Description, string(feed.Description))
		s.FeedURL = firstNonBlank(s.FeedURL, string(feed.FeedURL))
	}
	if !s.IsFeed() && w.site() == nil {
		// A site WordPress.com told us nothing about (meta.data.site false,
		// [] or missing although asked for): not known to be public, so it
		// is not published. Plain feeds are public by nature.
		s.Private = true
	}
	if s.IsFeed() {
		// A plain feed: the item's URL is what was subscribed (often the XML
		// file); the feed's own URL is its home page when WordPress.com
		// knows it (the iOS app falls back to the item's when it is null).
		s.FeedURL = firstNonBlank(s.FeedURL, s.URL)
		s.SiteURL = firstNonBlank(feedHome, s.URL)
	}
	// Newer answers carry name and site_icon at the top; older ones only
	// inside meta.data; plain feeds only in meta.data.feed.
	s.Name = firstNonBlank(string(w.Name), siteName, feedName, hostOf(s.SiteURL))
	s.Icon = firstNonBlank(string(w.SiteIcon), siteIcon, feedImage)
	return s
}

func (w *wirePost) post() Post {
	p := Post{
		ID: w.ID, SiteID: w.SiteID, FeedID: w.FeedID, GlobalID: string(w.GlobalID),
		URL: string(w.URL), ShortURL: string(w.ShortURL), Title: string(w.Title), Excerpt: string(w.Excerpt), Content: string(w.Content),
		Date: w.Date.Time, Modified: w.Modified.Time, Liked: w.Liked.Time,
		FeaturedImage: string(w.FeaturedImage), SiteURL: string(w.SiteURL),
		IsExternal: bool(w.IsExternal),
	}
	// Public only when site_is_private says so and meta.data.site, when
	// sent, does too (iOS lets the site's flag override site_is_private;
	// here neither can make a post public on its own).
	p.SitePrivate = !w.SitePrivate.public()
	if a := w.Author.get(); a != nil {
		p.Author = Author{ID: a.ID, Login: string(a.Login), Name: string(a.Name), URL: string(a.URL),
			AvatarURL: string(a.AvatarURL), ProfileURL: string(a.ProfileURL)}
	}
	// featured_media is {} (or []) when there is none.
	if m := w.FeaturedMedia.get(); m != nil && m.URI != "" {
		p.FeaturedMedia = &Media{URI: string(m.URI), Type: string(m.Type), Width: int(m.Width), Height: int(m.Height)}
	}
	if t := w.PostThumbnail.get(); t != nil {
		p.Thumbnail = string(t.URL)
	}
	var siteName string
	if m := w.Meta.get(); m != nil {
		if d := m.Data.get(); d != nil {
			if site := d.Site.get(); site != nil {
				siteName = string(site.Name)
				p.SiteURL = firstNonBlank(p.SiteURL, string(site.URL))
				p.SitePrivate = p.SitePrivate || !site.IsPrivate.public()
			}
		}
	}
	p.SiteURL = firstNonBlank(p.SiteURL, originOf(p.URL))
	p.SiteName = firstNonBlank(string(w.SiteName), siteName, hostOf(p.SiteURL))
	return p
}

// afterBound returns date_range.after exactly as sent, or "" when the range
// is [], absent, or not a time.
func (w *wireLiked) afterBound() string {
	var r struct {
		After json.RawMessage `json:"after"`
	}
	if json.Unmarshal(w.DateRange, &r) != nil {
		return ""
	}
	var s string
	if json.Unmarshal(r.After, &s) != nil {
		return ""
	}
	if _, err := ParseTime(s); err != nil || s == "" {
		return ""
	}
	return s
}

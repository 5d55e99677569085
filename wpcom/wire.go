package wpcom

import "encoding/json"

// The wire types mirror WordPress.com's JSON. Only the fields the service
// uses are declared; everything else is ignored. Fields whose type varies on
// the wire (logo.sizes, header_image, attachments, tags) are not declared at
// all, so their odd shapes ([] for an empty PHP array) cannot break decoding.

type wireMe struct {
	ID          ID              `json:"ID"`
	DisplayName string          `json:"display_name"`
	Username    string          `json:"username"`
	AvatarURL   string          `json:"avatar_URL"`
	ProfileURL  string          `json:"profile_URL"`
	Language    string          `json:"language"`
	TokenSiteID ID              `json:"token_site_id"`
	TokenScope  json.RawMessage `json:"token_scope"`
}

type wireFollowing struct {
	Subscriptions []wireSubscription `json:"subscriptions"`
	Page          int                `json:"page"`
	Number        int                `json:"number"`
	Total         int                `json:"total_subscriptions"`
}

type wireSubscription struct {
	ID          ID     `json:"ID"`
	BlogID      ID     `json:"blog_ID"`
	FeedID      ID     `json:"feed_ID"`
	URL         string `json:"URL"`
	Subscribed  Time   `json:"date_subscribed"`
	LastUpdated Time   `json:"last_updated"`
	Name        string `json:"name"`
	SiteIcon    string `json:"site_icon"`
	IsOwner     bool   `json:"is_owner"`
	Meta        struct {
		Data struct {
			Site *wireSite `json:"site"`
			Feed *wireFeed `json:"feed"`
		} `json:"data"`
	} `json:"meta"`
}

type wireSite struct {
	ID          ID     `json:"ID"`
	Name        string `json:"name"`
	Description string `json:"description"`
	URL         string `json:"URL"`
	FeedURL     string `json:"feed_URL"`
	IsPrivate   bool   `json:"is_private"`
	Icon        *struct {
		Img string `json:"img"`
		Ico string `json:"ico"`
	} `json:"icon"`
}

type wireFeed struct {
	Name        string `json:"name"`
	URL         string `json:"URL"`
	FeedURL     string `json:"feed_URL"`
	Image       string `json:"image"`
	Description string `json:"description"`
}

type wireLiked struct {
	Posts  []wirePost `json:"posts"`
	Number int        `json:"number"`
	// date_range is {"before","after"}, or [] (an empty PHP array) when the
	// page is empty; decode it with afterBound.
	DateRange json.RawMessage `json:"date_range"`
}

type wirePost struct {
	ID       ID     `json:"ID"`
	SiteID   ID     `json:"site_ID"`
	FeedID   ID     `json:"feed_ID"`
	GlobalID string `json:"global_ID"`
	Liked    Time   `json:"date_liked"`
	Date     Time   `json:"date"`
	Modified Time   `json:"modified"`
	Title    string `json:"title"`
	URL      string `json:"URL"`
	ShortURL string `json:"short_URL"`
	Content  string `json:"content"`
	Excerpt  string `json:"excerpt"`
	Author   *struct {
		ID         ID     `json:"ID"`
		Login      string `json:"login"`
		Name       string `json:"name"`
		URL        string `json:"URL"`
		AvatarURL  string `json:"avatar_URL"`
		ProfileURL string `json:"profile_URL"`
	} `json:"author"`
	FeaturedImage string `json:"featured_image"`
	FeaturedMedia *struct {
		URI    string `json:"uri"`
		Type   string `json:"type"`
		Width  int    `json:"width"`
		Height int    `json:"height"`
	} `json:"featured_media"`
	PostThumbnail *struct {
		URL string `json:"URL"`
	} `json:"post_thumbnail"`
	SiteName    string `json:"site_name"`
	SiteURL     string `json:"site_URL"`
	SitePrivate bool   `json:"site_is_private"`
	IsExternal  bool   `json:"is_external"`
	Meta        struct {
		Data struct {
			Site *wireSite `json:"site"`
		} `json:"data"`
	} `json:"meta"`
}

func (w *wireMe) me() *Me {
	m := &Me{
		ID: w.ID, Username: w.Username, DisplayName: firstNonBlank(w.DisplayName, w.Username),
		AvatarURL: w.AvatarURL, ProfileURL: w.ProfileURL, Language: w.Language, TokenSiteID: w.TokenSiteID,
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

func (w *wireSubscription) subscription() Subscription {
	s := Subscription{
		ID: w.ID, BlogID: w.BlogID, FeedID: w.FeedID, URL: w.URL, SiteURL: w.URL,
		Subscribed: w.Subscribed.Time, LastUpdated: w.LastUpdated.Time, IsOwner: w.IsOwner,
	}
	var siteName, feedName, siteIcon, feedImage string
	if site := w.Meta.Data.Site; site != nil {
		siteName, s.Description = site.Name, site.Description
		s.SiteURL = firstNonBlank(site.URL, w.URL)
		s.FeedURL = site.FeedURL
		s.Private = site.IsPrivate
		if site.Icon != nil {
			siteIcon = firstNonBlank(site.Icon.Img, site.Icon.Ico)
		}
	}
	if feed := w.Meta.Data.Feed; feed != nil {
		feedName, feedImage = feed.Name, feed.Image
		s.Description = firstNonBlank(s.Description, feed.Description)
		s.FeedURL = firstNonBlank(s.FeedURL, feed.FeedURL)
	}
	// Newer answers carry name and site_icon at the top; older ones only
	// inside meta.data; plain feeds may carry neither.
	s.Name = firstNonBlank(w.Name, siteName, feedName, hostOf(s.SiteURL))
	s.Icon = firstNonBlank(w.SiteIcon, siteIcon, feedImage)
	return s
}

func (w *wirePost) post() Post {
	p := Post{
		ID: w.ID, SiteID: w.SiteID, FeedID: w.FeedID, GlobalID: w.GlobalID,
		URL: w.URL, ShortURL: w.ShortURL, Title: w.Title, Excerpt: w.Excerpt, Content: w.Content,
		Date: w.Date.Time, Modified: w.Modified.Time, Liked: w.Liked.Time,
		FeaturedImage: w.FeaturedImage, SiteURL: w.SiteURL,
		IsExternal: w.IsExternal, SitePrivate: w.SitePrivate,
	}
	if a := w.Author; a != nil {
		p.Author = Author{ID: a.ID, Login: a.Login, Name: a.Name, URL: a.URL, AvatarURL: a.AvatarURL, ProfileURL: a.ProfileURL}
	}
	// featured_media is {} when there is none.
	if m := w.FeaturedMedia; m != nil && m.URI != "" {
		p.FeaturedMedia = &Media{URI: m.URI, Type: m.Type, Width: m.Width, Height: m.Height}
	}
	if t := w.PostThumbnail; t != nil {
		p.Thumbnail = t.URL
	}
	var siteName string
	if site := w.Meta.Data.Site; site != nil {
		siteName = site.Name
		p.SiteURL = firstNonBlank(p.SiteURL, site.URL)
		// Either flag makes the post private (iOS lets the site's flag
		// override site_is_private; here neither can make it public).
		p.SitePrivate = p.SitePrivate || site.IsPrivate
	}
	p.SiteURL = firstNonBlank(p.SiteURL, originOf(w.URL))
	p.SiteName = firstNonBlank(w.SiteName, siteName, hostOf(p.SiteURL))
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

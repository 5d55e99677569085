package wpcomtest

import (
	"net/http"
	"strings"
)

// Page sizes for read/following/mine. No maximum is documented; Calypso's
// subscription manager says "The server caps each page at 100 rows".
const (
	followingDefaultNumber = 20
	followingMaxNumber     = 100
)

func (s *Simulator) following(w http.ResponseWriter, r *http.Request, g *grant) {
	q := r.URL.Query()
	page := max(atoiOr(q.Get("page"), 1), 1)
	number := atoiOr(q.Get("number"), 0)
	if number < 1 {
		number = followingDefaultNumber
	}
	number = min(number, followingMaxNumber)
	meta := metaSet(q.Get("meta"))

	s.mu.Lock()
	follows := g.member.Follows
	start := min((page-1)*number, len(follows))
	end := min(start+number, len(follows))
	total := len(follows) + g.member.StaleTotal
	items := make([]any, 0, end-start)
	// A follow made while the client pages shifts the pages: the last item
	// of the page before comes again (Odd Repeated).
	for _, f := range follows[max(start-number, 0):start] {
		if f.Odd.has(Repeated) && !f.Odd.has(Gone) {
			items = append(items, s.subscriptionJSON(f, meta))
		}
	}
	for _, f := range follows[start:end] {
		if f.Odd.has(Gone) {
			continue // deleted or suspended: counted, never sent
		}
		if f.Odd.has(NullBefore) {
			items = append(items, nil)
		}
		items = append(items, s.subscriptionJSON(f, meta))
		if f.Odd.has(Repeated) && end == len(follows) {
			items = append(items, s.subscriptionJSON(f, meta))
		}
	}
	s.mu.Unlock()

	writeJSON(w, http.StatusOK, map[string]any{
		"subscriptions": items, "page": page, "number": len(items), "total_subscriptions": total,
	})
}

func metaSet(v string) map[string]bool {
	m := map[string]bool{}
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			m[p] = true
		}
	}
	return m
}

func (s *Simulator) subscriptionJSON(f Follow, meta map[string]bool) map[string]any {
	site := f.Site
	links := map[string]any{"feed": linkBase + "/rest/v1.1/read/feed/" + itoa(site.FeedID)}
	item := map[string]any{
		"ID": itoa(f.SubID), "feed_ID": itoa(site.FeedID), "URL": site.URL,
		"date_subscribed": wpTime(f.Subscribed), "is_owner": false,
		"delivery_methods": map[string]any{"notification": map[string]any{"send_posts": false}},
	}
	switch f.Shape {
	case FeedFalse:
		item["blog_ID"] = false
	case FeedZero:
		item["blog_ID"] = "0"
	default:
		item["blog_ID"] = itoa(site.ID)
		links["site"] = linkBase + "/rest/v1.2/read/sites/" + itoa(site.ID)
		item["delivery_methods"] = map[string]any{
			"email": map[string]any{"send_posts": false, "send_comments": false,
				"post_delivery_frequency": "instantly", "date_subscribed": f.Subscribed.UTC().Format("2006-01-02 15:04:05")},
			"notification": map[string]any{"send_posts": false},
		}
	}
	if f.Shape == Current {
		item["name"] = site.Name
		if f.NoName {
			item["name"] = ""
		}
		if site.Icon != "" {
			item["site_icon"] = s.img(site.Icon)
		}
		item["organization_id"], item["unseen_count"] = 0, 0
		item["last_updated"] = wpTime(f.Subscribed.AddDate(0, 0, 3))
		item["is_wpforteams_site"], item["is_paid_subscription"], item["is_rss"], item["is_gift"] = false, false, false, false
	}
	data := map[string]any{}
	if meta["site"] && site.ID != 0 && (f.Shape == Current || f.Shape == Old) {
		site := s.siteJSON(site)
		if f.Odd.has(IconArray) {
			site["icon"] = []any{}
		}
		data["site"] = site
		if f.Odd.has(SiteFalse) {
			data["site"] = false
		}
		if f.Odd.has(SiteError) {
			data["site"] = map[string]any{"error": "unauthorized", "message": "User cannot access this private blog."}
		}
	}
	if meta["feed"] {
		data["feed"] = s.feedJSON(site)
	}
	metaObj := map[string]any{"links": links}
	if len(data) > 0 {
		metaObj["data"] = data
	}
	item["meta"] = metaObj
	if f.Odd.has(MetaArray) {
		item["meta"] = []any{}
	}
	if f.Odd.has(Unreadable) {
		item["ID"] = true
	}
	return item
}

// siteJSON is meta.data.site. logo.sizes is [] (an empty PHP array) and
// header_image false, as on the wire; icon is absent when there is none.
func (s *Simulator) siteJSON(site *Site) map[string]any {
	v := map[string]any{
		"ID": site.ID, "name": site.Name, "description": site.Description, "URL": site.URL,
		"jetpack": site.Jetpack, "post_count": 120, "subscribers_count": 345, "lang": orDefault(site.Lang, "en"),
		"logo": map[string]any{"id": 0, "sizes": []any{}, "url": ""}, "visible": true,
		"is_private": site.Private, "is_following": true, "feed_ID": site.FeedID, "feed_URL": site.FeedURL,
		"header_image": false, "is_blocked": false,
	}
	if site.Icon != "" {
		v["icon"] = map[string]any{"img": s.img(site.Icon), "ico": s.img(site.Icon)}
	}
	return v
}

// feedJSON is meta.data.feed: ids as strings, the feed's home page as URL
// (null when unknown, as sometimes on the wire: the iOS app then reads the
// item's URL) and its image with an HTML-escaped "&amp;".
func (s *Simulator) feedJSON(site *Site) map[string]any {
	home, name, image := any(site.URL), site.Name, ""
	if site.ID == 0 {
		home = nil
		if site.Home != "" {
			home = site.Home
		}
		image = site.Image
		if s.opts.ImageBase != "" && image != "" {
			image = s.img(image)
		}
	} else if site.Icon != "" {
		image = s.img(site.Icon) + "?s=96&d=404"
	}
	return map[string]any{
		"blog_ID": itoa(site.ID), "feed_ID": itoa(site.FeedID), "name": name, "URL": home,
		"feed_URL": site.FeedURL, "image": strings.ReplaceAll(image, "&", "&amp;"), "description": site.Description,
		"subscribers_count": 12, "subscription_id": 0,
	}
}

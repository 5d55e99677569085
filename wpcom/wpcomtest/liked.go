package wpcomtest

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// read/liked's documented page size: default 10, limit 40.
const (
	likedDefaultNumber = 10
	likedMaxNumber     = 40
)

func (s *Simulator) liked(w http.ResponseWriter, r *http.Request, g *grant) {
	q := r.URL.Query()
	number := atoiOr(q.Get("number"), 0)
	if number < 1 {
		number = likedDefaultNumber
	}
	if number > likedMaxNumber {
		// As WordPress.com's list endpoints answer past their limit.
		writeJSON(w, http.StatusBadRequest, restErr{"invalid_number",
			fmt.Sprintf("The NUMBER parameter must be less than or equal to %d.", likedMaxNumber)})
		return
	}
	var before, after time.Time
	for _, p := range []struct {
		name string
		t    *time.Time
	}{{"before", &before}, {"after", &after}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				// An unencoded "+00:00" arrives here as " 00:00".
				// [I] the exact error body was not seen.
				writeJSON(w, http.StatusBadRequest, restErr{"invalid_input",
					fmt.Sprintf("Invalid %s date %q: use ISO 8601, e.g. 2020-10-01T08:12:44+00:00.", p.name, v)})
				return
			}
			*p.t = t
		}
	}
	page := max(atoiOr(q.Get("page"), 1), 1)

	s.mu.Lock()
	likes := make([]Like, 0, len(g.member.Likes))
	for _, l := range g.member.Likes {
		if !before.IsZero() && (l.Liked.After(before) || (l.Liked.Equal(before) && !s.opts.LikedBeforeInclusive)) {
			continue
		}
		if !after.IsZero() && !l.Liked.After(after) {
			continue
		}
		likes = append(likes, l)
	}
	slices.SortStableFunc(likes, func(a, b Like) int { return b.Liked.Compare(a.Liked) })
	if q.Get("order") == "ASC" {
		slices.Reverse(likes)
	}
	start := min((page-1)*number, len(likes))
	likes = likes[start:min(start+number, len(likes))]
	posts := make([]any, 0, len(likes))
	for _, l := range likes {
		if l.Post.Odd.has(NullBefore) {
			posts = append(posts, nil)
		}
		posts = append(posts, s.postJSON(l, metaSet(q.Get("meta"))["site"]))
		if l.Post.Odd.has(Repeated) {
			posts = append(posts, s.postJSON(l, metaSet(q.Get("meta"))["site"]))
		}
	}
	s.mu.Unlock()

	// [I] An empty PHP array encodes as [], so an empty page's date_range
	// is sent as []; clients must not insist on an object.
	var dateRange any = []any{}
	if len(likes) > 0 {
		newest, oldest := likes[0].Liked, likes[len(likes)-1].Liked
		if newest.Before(oldest) {
			newest, oldest = oldest, newest
		}
		dateRange = map[string]string{"before": wpTime(newest), "after": wpTime(oldest)}
	}
	writeJSON(w, http.StatusOK, map[string]any{"date_range": dateRange, "number": len(likes), "posts": posts})
}

func (s *Simulator) postJSON(l Like, withSite bool) map[string]any {
	p, site := l.Post, l.Post.Site
	var thumb any // null when there is no thumbnail
	if p.Thumbnail != "" {
		thumb = map[string]any{"ID": p.ID + 1, "URL": s.img(p.Thumbnail), "guid": s.img(p.Thumbnail),
			"mime_type": "image/jpeg", "width": 1200, "height": 800}
	}
	media := map[string]any{}
	for k, v := range p.FeaturedMedia {
		media[k] = v
	}
	if u, ok := media["uri"].(string); ok && media["type"] == "image" {
		media["uri"] = s.img(u)
	}
	siteName := site.Name
	if p.SiteNameMissing {
		siteName = ""
	}
	gid := hash(fmt.Sprintf("%d/%d", site.ID, p.ID))
	links := map[string]any{
		"self":  linkBase + "/rest/v1.1/read/sites/" + itoa(site.ID) + "/posts/" + itoa(p.ID),
		"site":  linkBase + "/rest/v1.2/sites/" + itoa(site.ID),
		"likes": linkBase + "/rest/v1.1/sites/" + itoa(site.ID) + "/posts/" + itoa(p.ID) + "/likes/",
	}
	metaObj := map[string]any{"links": links}
	if withSite && site.ID != 0 {
		metaObj["data"] = map[string]any{"site": s.siteJSON(site)}
		if p.Odd.has(SiteMetaArray) {
			metaObj["data"] = map[string]any{"site": []any{}}
		}
	}
	post := map[string]any{
		"ID": p.ID, "site_ID": site.ID, "date_liked": wpTime(l.Liked),
		"author": map[string]any{
			"ID": p.Author.ID, "login": p.Author.Login, "email": false, "name": p.Author.Name,
			"first_name": "", "last_name": "", "nice_name": p.Author.Login, "URL": p.Author.URL,
			"avatar_URL":  "https://0.gravatar.com/avatar/" + hash(p.Author.Login) + "?s=96&d=identicon&r=G",
			"profile_URL": "https://gravatar.com/" + p.Author.Login, "site_ID": site.ID, "has_avatar": true,
		},
		"date": wpTime(p.Date), "modified": wpTime(p.Date.Add(90 * time.Minute)),
		"title": p.Title, "URL": p.URL, "short_URL": "https://wp.me/p" + itoa(site.ID%100000) + "-" + itoa(p.ID),
		"content": s.imgsIn(p.Content), "excerpt": p.Excerpt, "slug": fmt.Sprintf("post-%d", p.ID),
		"guid": p.URL, "status": "publish", "sticky": false, "password": "", "parent": false, "type": "post",
		"discussion": map[string]any{"comments_open": true, "comment_status": "open", "pings_open": true,
			"ping_status": "open", "comment_count": int(p.ID % 7)},
		"likes_enabled": true, "sharing_enabled": true, "like_count": int(p.ID%40) + 1, "i_like": true,
		"is_reblogged": false, "is_following": true, "global_ID": gid, "pseudo_ID": gid,
		"featured_image": s.img(p.FeaturedImage), "post_thumbnail": thumb, "format": "standard",
		"geo": false, "menu_order": 0, "page_template": "", "publicize_URLs": []any{},
		"terms": map[string]any{}, "tags": map[string]any{}, "categories": map[string]any{},
		// An empty PHP array: WordPress.com sends [] where an object is empty.
		"attachments": []any{}, "attachment_count": 0, "metadata": false,
		"meta": metaObj, "capabilities": map[string]bool{"publish_post": false, "delete_post": false, "edit_post": false},
		"feed_ID": site.FeedID, "feed_URL": site.FeedURL, "is_external": p.External,
		"site_name": siteName, "site_URL": site.URL, "site_is_private": site.Private, "is_seen": true,
		"use_excerpt": false, "featured_media": media,
	}
	odd := []struct {
		shape Odd
		key   string
		value any
	}{
		{ThumbnailFalse, "post_thumbnail", false},
		{MediaArray, "featured_media", []any{}},
		{AuthorArray, "author", []any{}},
		{MetadataObject, "metadata", map[string]any{}},
		{MetadataObject, "attachments", false},
		{Unreadable, "ID", true},
	}
	for _, o := range odd {
		if p.Odd.has(o.shape) {
			post[o.key] = o.value
		}
	}
	return post
}

// wpTime writes times as WordPress.com does ("+00:00", not "Z").
func wpTime(t time.Time) string { return t.Format("2006-01-02T15:04:05-07:00") }

package wpcom

import (
	"context"
	"net/url"
	"strconv"
)

// Liked returns up to n of the posts the member liked, most recent like first.
//
// read/liked gives at most LikedPageLimit posts a request. Like the WordPress
// apps, it pages backwards with before= set to the previous page's
// date_range.after (the oldest like on it). Whether before is inclusive is not
// documented, so posts seen twice are dropped, and a page that adds nothing
// new ends the walk.
func (c *Client) Liked(ctx context.Context, tok Token, n int) ([]Post, error) {
	if n <= 0 {
		return nil, nil
	}
	number := min(n, LikedPageLimit)
	out := make([]Post, 0, n)
	seen := make(map[string]bool, n)
	before := ""
	for range maxPages {
		q := url.Values{"number": {strconv.Itoa(number)}, "order": {"DESC"}, "meta": {"site"}}
		if before != "" {
			q.Set("before", before)
		}
		var w wireLiked
		if err := c.get(ctx, "read/liked", q, tok, &w); err != nil {
			return nil, err
		}
		added := 0
		for _, wp := range decodeItems[wirePost](c, "read/liked", w.Posts) {
			p := wp.post()
			key := p.SiteID.key() + "|" + p.ID.key() + "|" + p.URL
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, p)
			added++
		}
		if len(out) >= n {
			return out[:n], nil
		}
		if added == 0 || len(w.Posts) < number { // a short page (null items count) is the last
			return out, nil
		}
		next := w.afterBound()
		if next == "" {
			// No usable date_range: fall back to the oldest like we hold.
			next = FormatTime(out[len(out)-1].Liked)
		}
		if next == before {
			return out, nil
		}
		before = next
	}
	return out, nil
}

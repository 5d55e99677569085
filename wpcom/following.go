package wpcom

import (
	"context"
	"net/url"
	"strconv"
)

// Following returns up to n of the blogs and feeds the member follows, in
// WordPress.com's order (newest subscription first, as observed), each once.
//
// It asks with meta=site,feed (as the mobile apps do) on API version 1.2
// (as Calypso's subscription manager does) in pages of one fixed size, 100
// by default, the cap that manager names (page/number paging shifts if the
// size changes between pages). Pages can be short (deleted or suspended
// sites are left out but still counted) and can repeat a blog, so it keeps
// paging while total_subscriptions says there are more, drops null items
// and repeats (by blog id; a plain feed by its feed id), and stops at n
// items, at the total, at an empty page, or after two pages in a row that
// add nothing (so a stale total cannot make it walk maxPages).
func (c *Client) Following(ctx context.Context, tok Token, n int) ([]Subscription, error) {
	if n <= 0 {
		return nil, nil
	}
	number := c.pageSize
	// n is a bound (the whole blogroll asks for 2,000), not a guess at
	// the size: room for one page, grown as pages come.
	out := make([]Subscription, 0, min(n, number))
	seen := make(map[string]bool, min(n, number))
	total, idle := 0, 0
	for page := 1; page <= maxPages; page++ {
		q := url.Values{"meta": {"site,feed"}, "page": {strconv.Itoa(page)}, "number": {strconv.Itoa(number)}}
		var w wireFollowing
		if err := c.getVersion(ctx, "v1.2", "read/following/mine", q, tok, &w); err != nil {
			return nil, err
		}
		// Calypso trusts total_subscriptions only on page 1 or a non-empty page.
		if page == 1 || w.Number > 0 || len(w.Subscriptions) > 0 {
			total = int(w.Total)
		}
		added := 0
		for _, ws := range decodeItems[wireSubscription](c, "read/following/mine", w.Subscriptions) {
			s := ws.subscription()
			if key := s.key(); !seen[key] {
				seen[key] = true
				out = append(out, s)
				added++
			}
		}
		if added > 0 {
			idle = 0
		} else {
			idle++
		}
		switch {
		case len(out) >= n:
			return out[:n], nil
		case page*number >= total: // WordPress.com says there are no more
			return out, nil
		case len(w.Subscriptions) == 0, idle == 2: // no more, whatever a stale total says
			return out, nil
		}
	}
	return out, nil
}

// key is what makes a subscription the same one twice: its blog, or for
// a plain feed its feed (WordPress-Android's ReaderBlog does the same).
func (s *Subscription) key() string {
	switch {
	case s.BlogID != 0:
		return "blog:" + s.BlogID.key()
	case s.FeedID != 0:
		return "feed:" + s.FeedID.key()
	}
	return "subscription:" + s.ID.key() + "|" + s.URL
}

func (id ID) key() string { return strconv.FormatInt(int64(id), 10) }

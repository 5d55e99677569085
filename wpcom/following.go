package wpcom

import (
	"context"
	"net/url"
	"strconv"
)

// Following returns up to n of the blogs and feeds the member follows, in
// WordPress.com's order (newest subscription first, as observed).
//
// It asks read/following/mine with meta=site for pages of a fixed size
// (page/number paging shifts if the size changes between pages) and stops at
// n items, at total_subscriptions, or at a short or empty page.
func (c *Client) Following(ctx context.Context, tok Token, n int) ([]Subscription, error) {
	if n <= 0 {
		return nil, nil
	}
	number := min(n, c.pageSize)
	out := make([]Subscription, 0, n)
	seen := make(map[string]bool, n)
	perPage, total := 0, 0
	for page := 1; page <= maxPages; page++ {
		q := url.Values{"meta": {"site"}, "page": {strconv.Itoa(page)}, "number": {strconv.Itoa(number)}}
		var w wireFollowing
		if err := c.get(ctx, "read/following/mine", q, tok, &w); err != nil {
			return nil, err
		}
		got := len(w.Subscriptions)
		// Calypso trusts total_subscriptions only on page 1 or a non-empty page.
		if page == 1 || w.Number > 0 {
			total = w.Total
		}
		if page == 1 {
			perPage = got // the server may cap number below what we asked
		}
		for i := range w.Subscriptions {
			s := w.Subscriptions[i].subscription()
			// A follow made while we page shifts the pages by one; skip repeats.
			key := s.ID.key() + "|" + s.FeedID.key() + "|" + s.URL
			if seen[key] {
				continue
			}
			seen[key] = true
			out = append(out, s)
		}
		switch {
		case len(out) >= n:
			return out[:n], nil
		case got == 0, got < perPage, perPage == 0:
			return out, nil
		case total > 0 && page*perPage >= total:
			return out, nil
		}
	}
	return out, nil
}

func (id ID) key() string { return strconv.FormatInt(int64(id), 10) }

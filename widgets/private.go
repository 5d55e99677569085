package widgets

import (
	"context"

	"github.com/wpcom-widgets/service/wpcom"
)

// Widgets are public: anyone who can see the owner's site can read them,
// so nothing from a private site (one only its members may read) is ever
// kept in a member's lists. What is left out is only counted, so the
// dashboard can tell the owner.

func privateSite(s wpcom.Subscription) bool { return s.Private }

func privatePost(p wpcom.Post) bool { return p.SitePrivate }

// fetchPublic asks for n items and keeps the public ones. When private
// items took some of the n places and there may be more, it asks once more
// for enough to fill them, so a widget of n shows n items whenever the
// member has that many public ones. hidden counts the private items seen.
func fetchPublic[T any](ctx context.Context, n int, fetch func(context.Context, int) ([]T, error), private func(T) bool) (kept []T, hidden int, err error) {
	all, err := fetch(ctx, n)
	if err != nil {
		return nil, 0, err
	}
	kept, hidden = dropPrivate(all, private)
	if hidden > 0 && len(all) >= n {
		more, err := fetch(ctx, n+hidden)
		if err != nil {
			return nil, 0, err
		}
		kept, hidden = dropPrivate(more, private)
	}
	return kept[:min(n, len(kept))], hidden, nil
}

func dropPrivate[T any](all []T, private func(T) bool) (kept []T, hidden int) {
	kept = make([]T, 0, len(all))
	for _, v := range all {
		if private(v) {
			hidden++
			continue
		}
		kept = append(kept, v)
	}
	return kept, hidden
}

// Private reports how many followed sites and liked posts were left out of
// a member's lists as private, from the lists this replica holds (no I/O);
// known is false when it holds none yet.
func (s *Service) Private(accountID int64) (sites, posts int, known bool) {
	e, ok := s.lists.Peek(accountKey(accountID))
	if !ok || e.Value == nil {
		return 0, 0, false
	}
	return e.Value.PrivateFollowing, e.Value.PrivateLiked, true
}

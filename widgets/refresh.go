package widgets

import (
	"context"
	"errors"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom"
)

// Refreshing a member's lists: what is fetched from WordPress.com, for
// whom, and what happens when it says no.

// loader fetches one member's lists: as many liked posts as their widgets
// need and every followed blog (up to model.MaxBlogroll, for the
// blogroll), in one go, whatever the number of widgets or visitors.
func (s *Service) loader(accountID int64) func(context.Context) (*Lists, error) {
	return func(ctx context.Context) (*Lists, error) {
		a, err := s.cfg.Store.Account(ctx, accountID)
		if err != nil {
			return nil, err
		}
		if a.Status == model.StatusNeedsReconnect {
			return nil, &wpcom.Error{Kind: wpcom.ErrReconnect, Endpoint: "stored account", Message: "waiting for the owner to reconnect"}
		}
		plain, err := s.cfg.Keys.Open(a.SealedToken, model.TokenContext(a.ID))
		if err != nil {
			return nil, err
		}
		tok := wpcom.Token(plain)
		ws, err := s.cfg.Store.WidgetsOf(ctx, accountID)
		if err != nil {
			return nil, err
		}
		l := &Lists{}
		for _, w := range ws {
			if w.Deleted() {
				continue // shows nothing: asks for nothing
			}
			if w.Kind == model.Liked {
				l.AskedLiked = max(l.AskedLiked, w.Wants())
			} else {
				// Every followed blog, for the widget's OPML blogroll, page
				// by page: the widget shows the first Count of them.
				l.AskedFollowing = model.MaxBlogroll
			}
		}
		if l.AskedFollowing > 0 {
			following := func(ctx context.Context, n int) ([]wpcom.Subscription, error) {
				return s.cfg.API.Following(ctx, tok, n)
			}
			subs, hidden, err := fetchPublic(ctx, l.AskedFollowing, following, privateSite)
			if err != nil {
				return nil, s.upstreamFailed(ctx, accountID, err)
			}
			l.Following, l.PrivateFollowing = FollowingItems(subs), hidden
		}
		if l.AskedLiked > 0 {
			liked := func(ctx context.Context, n int) ([]wpcom.Post, error) { return s.cfg.API.Liked(ctx, tok, n) }
			posts, hidden, err := fetchPublic(ctx, l.AskedLiked, liked, privatePost)
			if err != nil {
				return nil, s.upstreamFailed(ctx, accountID, err)
			}
			l.Liked, l.PrivateLiked = LikedItems(posts), hidden
		}
		l.Fetched = s.cfg.Now()
		if s.cfg.Loaded != nil {
			s.cfg.Loaded(accountID, shows(ws, l))
		}
		return l, nil
	}
}

// shows is what each of a member's widgets shows from their lists l
// (deleted widgets show nothing). What a widget does with it, pictures or
// none, is the renderer's to say.
func shows(ws []model.Widget, l *Lists) []model.View {
	out := make([]model.View, 0, len(ws))
	for _, w := range ws {
		if !w.Deleted() && l.Covers(w.Kind, 1) {
			out = append(out, showing(w, l))
		}
	}
	return out
}

// showing is what w shows from the lists l, fresh: its items as its owner
// curated them, and all of its kind for its blogroll.
func showing(w model.Widget, l *Lists) model.View {
	all := l.All(w.Kind)
	return model.View{Widget: w, Items: w.Curate(all), All: all, State: model.Fresh}
}

// upstreamFailed marks the account when WordPress.com refused its token,
// so the owner sees the reconnect banner and refreshing stops.
func (s *Service) upstreamFailed(ctx context.Context, accountID int64, err error) error {
	if errors.Is(err, wpcom.ErrReconnect) {
		if serr := s.cfg.Store.SetAccountStatus(ctx, accountID, model.StatusNeedsReconnect); serr != nil {
			s.log.Error("marking account needs-reconnect failed", "account", accountID, "err", serr)
		} else {
			s.log.Warn("WordPress.com rejected the token; the owner must reconnect", "account", accountID)
		}
	}
	return err
}

// ForgetAccount drops a member's lists and widgets (they disconnected),
// from the shared cache and on every replica.
func (s *Service) ForgetAccount(accountID int64, widgetIDs ...string) {
	s.lists.Delete(accountKey(accountID))
	for _, id := range widgetIDs {
		s.forgetWidget(id)
	}
	s.cfg.Peers.AccountGone(accountKey(accountID), widgetIDs)
}

// Reconnected refreshes a member's lists at once after they connected again
// (or changed what their widgets need).
func (s *Service) Reconnected(accountID int64) {
	s.lists.Refresh(accountKey(accountID), s.loader(accountID))
}

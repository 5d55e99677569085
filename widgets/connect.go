package widgets

import (
	"context"

	"github.com/wpcom-widgets/service/clean"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/wpcom"
)

// Connect keeps a member's new token: sealed and bound to their account's
// row, the account created or brought up to date and active again, and
// their lists refreshed at once when widgets show them (a returning
// member's widgets show what they follow now), or else forgotten, so the
// first widget fetches with the new token. The sign-in callback and the
// tests connect this way.
func (s *Service) Connect(ctx context.Context, me *wpcom.Me, tok wpcom.Token, scope string) (model.Account, error) {
	sealed, err := s.cfg.Keys.Seal([]byte(tok), model.TokenContext(int64(me.ID)))
	if err != nil {
		return model.Account{}, err
	}
	a, err := s.cfg.Store.UpsertAccount(ctx, model.Account{ID: int64(me.ID), Username: me.Username, DisplayName: me.DisplayName,
		AvatarURL: me.AvatarURL, ProfileURL: me.ProfileURL, Language: clean.Bytes(me.Language, 32), SealedToken: sealed, Scope: scope, Status: model.StatusActive})
	if err != nil {
		return model.Account{}, err
	}
	switch ws, err := s.cfg.Store.WidgetsOf(ctx, a.ID); {
	case err != nil:
		s.log.Warn("connected, but reading the member's widgets failed: refreshing their lists anyway", "account", a.ID, "err", err)
		s.Reconnected(a.ID)
	case len(ws) > 0:
		s.Reconnected(a.ID)
	default:
		// Nothing shows their lists: forget what was known of them on
		// every replica (a failure from the old token included), so their
		// first widget fetches with the new one.
		s.ForgetAccount(a.ID)
	}
	return a, nil
}

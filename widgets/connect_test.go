package widgets

import (
	"context"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/wpcom"
)

// TestConnect: a member who connects again gets their account active, the
// new token sealed to their row (never stored as is), and their lists
// fetched with it at once.
func TestConnect(t *testing.T) {
	s, fs, api := newFixture(t)
	fs.account.Status = model.StatusNeedsReconnect
	a, err := s.Connect(context.Background(), &wpcom.Me{ID: 1, Username: "member", DisplayName: "A Member"}, "new-token", "global")
	if err != nil {
		t.Fatal(err)
	}
	if a.Status != model.StatusActive || a.Scope != "global" || a.Username != "member" || string(a.SealedToken) == "new-token" {
		t.Errorf("account %+v", a)
	}
	if plain, err := s.cfg.Keys.Open(a.SealedToken, model.TokenContext(1)); err != nil || string(plain) != "new-token" {
		t.Errorf("the sealed token opens to %q, %v", plain, err)
	}
	if _, err := s.cfg.Keys.Open(a.SealedToken, model.TokenContext(2)); err == nil {
		t.Error("the token opens for another account's row")
	}
	testutil.Eventually(t, 2*time.Second, "connecting did not refresh the member's lists", func() bool {
		api.mu.Lock()
		defer api.mu.Unlock()
		return len(api.following) > 0
	})
}

// TestConnectWithoutWidgetsClearsTheOldFailure: a member whose token was
// refused deletes their widgets, connects again, and makes a new widget:
// it loads with the new token at once, not after the refusal's week.
func TestConnectWithoutWidgetsClearsTheOldFailure(t *testing.T) {
	s, fs, api := newFixture(t)
	api.err = &wpcom.Error{Kind: wpcom.ErrReconnect, Code: "invalid_token"}
	id := widgetOf(fs, "liked", 5)
	if v, err := s.View(context.Background(), id); err != nil || v.State != model.Reconnect {
		t.Fatalf("refused token: %v, %v", v.State, err)
	}
	fs.mu.Lock()
	fs.widgets = map[string]model.Widget{}
	fs.mu.Unlock()
	s.Forget(id)
	api.mu.Lock()
	api.err = nil
	api.mu.Unlock()
	if _, err := s.Connect(context.Background(), &wpcom.Me{ID: 1, Username: "member"}, "the-token", "global"); err != nil {
		t.Fatal(err)
	}
	w := model.Widget{ID: NewID(), AccountID: 1, Kind: model.Liked, Count: 5, Layout: model.List, Theme: model.Auto}
	fs.mu.Lock()
	fs.widgets[w.ID] = w
	fs.mu.Unlock()
	if v, err := s.View(context.Background(), w.ID); err != nil || v.State != model.Fresh || len(v.Items) != 5 {
		t.Errorf("the new widget after connecting again: %v, %d items, %v", v.State, len(v.Items), err)
	}
}

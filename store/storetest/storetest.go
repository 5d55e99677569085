// Package storetest is the conformance suite every store.Store must pass.
// Each test gets a fresh, empty store from the open function.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/store"
)

// Run runs the suite. open must return a fresh, migrated, empty store,
// opened with opts (a test's clock), and arrange for it to be closed and
// removed when the test ends.
func Run(t *testing.T, open func(t *testing.T, opts ...store.Option) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"AccountUpsertReplacesToken", testAccountUpsert},
		{"AccountStatus", testAccountStatus},
		{"DeleteAccountCascades", testDeleteAccountCascades},
		{"Widgets", testWidgets},
		{"WidgetsBelongToTheirOwner", testWidgetOwnership},
		{"WidgetChecks", testWidgetChecks},
		{"Sessions", testSessions},
		{"OAuthStatesWorkOnce", testOAuthStates},
		{"ResealTokens", testReseal},
		{"ConcurrentWrites", testConcurrentWrites},
		{"WidgetLimitHoldsUnderConcurrency", testWidgetLimit},
		{"Curation", testCuration},
		{"DeletedWidgetsAreBounded", testDeletedBounded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open(t)) })
	}
	t.Run("DeletedWidgetsRestoreThenPurge", func(t *testing.T) {
		clk := &clock{t: time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)}
		testDeleteRestore(t, open(t, store.WithClock(clk.now)), clk)
	})
}

// clock is a test's time, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

func bg() context.Context { return context.Background() }

// limit is the widgets-per-account cap the suite creates under.
const limit = 50

func account(id int64, token string) model.Account {
	return model.Account{ID: id, Username: fmt.Sprintf("user%d", id), DisplayName: "User Ünïcode 山田",
		AvatarURL: "https://0.gravatar.com/avatar/x", ProfileURL: "https://gravatar.com/u", Language: "pt-br",
		SealedToken: []byte(token), Scope: "global"}
}

func widget(id string, owner int64) model.Widget {
	return model.Widget{ID: id, AccountID: owner, Kind: "following", Title: "Blogs I Follow", Count: 20, Layout: "list", Theme: "auto",
		Display: model.DefaultDisplay()}
}

func mustAccount(t *testing.T, s store.Store, id int64) model.Account {
	t.Helper()
	a, err := s.UpsertAccount(bg(), account(id, "sealed-1"))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func testAccountUpsert(t *testing.T, s store.Store) {
	if _, err := s.Account(bg(), 1); !errors.Is(err, model.ErrNotFound) {
		t.Fatalf("missing account: %v", err)
	}
	first := mustAccount(t, s, 1)
	if first.Status != model.StatusActive || first.CreatedAt.IsZero() {
		t.Errorf("new account %+v", first)
	}
	got, err := s.Account(bg(), 1)
	if err != nil || got.DisplayName != "User Ünïcode 山田" || got.Language != "pt-br" || string(got.SealedToken) != "sealed-1" || got.Scope != "global" {
		t.Fatalf("read back %+v, %v", got, err)
	}
	time.Sleep(2 * time.Millisecond)
	next := account(1, "sealed-2")
	next.DisplayName = "Renamed"
	again, err := s.UpsertAccount(bg(), next)
	if err != nil {
		t.Fatal(err)
	}
	got, _ = s.Account(bg(), 1)
	if string(got.SealedToken) != "sealed-2" || got.DisplayName != "Renamed" || !again.CreatedAt.Equal(first.CreatedAt) ||
		!got.UpdatedAt.After(first.UpdatedAt) {
		t.Errorf("returning member: %+v (first created %v)", got, first.CreatedAt)
	}
}

func testAccountStatus(t *testing.T, s store.Store) {
	mustAccount(t, s, 7)
	if err := s.SetAccountStatus(bg(), 7, model.StatusNeedsReconnect); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Account(bg(), 7); a.Status != model.StatusNeedsReconnect {
		t.Errorf("status %q", a.Status)
	}
	// Reconnecting makes the account active again.
	if _, err := s.UpsertAccount(bg(), account(7, "new")); err != nil {
		t.Fatal(err)
	}
	if a, _ := s.Account(bg(), 7); a.Status != model.StatusActive {
		t.Errorf("after reconnect: %q", a.Status)
	}
	if err := s.SetAccountStatus(bg(), 99, model.StatusActive); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("unknown account: %v", err)
	}
	if err := s.SetAccountStatus(bg(), 7, "bogus"); err == nil {
		t.Errorf("accepted an unknown status")
	}
}

func testDeleteAccountCascades(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	mustAccount(t, s, 2)
	for _, w := range []model.Widget{widget("a1", 1), widget("a2", 1), widget("b1", 2)} {
		if err := s.CreateWidget(bg(), w, limit); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now()
	_ = s.CreateSession(bg(), model.Session{IDHash: []byte("s1"), AccountID: 1, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	if err := s.DeleteAccount(bg(), 1); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Account(bg(), 1); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("account still there")
	}
	if ws, _ := s.WidgetsOf(bg(), 1); len(ws) != 0 {
		t.Errorf("widgets survived: %v", ws)
	}
	if _, err := s.Widget(bg(), "a1"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("widget a1 survived")
	}
	if _, err := s.Session(bg(), []byte("s1"), now); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("session survived")
	}
	if _, err := s.Widget(bg(), "b1"); err != nil {
		t.Errorf("another owner's widget went too: %v", err)
	}
	if err := s.DeleteAccount(bg(), 1); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
}

func testWidgets(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	w := widget("w-1", 1)
	w.Title = "Blogs <I> Follow & “more”"
	if err := s.CreateWidget(bg(), w, limit); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond)
	if err := s.CreateWidget(bg(), model.Widget{ID: "w-2", AccountID: 1, Kind: "liked", Title: "Posts I Like", Count: 5,
		Layout: "grid", Theme: "dark"}, limit); err != nil {
		t.Fatal(err)
	}
	got, err := s.Widget(bg(), "w-1")
	if err != nil || got.Title != w.Title || got.Count != 20 || got.Kind != "following" || got.CreatedAt.IsZero() {
		t.Fatalf("read back %+v, %v", got, err)
	}
	list, err := s.WidgetsOf(bg(), 1)
	if err != nil || len(list) != 2 || list[0].ID != "w-1" || list[1].ID != "w-2" || list[1].Theme != "dark" {
		t.Fatalf("list %+v, %v", list, err)
	}
	if got.Display != model.DefaultDisplay() {
		t.Errorf("display read back %+v, want %+v", got.Display, model.DefaultDisplay())
	}
	display := model.Display{ShowExcerpts: true, NewTab: true, MaxWidth: 480, TitleLines: 3}
	look := model.Look{Dark: true, Text: "#cdd6f4", Link: "#89b4fa", Font: `"Trebuchet MS", sans-serif`}
	got.Title, got.Count, got.Layout, got.Theme, got.Display, got.Look, got.Lang = "New", 50, "grid", "light", display, look, "ar"
	got.EmptyText = "Nothing yet — soon."
	time.Sleep(2 * time.Millisecond)
	if err := s.UpdateWidget(bg(), got); err != nil {
		t.Fatal(err)
	}
	upd, _ := s.Widget(bg(), "w-1")
	if upd.Title != "New" || upd.Count != 50 || upd.Layout != "grid" || upd.Theme != "light" || upd.Kind != "following" ||
		upd.Display != display || upd.Look != look || upd.Lang != "ar" || upd.EmptyText != got.EmptyText || !upd.UpdatedAt.After(got.CreatedAt) {
		t.Errorf("after update %+v", upd)
	}
	wide := upd
	wide.Display.MaxWidth = 100
	if err := s.UpdateWidget(bg(), wide); err == nil {
		t.Errorf("a width under the bound was stored")
	}
	long := upd
	long.Display.TitleLines = model.MaxTitleLines + 1
	if err := s.UpdateWidget(bg(), long); err == nil {
		t.Errorf("more title lines than the bound were stored")
	}
	if err := s.CreateWidget(bg(), widget("w-2", 1), limit); err == nil {
		t.Errorf("a duplicate id was accepted")
	}
}

func testWidgetOwnership(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	mustAccount(t, s, 2)
	if err := s.CreateWidget(bg(), widget("mine", 1), limit); err != nil {
		t.Fatal(err)
	}
	stolen := widget("mine", 2)
	stolen.Title = "stolen"
	if err := s.UpdateWidget(bg(), stolen); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("update by another owner: %v", err)
	}
	if err := s.DeleteWidget(bg(), 2, "mine"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("delete by another owner: %v", err)
	}
	if w, _ := s.Widget(bg(), "mine"); w.Title != "Blogs I Follow" {
		t.Errorf("widget changed: %+v", w)
	}
	if err := s.CreateWidget(bg(), widget("orphan", 3), limit); err == nil {
		t.Errorf("widget for a missing account accepted")
	}
}

func testWidgetChecks(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	for _, w := range []model.Widget{
		{ID: "k", AccountID: 1, Kind: "comments", Title: "t", Count: 5, Layout: "list", Theme: "auto"},
		{ID: "c", AccountID: 1, Kind: "liked", Title: "t", Count: 51, Layout: "list", Theme: "auto"},
		{ID: "z", AccountID: 1, Kind: "liked", Title: "t", Count: 0, Layout: "list", Theme: "auto"},
		{ID: "l", AccountID: 1, Kind: "liked", Title: "t", Count: 5, Layout: "table", Theme: "auto"},
		{ID: "t", AccountID: 1, Kind: "liked", Title: "t", Count: 5, Layout: "list", Theme: "pink"},
	} {
		if err := s.CreateWidget(bg(), w, limit); err == nil {
			t.Errorf("the database accepted %+v", w)
		}
	}
}

func testSessions(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	now := time.Now().UTC()
	se := model.Session{IDHash: []byte{0, 1, 2, 255}, AccountID: 1, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := s.CreateSession(bg(), se); err != nil {
		t.Fatal(err)
	}
	got, err := s.Session(bg(), se.IDHash, now)
	if err != nil || got.AccountID != 1 || !bytes.Equal(got.IDHash, se.IDHash) {
		t.Fatalf("session %+v, %v", got, err)
	}
	if _, err := s.Session(bg(), se.IDHash, now.Add(2*time.Hour)); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("expired session: %v", err)
	}
	if err := s.DeleteExpired(bg(), now.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(bg(), se.IDHash, now); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("DeleteExpired left it")
	}
	se.IDHash = []byte("other")
	_ = s.CreateSession(bg(), se)
	if err := s.DeleteSession(bg(), se.IDHash); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(bg(), se.IDHash, now); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("logout left the session")
	}
}

func testOAuthStates(t *testing.T, s store.Store) {
	now := time.Now()
	if err := s.UseOAuthState(bg(), []byte("st"), now.Add(10*time.Minute)); err != nil {
		t.Fatalf("first use: %v", err)
	}
	if err := s.UseOAuthState(bg(), []byte("st"), now.Add(10*time.Minute)); !errors.Is(err, model.ErrUsed) {
		t.Errorf("second use: %v", err)
	}
	// Used states are forgotten once they have expired (they could not be
	// used again anyway: the cookie that carries them has expired too).
	if err := s.DeleteExpired(bg(), now.Add(11*time.Minute)); err != nil {
		t.Fatal(err)
	}
	if err := s.UseOAuthState(bg(), []byte("st"), now.Add(20*time.Minute)); err != nil {
		t.Errorf("after expiry: %v", err)
	}
	// Many replicas racing for one state: exactly one wins.
	var wins sync.WaitGroup
	results := make(chan error, 8)
	for range 8 {
		wins.Add(1)
		go func() { defer wins.Done(); results <- s.UseOAuthState(bg(), []byte("race"), now.Add(time.Minute)) }()
	}
	wins.Wait()
	close(results)
	ok := 0
	for err := range results {
		if err == nil {
			ok++
		} else if !errors.Is(err, model.ErrUsed) {
			t.Errorf("race: %v", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d winners, want 1", ok)
	}
}

func testReseal(t *testing.T, s store.Store) {
	if _, _, err := s.AnySealedToken(bg()); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("empty store: %v", err)
	}
	for i := int64(1); i <= 3; i++ {
		_, _ = s.UpsertAccount(bg(), account(i, fmt.Sprintf("old-%d", i)))
	}
	if _, tok, err := s.AnySealedToken(bg()); err != nil || !bytes.HasPrefix(tok, []byte("old-")) {
		t.Errorf("AnySealedToken: %q %v", tok, err)
	}
	n, err := s.ResealTokens(bg(), func(id int64, sealed []byte) ([]byte, error) {
		if id == 2 {
			return sealed, nil // already current
		}
		return append([]byte("new-"), sealed...), nil
	})
	if err != nil || n != 2 {
		t.Fatalf("resealed %d, %v", n, err)
	}
	for i, want := range map[int64]string{1: "new-old-1", 2: "old-2", 3: "new-old-3"} {
		if a, _ := s.Account(bg(), i); string(a.SealedToken) != want {
			t.Errorf("account %d token %q, want %q", i, a.SealedToken, want)
		}
	}
	// A failure part-way leaves every token as it was.
	_, err = s.ResealTokens(bg(), func(id int64, sealed []byte) ([]byte, error) {
		if id == 3 {
			return nil, errors.New("boom")
		}
		return []byte("partial"), nil
	})
	if err == nil {
		t.Fatal("error swallowed")
	}
	if a, _ := s.Account(bg(), 1); string(a.SealedToken) != "new-old-1" {
		t.Errorf("failed reseal was half-applied: %q", a.SealedToken)
	}
}

func testConcurrentWrites(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	var wg sync.WaitGroup
	errs := make(chan error, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- s.CreateWidget(bg(), widget(fmt.Sprintf("c-%d", i), 1), limit)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if ws, _ := s.WidgetsOf(bg(), 1); len(ws) != 40 {
		t.Errorf("%d widgets, want 40", len(ws))
	}
}

// testWidgetLimit: 90 concurrent creates by one owner once made 51 widgets
// past the cap of 50 (the handler counted, then inserted).
func testWidgetLimit(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	mustAccount(t, s, 2)
	if err := s.CreateWidget(bg(), widget("other", 2), limit); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 90)
	for i := range 90 {
		wg.Go(func() { errs <- s.CreateWidget(bg(), widget(fmt.Sprintf("l-%d", i), 1), limit) })
	}
	wg.Wait()
	close(errs)
	created := 0
	for err := range errs {
		switch {
		case err == nil:
			created++
		case !errors.Is(err, model.ErrLimit):
			t.Errorf("create: %v", err)
		}
	}
	ws, _ := s.WidgetsOf(bg(), 1)
	if created != limit || len(ws) != limit {
		t.Errorf("90 concurrent creates made %d (%d stored), want exactly %d", created, len(ws), limit)
	}
	if err := s.CreateWidget(bg(), widget("one-more", 1), limit); !errors.Is(err, model.ErrLimit) {
		t.Errorf("a create past the limit: %v", err)
	}
	if ws, _ := s.WidgetsOf(bg(), 2); len(ws) != 1 {
		t.Errorf("another account's widgets changed: %d", len(ws))
	}
}

// testDeleteRestore: a deleted widget keeps its row and id, changes no
// more, counts toward no limit, comes back whole within the window, and is
// purged after it.
func testDeleteRestore(t *testing.T, s store.Store, clk *clock) {
	mustAccount(t, s, 1)
	mustAccount(t, s, 2)
	w := widget("w-1", 1)
	w.Title = "Kept"
	if err := s.CreateWidget(bg(), w, 1); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Hour)
	if err := s.DeleteWidget(bg(), 2, "w-1"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("another account deleted it: %v", err)
	}
	if err := s.DeleteWidget(bg(), 1, "w-1"); err != nil {
		t.Fatal(err)
	}
	got, err := s.Widget(bg(), "w-1")
	if err != nil || !got.Deleted() || !got.DeletedAt.Equal(clk.now()) || got.Title != "Kept" {
		t.Fatalf("deleted widget read back %+v, %v", got, err)
	}
	if list, _ := s.WidgetsOf(bg(), 1); len(list) != 1 || !list[0].Deleted() {
		t.Errorf("list %+v: the deleted widget should be listed as deleted", list)
	}
	if err := s.DeleteWidget(bg(), 1, "w-1"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("deleted twice: %v", err)
	}
	got.Title = "Changed while deleted"
	if err := s.UpdateWidget(bg(), got); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a deleted widget was changed: %v", err)
	}
	// Deleted widgets leave room under the limit; restoring one needs room.
	if err := s.CreateWidget(bg(), widget("w-2", 1), 1); err != nil {
		t.Fatalf("a deleted widget still counts toward the limit: %v", err)
	}
	if err := s.RestoreWidget(bg(), 1, "w-1", 1); !errors.Is(err, model.ErrLimit) {
		t.Errorf("restored past the limit: %v", err)
	}
	if err := s.RestoreWidget(bg(), 2, "w-1", 50); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("another account restored it: %v", err)
	}
	clk.add(model.RestoreWindow - 2*time.Hour)
	if err := s.RestoreWidget(bg(), 1, "w-1", 50); err != nil {
		t.Fatalf("restore within the window: %v", err)
	}
	got, _ = s.Widget(bg(), "w-1")
	if got.Deleted() || got.Title != "Kept" || !got.UpdatedAt.Equal(clk.now()) {
		t.Errorf("restored %+v", got)
	}
	if err := s.RestoreWidget(bg(), 1, "w-1", 50); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("restored a live widget: %v", err)
	}
	// Past the window: not restorable, then purged by the sweep; a widget
	// deleted later stays.
	if err := s.DeleteWidget(bg(), 1, "w-1"); err != nil {
		t.Fatal(err)
	}
	clk.add(time.Hour)
	if err := s.DeleteWidget(bg(), 1, "w-2"); err != nil {
		t.Fatal(err)
	}
	clk.add(model.RestoreWindow - 30*time.Minute) // w-1 is 30 minutes past the window, w-2 30 minutes short of it
	if err := s.RestoreWidget(bg(), 1, "w-1", 50); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("restored after the window: %v", err)
	}
	if err := s.DeleteExpired(bg(), clk.now()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Widget(bg(), "w-1"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("not purged after the window: %v", err)
	}
	if _, err := s.Widget(bg(), "w-2"); err != nil {
		t.Errorf("purged within the window: %v", err)
	}
}

// testCuration: hidden and pinned items are kept in order, survive a
// settings update, belong to their owner, and a deleted widget keeps them.
func testCuration(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	mustAccount(t, s, 2)
	if err := s.CreateWidget(bg(), widget("c-1", 1), limit); err != nil {
		t.Fatal(err)
	}
	hidden, pinned := []string{"post:1:2", "blog:9"}, []string{"feed:7", "blog:3", "post:4:5"}
	set := model.Curation{Hidden: hidden, Pinned: pinned}
	if err := s.SetCuration(bg(), 2, "c-1", model.Curation{}, set); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("another account curated it: %v", err)
	}
	if err := s.SetCuration(bg(), 1, "c-1", model.Curation{}, set); err != nil {
		t.Fatal(err)
	}
	// A second tab, still showing the widget as it was, cannot undo that.
	if err := s.SetCuration(bg(), 1, "c-1", model.Curation{}, model.Curation{Hidden: []string{"blog:1"}}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a change from an old state was stored: %v", err)
	}
	got, _ := s.Widget(bg(), "c-1")
	if !slices.Equal(got.Hidden, hidden) || !slices.Equal(got.Pinned, pinned) {
		t.Fatalf("read back hidden %q, pinned %q", got.Hidden, got.Pinned)
	}
	got.Title = "Renamed"
	if err := s.UpdateWidget(bg(), got); err != nil {
		t.Fatal(err)
	}
	if list, _ := s.WidgetsOf(bg(), 1); len(list) != 1 || !slices.Equal(list[0].Pinned, pinned) || !slices.Equal(list[0].Hidden, hidden) {
		t.Errorf("after a settings update: %+v", list)
	}
	if err := s.SetCuration(bg(), 1, "c-1", set, model.Curation{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Widget(bg(), "c-1"); len(got.Hidden) != 0 || len(got.Pinned) != 0 {
		t.Errorf("after clearing: hidden %q, pinned %q", got.Hidden, got.Pinned)
	}
	if err := s.DeleteWidget(bg(), 1, "c-1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCuration(bg(), 1, "c-1", model.Curation{}, model.Curation{Hidden: hidden}); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("a deleted widget was curated: %v", err)
	}
}

// testDeletedBounded: making and deleting widgets in a loop keeps at most
// model.MaxPerAccount deleted ones for an account, the latest.
func testDeletedBounded(t *testing.T, s store.Store) {
	mustAccount(t, s, 1)
	for i := range model.MaxPerAccount + 5 {
		id := fmt.Sprintf("d-%03d", i)
		if err := s.CreateWidget(bg(), widget(id, 1), limit); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteWidget(bg(), 1, id); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Millisecond) // deleted_at is in milliseconds
	}
	ws, _ := s.WidgetsOf(bg(), 1)
	if len(ws) != model.MaxPerAccount {
		t.Fatalf("%d deleted widgets kept, want %d", len(ws), model.MaxPerAccount)
	}
	if _, err := s.Widget(bg(), "d-000"); !errors.Is(err, model.ErrNotFound) {
		t.Errorf("the oldest deleted widget was kept: %v", err)
	}
	if _, err := s.Widget(bg(), fmt.Sprintf("d-%03d", model.MaxPerAccount+4)); err != nil {
		t.Errorf("the latest deleted widget went: %v", err)
	}
}

package widgets

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/wpcom"
)

// fakeStore counts every read, so tests can prove a warm view does no I/O.
type fakeStore struct {
	mu       sync.Mutex
	widgets  map[string]model.Widget
	account  model.Account
	reads    atomic.Int32
	statuses []model.Status
	hang     chan struct{} // when set, Widget waits for it (a database that stopped answering)
	down     bool          // when set, Widget fails (a database that refuses connections)
}

func (f *fakeStore) Widget(ctx context.Context, id string) (model.Widget, error) {
	f.reads.Add(1)
	f.mu.Lock()
	hang, down := f.hang, f.down
	f.mu.Unlock()
	if down {
		return model.Widget{}, errors.New("connection refused")
	}
	if hang != nil {
		select {
		case <-hang:
		case <-ctx.Done():
			return model.Widget{}, ctx.Err()
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	w, ok := f.widgets[id]
	if !ok {
		return model.Widget{}, model.ErrNotFound
	}
	return w, nil
}

func (f *fakeStore) Account(context.Context, int64) (model.Account, error) {
	f.reads.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.account, nil
}

func (f *fakeStore) WidgetsOf(context.Context, int64) ([]model.Widget, error) {
	f.reads.Add(1)
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []model.Widget
	for _, w := range f.widgets {
		out = append(out, w)
	}
	return out, nil
}

func (f *fakeStore) UpsertAccount(_ context.Context, a model.Account) (model.Account, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.account = a
	return a, nil
}

func (f *fakeStore) SetAccountStatus(_ context.Context, _ int64, s model.Status) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.account.Status = s
	f.statuses = append(f.statuses, s)
	return nil
}

// fakeAPI records how many items each call asked for.
type fakeAPI struct {
	mu        sync.Mutex
	following []int
	liked     []int
	err       error
}

func (f *fakeAPI) Following(_ context.Context, tok wpcom.Token, n int) ([]wpcom.Subscription, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.following = append(f.following, n)
	if f.err != nil {
		return nil, f.err
	}
	out := make([]wpcom.Subscription, n)
	for i := range out {
		out[i] = wpcom.Subscription{ID: wpcom.ID(i + 1), BlogID: wpcom.ID(100 + i), Name: "Blog", URL: "https://b.example", SiteURL: "https://b.example"}
	}
	return out, nil
}

func (f *fakeAPI) Liked(_ context.Context, tok wpcom.Token, n int) ([]wpcom.Post, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.liked = append(f.liked, n)
	if f.err != nil {
		return nil, f.err
	}
	if string(tok) != "the-token" {
		return nil, errors.New("wrong token")
	}
	out := make([]wpcom.Post, n)
	for i := range out {
		out[i] = wpcom.Post{ID: wpcom.ID(i + 1), SiteID: 7, Title: "Post", URL: "https://p.example/"}
	}
	return out, nil
}

func newFixture(t *testing.T) (*Service, *fakeStore, *fakeAPI) {
	t.Helper()
	keys, _ := seal.NewKeyring(seal.GenerateKey())
	sealed, _ := keys.Seal([]byte("the-token"), model.TokenContext(1))
	fs := &fakeStore{account: model.Account{ID: 1, SealedToken: sealed, Status: model.StatusActive}, widgets: map[string]model.Widget{}}
	for _, w := range []model.Widget{
		{ID: NewID(), AccountID: 1, Kind: "following", Count: 12, Layout: "list", Theme: "auto"},
		{ID: NewID(), AccountID: 1, Kind: "following", Count: 30, Layout: "grid", Theme: "auto"},
		{ID: NewID(), AccountID: 1, Kind: "liked", Count: 5, Layout: "list", Theme: "auto"},
	} {
		fs.widgets[w.ID] = w
	}
	api := &fakeAPI{}
	s := NewService(Config{Store: fs, API: api, Keys: keys, Interval: time.Hour})
	t.Cleanup(s.Close)
	return s, fs, api
}

func widgetOf(fs *fakeStore, kind model.Kind, count int) string {
	for id, w := range fs.widgets {
		if w.Kind == kind && w.Count == count {
			return id
		}
	}
	return ""
}

// One fetch per list for all a member's widgets: liked posts as many as
// the longest liked widget shows, and every followed blog (up to the
// blogroll's bound), which every following widget's OPML lists.
func TestOneFetchSizedByTheLargestWidget(t *testing.T) {
	s, fs, api := newFixture(t)
	small := widgetOf(fs, "following", 12)
	v, err := s.View(context.Background(), small)
	if err != nil || len(v.Items) != 12 || v.State != model.Fresh || v.Version == 0 {
		t.Fatalf("view: %d items, state %v, %v", len(v.Items), v.State, err)
	}
	big, _ := s.View(context.Background(), widgetOf(fs, "following", 30))
	liked, _ := s.View(context.Background(), widgetOf(fs, "liked", 5))
	if len(big.Items) != 30 || len(liked.Items) != 5 || liked.Items[0].ID != "post:7:1" {
		t.Errorf("items: %d, %d", len(big.Items), len(liked.Items))
	}
	if len(api.following) != 1 || api.following[0] != model.MaxBlogroll || len(api.liked) != 1 || api.liked[0] != 5 {
		t.Errorf("fetches: following %v, liked %v; want one of %d and one of 5", api.following, api.liked, model.MaxBlogroll)
	}
	if len(v.All) != model.MaxBlogroll || len(v.Blogroll(v.All)) != model.MaxBlogroll {
		t.Errorf("a following widget of 12 holds %d of its member's follows, for its blogroll", len(v.All))
	}
}

func TestWarmViewsDoNoIO(t *testing.T) {
	s, fs, _ := newFixture(t)
	id := widgetOf(fs, "liked", 5)
	if _, err := s.View(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	before := fs.reads.Load()
	for range 1000 {
		if _, err := s.View(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if after := fs.reads.Load(); after != before {
		t.Errorf("%d store reads for 1000 warm views, want 0", after-before)
	}
}

// TestColdSettingsAreReadOnce: two hundred visitors arriving at once for a
// widget this replica does not hold cost one read of its settings (a
// popular widget after a start); one who leaves does not fail the others.
func TestColdSettingsAreReadOnce(t *testing.T) {
	s, fs, _ := newFixture(t)
	id := widgetOf(fs, "liked", 5)
	fs.mu.Lock()
	fs.hang = make(chan struct{})
	fs.mu.Unlock()
	leaving, leave := context.WithCancel(context.Background())
	gone := make(chan error, 1)
	go func() { _, err := s.widget(leaving, id); gone <- err }()
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for range 200 {
		wg.Go(func() {
			if _, err := s.widget(context.Background(), id); err != nil {
				errs <- err
			}
		})
	}
	time.Sleep(50 * time.Millisecond)
	leave()
	if err := <-gone; !errors.Is(err, context.Canceled) {
		t.Errorf("the visitor who left got %v", err)
	}
	fs.mu.Lock()
	close(fs.hang)
	fs.hang = nil
	fs.mu.Unlock()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := fs.reads.Load(); n != 1 {
		t.Errorf("%d reads of the settings for 201 visitors at once, want 1", n)
	}
}

func TestUnknownIDsAreBounded(t *testing.T) {
	s, fs, _ := newFixture(t)
	if _, err := s.View(context.Background(), "not-an-id"); !errors.Is(err, ErrNotFound) || fs.reads.Load() != 0 {
		t.Fatalf("junk id: %v after %d reads", err, fs.reads.Load())
	}
	id := NewID()
	for range 5 {
		if _, err := s.View(context.Background(), id); !errors.Is(err, ErrNotFound) {
			t.Fatal(err)
		}
	}
	if n := fs.reads.Load(); n != 1 {
		t.Errorf("%d store reads for one unknown id asked 5 times, want 1", n)
	}
	for range missingLimit + 500 {
		_, _ = s.View(context.Background(), NewID())
	}
	if n := s.missing.ItemCount(); n > missingLimit {
		t.Errorf("%d unknown ids remembered, more than %d", n, missingLimit)
	}
	if n := s.widgets.count(); n != 0 {
		t.Errorf("unknown ids entered the widget cache: %d", n)
	}
}

func TestRejectedTokenMarksTheAccount(t *testing.T) {
	s, fs, api := newFixture(t)
	api.err = &wpcom.Error{Kind: wpcom.ErrReconnect, Code: "invalid_token"}
	v, err := s.View(context.Background(), widgetOf(fs, "liked", 5))
	if err != nil || v.State != model.Reconnect || len(v.Items) != 0 {
		t.Fatalf("view %+v, %v", v, err)
	}
	if len(fs.statuses) != 1 || fs.statuses[0] != model.StatusNeedsReconnect {
		t.Errorf("statuses %v", fs.statuses)
	}
	// Nothing more is asked of WordPress.com until the owner reconnects.
	calls := len(api.following) + len(api.liked)
	for range 5 {
		s.View(context.Background(), widgetOf(fs, "liked", 5))
	}
	if n := len(api.following) + len(api.liked); n != calls {
		t.Errorf("%d more upstream calls after the token was refused", n-calls)
	}
	api.err = nil
	fs.account.Status = model.StatusActive
	s.Reconnected(1)
	testutil.Eventually(t, 2*time.Second, "no data after reconnecting", func() bool {
		v, _ := s.View(context.Background(), widgetOf(fs, "liked", 5))
		return len(v.Items) == 5
	})
}

func TestForgetRereadsSettings(t *testing.T) {
	s, fs, _ := newFixture(t)
	id := widgetOf(fs, "liked", 5)
	s.View(context.Background(), id)
	fs.mu.Lock()
	w := fs.widgets[id]
	w.Title = "Renamed"
	fs.widgets[id] = w
	fs.mu.Unlock()
	if v, _ := s.View(context.Background(), id); v.Widget.Title == "Renamed" {
		t.Fatal("settings were not cached")
	}
	s.Forget(id)
	if v, _ := s.View(context.Background(), id); v.Widget.Title != "Renamed" {
		t.Errorf("after Forget: %q", v.Widget.Title)
	}
}

// After widgetTTL the settings are read again, but in the background: a
// visitor gets the held settings at once even when the database hangs.
func TestSettingsAreRereadWithoutMakingVisitorsWait(t *testing.T) {
	keys, _ := seal.NewKeyring(seal.GenerateKey())
	sealed, _ := keys.Seal([]byte("the-token"), model.TokenContext(1))
	id := NewID()
	fs := &fakeStore{account: model.Account{ID: 1, SealedToken: sealed, Status: model.StatusActive},
		widgets: map[string]model.Widget{id: {ID: id, AccountID: 1, Kind: "liked", Title: "Old", Count: 5, Layout: "list", Theme: "auto"}}}
	clk := testutil.NewClock(time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC))
	s := NewService(Config{Store: fs, API: &fakeAPI{}, Keys: keys, Interval: time.Hour, Now: clk.Now})
	defer s.Close()
	if v, err := s.View(context.Background(), id); err != nil || v.Widget.Title != "Old" {
		t.Fatalf("first view: %v %v", v.Widget.Title, err)
	}
	fs.mu.Lock()
	fs.hang = make(chan struct{})
	w := fs.widgets[id]
	w.Title = "New"
	fs.widgets[id] = w
	fs.mu.Unlock()
	clk.Add(widgetTTL + time.Second)

	before := fs.reads.Load()
	done := make(chan model.View, 1)
	go func() { v, _ := s.View(context.Background(), id); done <- v }()
	select {
	case v := <-done:
		if v.Widget.Title != "Old" {
			t.Errorf("view while the store hangs: %q, want the held settings", v.Widget.Title)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("a visitor waited for a hanging database")
	}
	// The recheck reads in the background: wait until its read has begun
	// (and hangs), then count.
	for deadline := time.Now().Add(2 * time.Second); fs.reads.Load() == before && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	reads := fs.reads.Load()
	for range 20 {
		s.View(context.Background(), id) // a recheck is already running
	}
	if n := fs.reads.Load() - reads; n != 0 {
		t.Errorf("%d more store reads while one recheck runs", n)
	}

	fs.mu.Lock()
	close(fs.hang)
	fs.hang = nil
	fs.mu.Unlock()
	testutil.Eventually(t, 2*time.Second, "the re-read settings never arrived", func() bool {
		v, _ := s.View(context.Background(), id)
		return v.Widget.Title == "New"
	})
}

// Settings nobody asks for are forgotten widgetKeep after they were last
// read: the next visitor reads them from the store (at once, not in the
// background), and storing settings sweeps out the forgotten ones.
func TestUnaskedSettingsAreForgotten(t *testing.T) {
	s, fs, _ := newFixture(t)
	// The settings' clock starts at today's time: the fixture's lists
	// cache reads the real clock, and its times meet this one in View.
	clk := testutil.NewClock(time.Now())
	s.cfg.Now = clk.Now
	var ids []string
	for id := range fs.widgets {
		ids = append(ids, id)
		if _, err := s.View(context.Background(), id); err != nil {
			t.Fatal(err)
		}
	}
	if n := s.widgets.count(); n != len(ids) {
		t.Fatalf("%d settings held, want %d", n, len(ids))
	}
	clk.Add(widgetKeep - time.Minute)
	s.View(context.Background(), ids[0]) // asked again: read again in the background, kept
	s.bg.Wait()
	clk.Add(sweepHeldEvery) // the others are past widgetKeep, and a sweep is due

	fs.mu.Lock()
	w := fs.widgets[ids[1]]
	w.Title = "Renamed"
	fs.widgets[ids[1]] = w
	fs.mu.Unlock()
	before := fs.reads.Load()
	if v, err := s.View(context.Background(), ids[1]); err != nil || v.Widget.Title != "Renamed" {
		t.Errorf("a forgotten widget's next view: %q %v, want the store's settings at once", v.Widget.Title, err)
	}
	if n := fs.reads.Load() - before; n != 1 {
		t.Errorf("%d store reads for a forgotten widget's view, want 1", n)
	}
	// That read stored settings, and so swept: the third widget, asked
	// for by nobody, is gone; the first and second are held.
	if n := s.widgets.count(); n != 2 {
		t.Errorf("%d settings held after the sweep, want 2", n)
	}
}

func TestStoreOutageIsLoggedOnce(t *testing.T) {
	s, fs, _ := newFixture(t)
	logs := &testutil.SyncBuffer{}
	s.log = slog.New(slog.NewTextHandler(logs, nil))
	clk := testutil.NewClock(time.Now())
	s.cfg.Now = clk.Now
	for id := range fs.widgets {
		s.View(context.Background(), id)
	}
	fs.mu.Lock()
	fs.down = true
	fs.mu.Unlock()
	for range 3 { // three recheck rounds of three widgets, all failing
		clk.Add(widgetTTL + time.Second)
		for id := range fs.widgets {
			if v, err := s.View(context.Background(), id); err != nil || v.Widget.ID != id {
				t.Fatalf("view during the outage: %v", err)
			}
		}
		s.bg.Wait()
	}
	if n := strings.Count(logs.String(), "does not answer"); n != 1 {
		t.Errorf("the outage was logged %d times, want once:\n%s", n, logs.String())
	}
	fs.mu.Lock()
	fs.down = false
	fs.mu.Unlock()
	clk.Add(widgetTTL + time.Second)
	for id := range fs.widgets {
		s.View(context.Background(), id)
	}
	s.bg.Wait()
	if !strings.Contains(logs.String(), "answers again") {
		t.Errorf("recovery not logged:\n%s", logs.String())
	}
}

// News from other replicas: what each piece drops.
func TestHeardFromOtherReplicas(t *testing.T) {
	rename := func(fs *fakeStore, id, title string) {
		fs.mu.Lock()
		w := fs.widgets[id]
		w.Title = title
		fs.widgets[id] = w
		fs.mu.Unlock()
	}
	for _, tc := range []struct {
		name        string
		hear        func(s *Service, id string)
		wantRenamed bool // the widget's settings were read again
		wantRefetch bool // the lists were dropped, so the next view fetches
	}{
		{"widget changed", func(s *Service, id string) { s.HeardWidgetChanged(id) }, true, false},
		{"other widget changed", func(s *Service, _ string) { s.HeardWidgetChanged(NewID()) }, false, false},
		{"account disconnected", func(s *Service, id string) { s.HeardAccountGone("1", []string{id}) }, true, true},
		{"lists refreshed", func(s *Service, _ string) { s.HeardListsStored(context.Background(), "1") }, false, false},
		{"resubscribed", func(s *Service, _ string) { s.Resync() }, true, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, fs, api := newFixture(t)
			id := widgetOf(fs, "liked", 5)
			s.View(context.Background(), id)
			rename(fs, id, "Renamed elsewhere")
			tc.hear(s, id)
			calls := len(api.liked)
			v, _ := s.View(context.Background(), id)
			if renamed := v.Widget.Title == "Renamed elsewhere"; renamed != tc.wantRenamed {
				t.Errorf("settings read again: %v, want %v", renamed, tc.wantRenamed)
			}
			if refetched := len(api.liked) > calls; refetched != tc.wantRefetch {
				t.Errorf("lists fetched again: %v, want %v", refetched, tc.wantRefetch)
			}
		})
	}
}

// A deleted widget shows nothing, and its lists no longer ask for its
// count; restored, it shows again.
func TestDeletedWidgetShowsNothing(t *testing.T) {
	s, fs, api := newFixture(t)
	w := model.Widget{ID: NewID(), AccountID: 1, Kind: model.Liked, Count: 20, Layout: model.List, Theme: model.Page, DeletedAt: time.Now()}
	fs.mu.Lock()
	fs.widgets[w.ID] = w
	fs.mu.Unlock()
	if _, err := s.View(context.Background(), w.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a deleted widget's view: %v, want ErrNotFound", err)
	}
	if v, err := s.View(context.Background(), widgetOf(fs, "liked", 5)); err != nil || len(v.Items) != 5 {
		t.Fatalf("a live widget of the member: %d items, %v", len(v.Items), err)
	}
	api.mu.Lock()
	asked := api.liked
	api.mu.Unlock()
	if len(asked) != 1 || asked[0] != 5 {
		t.Errorf("the lists asked for %v posts, want [5]: a deleted widget's 20 count for nothing", asked)
	}
	fs.mu.Lock()
	w.DeletedAt = time.Time{}
	fs.widgets[w.ID] = w
	fs.mu.Unlock()
	s.Forget(w.ID)
	if v, err := s.View(context.Background(), w.ID); err != nil || v.ID != w.ID {
		t.Errorf("the restored widget's view: %v", err)
	}
}

// A widget that shows more than was fetched (made after the others) waits
// for the longer fetch; when that fails, it says it is short rather than
// pass a short list off as whole.
func TestLongerWidgetWaitsForItsItems(t *testing.T) {
	s, fs, api := newFixture(t)
	if v, err := s.View(context.Background(), widgetOf(fs, "liked", 5)); err != nil || len(v.Items) != 5 || v.State != model.Fresh {
		t.Fatalf("first view: %d items, %v, %v", len(v.Items), v.State, err)
	}
	add := func(count int) string {
		w := model.Widget{ID: NewID(), AccountID: 1, Kind: model.Liked, Count: count, Layout: model.List, Theme: model.Page}
		fs.mu.Lock()
		fs.widgets[w.ID] = w
		fs.mu.Unlock()
		return w.ID
	}
	if v, err := s.View(context.Background(), add(8)); err != nil || len(v.Items) != 8 || v.State != model.Fresh {
		t.Errorf("a longer widget: %d items, state %v, %v; want 8, fresh", len(v.Items), v.State, err)
	}
	api.mu.Lock()
	api.err = errors.New("WordPress.com is down")
	api.mu.Unlock()
	if v, err := s.View(context.Background(), add(12)); err != nil || len(v.Items) != 8 || v.State != model.Short {
		t.Errorf("a longer widget whose fetch fails: %d items, state %v, %v; want the 8 there are, short", len(v.Items), v.State, err)
	}
}

// A widget that hides items still shows its full count: its lists are
// fetched with as many more; pinned items come first.
func TestCuratedWidgetShowsItsFullCount(t *testing.T) {
	s, fs, api := newFixture(t)
	id := widgetOf(fs, "liked", 5)
	v, _ := s.View(context.Background(), id)
	if len(v.Items) != 5 {
		t.Fatalf("before curating: %d items", len(v.Items))
	}
	fs.mu.Lock()
	w := fs.widgets[id]
	w.Hidden, w.Pinned = []string{v.Items[0].ID, v.Items[1].ID}, []string{v.Items[4].ID}
	fs.widgets[id] = w
	fs.mu.Unlock()
	s.Forget(id)
	got, err := s.View(context.Background(), id)
	if err != nil || len(got.Items) != 5 || got.State != model.Fresh {
		t.Fatalf("curated: %d items, %v, %v; want 5, fresh", len(got.Items), got.State, err)
	}
	if got.Items[0].ID != v.Items[4].ID {
		t.Errorf("the pinned item is not first: %s", got.Items[0].ID)
	}
	for _, it := range got.Items {
		if w.Hides(it.ID) {
			t.Errorf("a hidden item is shown: %s", it.ID)
		}
	}
	api.mu.Lock()
	asked := api.liked[len(api.liked)-1]
	api.mu.Unlock()
	if asked != 7 {
		t.Errorf("the lists were fetched with %d likes, want 7: 5 shown and 2 hidden", asked)
	}
	if c := s.Candidates(w); len(c) != 7 {
		t.Errorf("%d candidates to curate, want the 7 fetched", len(c))
	}
}

// Each load tells Loaded what every live widget of the member shows from
// the new lists, as View shows it (curated, at its count), so their
// pictures can be made before visitors come; a view served from the
// cache tells it nothing.
func TestLoadedHearsWhatWidgetsShow(t *testing.T) {
	s, fs, _ := newFixture(t)
	type heard struct {
		account int64
		views   []model.View
	}
	loads := make(chan heard, 4)
	s.cfg.Loaded = func(account int64, views []model.View) { loads <- heard{account, views} }
	curated, deleted := widgetOf(fs, "liked", 5), NewID()
	fs.mu.Lock()
	w := fs.widgets[curated]
	w.Hidden, w.Pinned = []string{"post:7:1"}, []string{"post:7:4"}
	fs.widgets[curated] = w
	fs.widgets[deleted] = model.Widget{ID: deleted, AccountID: 1, Kind: model.Liked, Count: 9, Layout: model.List, Theme: model.Page, DeletedAt: time.Now()}
	fs.mu.Unlock()

	if _, err := s.View(context.Background(), curated); err != nil {
		t.Fatal(err)
	}
	h := <-loads
	if h.account != 1 || len(h.views) != 3 {
		t.Fatalf("Loaded heard account %d with %d views, want 1 with the 3 live widgets", h.account, len(h.views))
	}
	for _, v := range h.views {
		if v.ID == deleted {
			t.Error("a deleted widget was said to show something")
		}
		shown, err := s.View(context.Background(), v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(v.Items, shown.Items, func(a, b model.Item) bool { return a.ID == b.ID }) || len(v.Items) != v.Count {
			t.Errorf("widget %s: Loaded heard %d items, View shows %d", v.ID, len(v.Items), len(shown.Items))
		}
	}
	select {
	case h := <-loads:
		t.Errorf("views from the cache told Loaded of %d views", len(h.views))
	default:
	}

	s.Reconnected(1)
	select {
	case h := <-loads:
		if len(h.views) != 3 {
			t.Errorf("a refresh told of %d views, want 3", len(h.views))
		}
	case <-time.After(5 * time.Second):
		t.Error("a refresh told Loaded nothing")
	}
}

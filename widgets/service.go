package widgets

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/wpcom"
)

// ErrNotFound: no widget has that id.
var ErrNotFound = errors.New("widgets: no such widget")

// Store is what the service reads from the database: only on a cache miss
// or during a refresh, never on a cached embed.
type Store interface {
	Widget(ctx context.Context, id string) (model.Widget, error)
	Account(ctx context.Context, id int64) (store.Account, error)
	WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error)
	SetAccountStatus(ctx context.Context, id int64, s store.Status) error
}

// API is what the service asks WordPress.com.
type API interface {
	Following(ctx context.Context, tok wpcom.Token, n int) ([]wpcom.Subscription, error)
	Liked(ctx context.Context, tok wpcom.Token, n int) ([]wpcom.Post, error)
}

// Config wires a Service.
type Config struct {
	Store    Store
	API      API
	Keys     *seal.Keyring
	Interval time.Duration // WIDGETS_REFRESH_INTERVAL
	Logger   *slog.Logger
	Now      func() time.Time
	// Lists holds members' lists: this process's memory when nil, or
	// memory in front of Redis when several replicas run.
	Lists cache.Tier[*Lists]
	// Bus, when set, carries changes to the other replicas (announce.go);
	// what they send back arrives through Handle.
	Bus Bus
	// OnRefresh and OnContended, if set, hear of refreshes and of finding
	// another replica refreshing (see cache.Options): for metrics.
	OnRefresh   func(took time.Duration, err error)
	OnContended func()
}

// Bus carries short messages to the other replicas.
type Bus interface {
	Publish(ctx context.Context, msg string)
}

// State says what a View holds.
type State int

const (
	// Fresh: lists fetched within the refresh interval.
	Fresh State = iota
	// Stale: older lists, served while a refresh runs or backs off.
	Stale
	// Pending: nothing fetched yet (or WordPress.com failed on the first try).
	Pending
	// Reconnect: the owner must reconnect and nothing was fetched before.
	Reconnect
)

// View is what a widget shows right now.
type View struct {
	Widget model.Widget
	Items  []model.Item
	State  State
	// Version identifies the lists the items came from (0: none), alike on
	// every replica. With the widget's UpdatedAt it names one rendering.
	Version uint64
}

// Bounds on the widget-settings cache. Settings are read from the store on
// a miss and kept until the owner changes them (Forget, on every replica
// through the Bus) or widgetTTL passes, after which they are read again;
// while the store does not answer, the settings held are served for up to
// widgetKeep, retrying every storeRetry. Ids that do not exist are
// remembered briefly, and only up to a cap, so made-up ids can neither reach
// the database on every request nor grow memory without limit.
const (
	widgetTTL    = 10 * time.Minute
	widgetKeep   = 24 * time.Hour
	storeRetry   = 30 * time.Second
	storeTimeout = 5 * time.Second
	missingTTL   = time.Minute
	missingLimit = 10000
)

// heldWidget is a widget's settings and when to read them again.
type heldWidget struct {
	w       model.Widget
	recheck time.Time
}

// Service turns public widget ids into what they show.
type Service struct {
	cfg      Config
	log      *slog.Logger
	lists    *cache.SWR[*Lists]
	widgets  *gocache.Cache
	missing  *gocache.Cache
	rechecks singleflight.Group
	// storeDown is set while rechecks of widget settings fail, so the
	// outage is logged once.
	storeDown atomic.Bool
	ctx       context.Context // ends with Close
	stop      context.CancelFunc
	bg        sync.WaitGroup
}

// NewService builds a Service. Close it to stop background refreshes.
func NewService(cfg Config) *Service {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Service{cfg: cfg, log: cfg.Logger, ctx: ctx, stop: stop,
		widgets: gocache.New(widgetKeep, 10*time.Minute), missing: gocache.New(missingTTL, time.Minute)}
	s.lists = cache.NewSWR[*Lists](cache.Options{
		Fresh:     cfg.Interval,
		Now:       cfg.Now,
		Permanent: func(err error) bool { return errors.Is(err, wpcom.ErrReconnect) || errors.Is(err, seal.ErrUnknownKey) },
		RetryAfter: func(err error) time.Duration {
			var e *wpcom.Error
			if errors.As(err, &e) {
				return e.RetryAfter
			}
			return 0
		},
		OnContended: cfg.OnContended,
		OnStored:    func(key string) { s.announce(msgLists + key) },
		OnLoad: func(key string, took time.Duration, err error) {
			if cfg.OnRefresh != nil {
				cfg.OnRefresh(took, err)
			}
			if err != nil {
				s.log.Warn("refresh failed", "account", key, "class", wpcom.Class(err), "took", took, "err", err)
				return
			}
			s.log.Info("refreshed", "account", key, "took", took)
		},
	}, cfg.Lists)
	return s
}

// Close stops background refreshes.
func (s *Service) Close() {
	s.stop()
	s.bg.Wait()
	s.lists.Close()
}

func accountKey(id int64) string { return strconv.FormatInt(id, 10) }

// View returns what the widget shows. On a warm cache it does no I/O. It
// never waits for WordPress.com when it has anything to show.
func (s *Service) View(ctx context.Context, id string) (View, error) {
	w, err := s.widget(ctx, id)
	if err != nil {
		return View{}, err
	}
	kind, key := w.Kind, accountKey(w.AccountID)
	load := s.loader(w.AccountID)
	e, err := s.lists.Get(ctx, key, load)
	if err != nil {
		if ctx.Err() != nil {
			return View{}, ctx.Err()
		}
		st := Pending
		if errors.Is(err, wpcom.ErrReconnect) {
			st = Reconnect
		}
		return View{Widget: w, State: st}, nil
	}
	if !e.Value.Covers(kind, 1) {
		// This kind was never fetched for the member (a new widget): that is
		// a cold cache, so wait for the shared load as a cold cache does.
		covers := func(e *cache.Entry[*Lists]) bool { return e.Value.Covers(kind, 1) }
		if fresh, err := s.lists.Load(ctx, key, load, covers); err == nil {
			e = fresh
		}
	} else if !e.Value.Covers(kind, w.Count) {
		s.lists.Refresh(key, load) // the owner asked for more than was fetched
	}
	v := View{Widget: w, Items: e.Value.Items(kind, w.Count), Version: e.Version, State: Fresh}
	if s.cfg.Now().Sub(e.Fetched) >= s.cfg.Interval {
		v.State = Stale
	}
	return v, nil
}

// widget reads settings from memory, or on a miss from the store. Settings
// held longer than widgetTTL are read again in the background: a visitor
// never waits on the database for settings this replica has.
func (s *Service) widget(ctx context.Context, id string) (model.Widget, error) {
	if v, ok := s.widgets.Get(id); ok {
		held := v.(*heldWidget)
		if !s.cfg.Now().Before(held.recheck) {
			s.recheckWidget(id, held)
		}
		return held.w, nil
	}
	if !ValidID(id) {
		return model.Widget{}, ErrNotFound
	}
	if _, ok := s.missing.Get(id); ok {
		return model.Widget{}, ErrNotFound
	}
	ctx, cancel := context.WithTimeout(ctx, storeTimeout)
	defer cancel()
	return s.readWidget(ctx, id)
}

// readWidget reads a widget's settings from the store and holds them.
func (s *Service) readWidget(ctx context.Context, id string) (model.Widget, error) {
	w, err := s.cfg.Store.Widget(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.widgets.Delete(id)
		if s.missing.ItemCount() < missingLimit {
			s.missing.SetDefault(id, struct{}{})
		}
		return model.Widget{}, ErrNotFound
	}
	if err != nil {
		return model.Widget{}, err
	}
	s.widgets.SetDefault(id, &heldWidget{w: w, recheck: s.cfg.Now().Add(widgetTTL)})
	return w, nil
}

// recheckWidget reads held settings again in the background, once however
// many visitors ask meanwhile. While the store fails, the held settings are
// kept and tried again every storeRetry.
func (s *Service) recheckWidget(id string, held *heldWidget) {
	if s.ctx.Err() != nil {
		return
	}
	s.widgets.Set(id, &heldWidget{w: held.w, recheck: s.cfg.Now().Add(storeRetry)}, gocache.DefaultExpiration)
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		s.rechecks.Do(id, func() (any, error) {
			ctx, cancel := context.WithTimeout(s.ctx, storeTimeout)
			defer cancel()
			_, err := s.readWidget(ctx, id)
			switch {
			case err != nil && !errors.Is(err, ErrNotFound):
				if !s.storeDown.Swap(true) { // once per outage, not once per widget
					s.log.Warn("the store does not answer: serving widget settings held in memory", "widget", id, "err", err)
				}
			case s.storeDown.Swap(false):
				s.log.Info("the store answers again: widget settings are read again")
			}
			return nil, nil
		})
	}()
}

// loader fetches one member's lists: as many of each kind as their widgets
// need, in one go, whatever the number of widgets or visitors.
func (s *Service) loader(accountID int64) func(context.Context) (*Lists, error) {
	return func(ctx context.Context) (*Lists, error) {
		a, err := s.cfg.Store.Account(ctx, accountID)
		if err != nil {
			return nil, err
		}
		if a.Status == store.StatusNeedsReconnect {
			return nil, &wpcom.Error{Kind: wpcom.ErrReconnect, Endpoint: "stored account", Message: "waiting for the owner to reconnect"}
		}
		plain, err := s.cfg.Keys.Open(a.SealedToken, store.TokenContext(a.ID))
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
			if w.Kind == model.Liked {
				l.AskedLiked = max(l.AskedLiked, w.Count)
			} else {
				l.AskedFollowing = max(l.AskedFollowing, w.Count)
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
		return l, nil
	}
}

// upstreamFailed marks the account when WordPress.com refused its token,
// so the owner sees the reconnect banner and refreshing stops.
func (s *Service) upstreamFailed(ctx context.Context, accountID int64, err error) error {
	if errors.Is(err, wpcom.ErrReconnect) {
		if serr := s.cfg.Store.SetAccountStatus(ctx, accountID, store.StatusNeedsReconnect); serr != nil {
			s.log.Error("marking account needs-reconnect failed", "account", accountID, "err", serr)
		} else {
			s.log.Warn("WordPress.com rejected the token; the owner must reconnect", "account", accountID)
		}
	}
	return err
}

// Forget drops a widget's cached settings after the owner created, changed
// or deleted it, here and on every other replica; its next request reads
// the store again.
func (s *Service) Forget(widgetID string) {
	s.forgetWidget(widgetID)
	s.announce(msgWidget + widgetID)
}

func (s *Service) forgetWidget(id string) {
	s.widgets.Delete(id)
	s.missing.Delete(id)
}

// ForgetAccount drops a member's lists and widgets (they disconnected),
// from the shared cache and on every replica.
func (s *Service) ForgetAccount(accountID int64, widgetIDs ...string) {
	s.lists.Delete(accountKey(accountID))
	for _, id := range widgetIDs {
		s.forgetWidget(id)
	}
	s.announce(msgAccount + accountKey(accountID) + " " + strings.Join(widgetIDs, " "))
}

// Reconnected refreshes a member's lists at once after they connected again
// (or changed what their widgets need).
func (s *Service) Reconnected(accountID int64) {
	s.lists.Refresh(accountKey(accountID), s.loader(accountID))
}

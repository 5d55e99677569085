package widgets

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/wpcom"
)

// ErrNotFound: no widget has that id (or its id is malformed, which the
// store is never asked). It is a model.ErrNotFound too.
var ErrNotFound = fmt.Errorf("widgets: no such widget: %w", model.ErrNotFound)

// Store is what the service reads from the database (only on a cache miss
// or during a refresh, never on a cached embed) and writes to it (an
// account's status, a member connecting).
type Store interface {
	Widget(ctx context.Context, id string) (model.Widget, error)
	Account(ctx context.Context, id int64) (model.Account, error)
	WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error)
	SetAccountStatus(ctx context.Context, id int64, s model.Status) error
	UpsertAccount(ctx context.Context, a model.Account) (model.Account, error)
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
	// Peers, when set, are told what this replica changed (peers.go).
	Peers Peers
	// OnRefresh and OnContended, if set, hear of refreshes and of finding
	// another replica refreshing (see cache.Options): for metrics.
	OnRefresh   func(took time.Duration, err error)
	OnContended func()
	// Loaded, if set, hears of each of a member's lists this replica
	// fetched, with what each of their widgets shows from them:
	// the image proxy makes their pictures before visitors ask. It is
	// called within the load, so it must return at once.
	Loaded func(accountID int64, views []model.View)
}

// Service turns public widget ids into what they show.
type Service struct {
	cfg      Config
	log      *slog.Logger
	lists    *cache.SWR[*Lists]
	widgets  heldWidgets
	missing  *gocache.Cache
	rechecks singleflight.Group
	reads    singleflight.Group // cold reads of widget settings (held.go)
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
	if cfg.Peers == nil {
		cfg.Peers = alone{}
	}
	ctx, stop := context.WithCancel(context.Background())
	s := &Service{cfg: cfg, log: cfg.Logger, ctx: ctx, stop: stop,
		missing: gocache.New(missingTTL, time.Minute)}
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
		MaxWait:     coldWait,
		OnStored:    func(key string) { s.cfg.Peers.ListsStored(key) },
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

// Candidates are every item of the widget's kind in its member's lists as
// last fetched, hidden ones included, for the owner to curate: nil when
// this replica holds no lists of theirs. It does no I/O.
func (s *Service) Candidates(w model.Widget) []model.Item {
	e := s.lists.Status(accountKey(w.AccountID)).Entry
	if e == nil || !e.Value.Covers(w.Kind, 1) {
		return nil
	}
	return e.Value.All(w.Kind)
}

// moreWait bounds how long a widget that needs more items than were
// fetched waits for them before it is shown short.
const moreWait = 3 * time.Second

// coldWait bounds how long a visitor of a widget whose lists this replica
// lacks waits for them: two turns in the budget and the two calls
// (following, then liked), with room. Past it they get the widget's
// waiting state, which no one keeps, and the load goes on for the next
// visitor. It is the bound on an embed request: they skip the server's
// request timeout, and the http.Server has no ReadTimeout.
const coldWait = 2*wpcom.MaxBudgetWait + 10*time.Second

// View returns what the widget shows. On a warm cache it does no I/O. It
// never waits for WordPress.com when it has anything to show, but up to
// moreWait for a widget that shows more than was fetched.
func (s *Service) View(ctx context.Context, id string) (model.View, error) {
	held, err := s.held(ctx, id)
	if err != nil {
		return model.View{}, err
	}
	// The closures below capture these, not the widget, so that a warm
	// view allocates nothing.
	kind, wants, key, load := held.w.Kind, held.w.Wants(), held.key, held.load
	w := &held.w
	// nothing is what a widget shows while its lists have not come.
	nothing := func(err error) (model.View, error) {
		if ctx.Err() != nil {
			return model.View{}, ctx.Err()
		}
		st := model.Pending
		if errors.Is(err, wpcom.ErrReconnect) {
			st = model.Reconnect
		}
		return model.View{Widget: *w, State: st}, nil
	}
	e, err := s.lists.Get(ctx, key, load)
	if err != nil {
		return nothing(err)
	}
	if !e.Value.Covers(kind, 1) {
		// This kind was never fetched for the member (a new widget): that is
		// a cold cache, so wait for the shared load as a cold cache does.
		covers := func(e *cache.Entry[*Lists]) bool { return e.Value.Covers(kind, 1) }
		if e, err = s.lists.Load(ctx, key, load, covers); err != nil {
			return nothing(err)
		}
		if !covers(e) { // another replica's load, still under way
			return nothing(cache.ErrUnavailable)
		}
	}
	short := false
	if !e.Value.Covers(kind, wants) {
		// The owner asked for more than was fetched (a new, longer widget,
		// or one that hides items): wait a little for the longer fetch
		// rather than show a short list as if it were whole; past
		// moreWait, say it is short.
		covers := func(e *cache.Entry[*Lists]) bool { return e.Value.Covers(kind, wants) }
		wctx, cancel := context.WithTimeout(ctx, moreWait)
		more, err := s.lists.Load(wctx, key, load, covers)
		cancel()
		switch {
		case err == nil && covers(more):
			e = more
		case err == nil:
			// A load for the stored settings went through and still does
			// not cover these: the settings held here are stale (a notice
			// lost, or a read older than a change). Read them again
			// rather than load again for every visitor.
			s.forgetWidget(w.ID)
			short = true
		default:
			short = ctx.Err() == nil
		}
	}
	v := showing(*w, e.Value)
	v.Version = e.Version
	switch {
	case short:
		v.State = model.Short
	case s.cfg.Now().Sub(e.Fetched) >= s.cfg.Interval:
		v.State = model.Stale
	}
	return v, nil
}

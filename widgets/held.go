package widgets

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wpcom-widgets/service/model"
)

// The widget-settings cache: a cached embed reads a widget's settings from
// memory; the store is read on a miss, and again now and then in the
// background.

// Bounds on the widget-settings cache. Settings are read from the store on
// a miss and kept until the owner changes them (Forget, on every replica
// through Peers) or widgetTTL passes, after which they are read again;
// while the store does not answer, the settings held are served as long as
// visitors keep asking, retrying every storeRetry (each retry keeps them
// another widgetKeep): a widget nobody asks for is forgotten widgetKeep
// after the last try. Ids that do not exist are
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

// heldWidget is a widget's settings, when to read them again and when to
// forget them, with its member's key in the lists cache and the loader of
// those lists, made once here rather than on every view.
type heldWidget struct {
	w       model.Widget
	recheck time.Time
	forget  time.Time
	key     string
	load    func(context.Context) (*Lists, error)
}

func (s *Service) hold(w model.Widget, now time.Time) *heldWidget {
	return &heldWidget{w: w, recheck: now.Add(widgetTTL), forget: now.Add(widgetKeep), key: accountKey(w.AccountID), load: s.loader(w.AccountID)}
}

// heldWidgets are the settings held, by widget id: a sync.Map, so that a
// hit takes no lock (a read lock is a write to a word every core shares)
// and reads no clock of its own (held reads one for its recheck anyway).
// Settings past their forget time are dropped when next looked up, and
// all of them by a sweep at most every sweepHeldEvery.
type heldWidgets struct {
	m     sync.Map     // id → *heldWidget
	swept atomic.Int64 // Unix nanoseconds of the last sweep
}

// sweepHeldEvery is how often storing settings looks for forgotten ones.
const sweepHeldEvery = 10 * time.Minute

func (h *heldWidgets) get(id string, now time.Time) (*heldWidget, bool) {
	x, ok := h.m.Load(id)
	if !ok {
		return nil, false
	}
	held := x.(*heldWidget)
	if !now.Before(held.forget) {
		h.m.CompareAndDelete(id, x)
		return nil, false
	}
	return held, true
}

func (h *heldWidgets) put(id string, held *heldWidget, now time.Time) {
	h.m.Store(id, held)
	last := h.swept.Load()
	if now.UnixNano()-last < int64(sweepHeldEvery) || !h.swept.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	h.m.Range(func(id, x any) bool {
		if !now.Before(x.(*heldWidget).forget) {
			h.m.CompareAndDelete(id, x)
		}
		return true
	})
}

func (h *heldWidgets) forget(id string) { h.m.Delete(id) }

func (h *heldWidgets) clear() { h.m.Clear() }

// count is how many settings are held (forgotten ones not yet swept
// included): for tests.
func (h *heldWidgets) count() int {
	n := 0
	h.m.Range(func(any, any) bool { n++; return true })
	return n
}

// widget reads settings from memory, or on a miss from the store. Settings
// held longer than widgetTTL are read again in the background: a visitor
// never waits on the database for settings this replica has.
func (s *Service) widget(ctx context.Context, id string) (model.Widget, error) {
	held, err := s.held(ctx, id)
	if err != nil {
		return model.Widget{}, err
	}
	return held.w, nil
}

// held is widget with what a view needs beside the settings; the held
// value is shared, not to be changed.
func (s *Service) held(ctx context.Context, id string) (*heldWidget, error) {
	now := s.cfg.Now()
	if held, ok := s.widgets.get(id, now); ok {
		if !now.Before(held.recheck) {
			s.recheckWidget(id, held)
		}
		return held, nil
	}
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	if _, ok := s.missing.Get(id); ok {
		return nil, ErrNotFound
	}
	// One read however many visitors arrive at once for a widget this
	// replica does not hold (after a start, a popular widget's first
	// second brings hundreds): each waits for it as long as it stays, and
	// the read, not tied to any one of them, ends within storeTimeout.
	ch := s.reads.DoChan(id, func() (any, error) {
		ctx, cancel := context.WithTimeout(s.ctx, storeTimeout)
		defer cancel()
		return s.readWidget(ctx, id)
	})
	select {
	case r := <-ch:
		if r.Err != nil {
			return nil, r.Err
		}
		return r.Val.(*heldWidget), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readWidget reads a widget's settings from the store and holds them. A
// deleted widget is not found: it shows nothing until it is restored.
func (s *Service) readWidget(ctx context.Context, id string) (*heldWidget, error) {
	w, err := s.cfg.Store.Widget(ctx, id)
	if errors.Is(err, model.ErrNotFound) || (err == nil && w.Deleted()) {
		s.widgets.forget(id)
		if s.missing.ItemCount() < missingLimit {
			s.missing.SetDefault(id, struct{}{})
		}
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	now := s.cfg.Now()
	held := s.hold(w, now)
	s.widgets.put(id, held, now)
	return held, nil
}

// recheckWidget reads held settings again in the background, once however
// many visitors ask meanwhile. While the store fails, the held settings are
// kept and tried again every storeRetry.
func (s *Service) recheckWidget(id string, held *heldWidget) {
	if s.ctx.Err() != nil {
		return
	}
	now := s.cfg.Now()
	s.widgets.put(id, &heldWidget{w: held.w, recheck: now.Add(storeRetry), forget: now.Add(widgetKeep), key: held.key, load: held.load}, now)
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

// Forget drops a widget's cached settings after the owner created, changed
// or deleted it, here and on every other replica; its next request reads
// the store again.
func (s *Service) Forget(widgetID string) {
	s.forgetWidget(widgetID)
	s.cfg.Peers.WidgetChanged(widgetID)
}

func (s *Service) forgetWidget(id string) {
	s.widgets.forget(id)
	s.missing.Delete(id)
}

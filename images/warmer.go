package images

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/wpcom-widgets/service/logs"
	"github.com/wpcom-widgets/service/model"
)

// Defaults for WarmOptions. Two at a time: on a small machine a warm-up
// is mostly waiting on an origin, and each decode holds a core; visitors
// keep the rest. A load's hundred pictures cover a member's grid of 50
// and a blogroll's 50 icons; the queue, a few members refreshed at once.
const (
	DefaultWarmWorkers = 2
	DefaultWarmQueue   = 512
	DefaultWarmPerLoad = 100
	// DefaultWarmTimeout bounds one picture's warm-up, its work included:
	// past the fetch's 10 s and a decode slot's 10 s, so it cuts short
	// only work that is stuck (a warm-up starts with its turn at once).
	DefaultWarmTimeout = 30 * time.Second
)

// WarmOptions shape a Warmer; the zero value is the production setting.
type WarmOptions struct {
	Workers int           // pictures made at once (DefaultWarmWorkers)
	Queue   int           // pictures waiting, of every member (DefaultWarmQueue)
	PerLoad int           // pictures taken of one Add (DefaultWarmPerLoad)
	Timeout time.Duration // one picture's warm-up, its work included (DefaultWarmTimeout)
	// Warmed, if set, hears what became of each picture offered: Warm's
	// results, or WarmDropped. For metrics.
	Warmed func(result string)
	Logger *slog.Logger
}

// Warmer makes in the background the thumbnails widgets will show, once
// their member's lists are fetched, so the first visitor after a refresh
// finds them kept: a few at a time through Proxy.Warm, the rest waiting
// in a bounded queue. Offering never blocks; what does not fit is
// dropped, and made by its first visitor as it would be without a
// warm-up. Close stops it.
type Warmer struct {
	p       *Proxy
	o       WarmOptions
	queue   chan warmJob
	mu      sync.Mutex
	pending map[string]bool // keys queued or being made
	full    *logs.Sometimes
	ctx     context.Context
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

type warmJob struct {
	pic   model.Picture
	owner int64
}

// NewWarmer starts a Warmer making thumbnails with p.
func NewWarmer(p *Proxy, o WarmOptions) *Warmer {
	if o.Workers <= 0 {
		o.Workers = DefaultWarmWorkers
	}
	if o.Queue <= 0 {
		o.Queue = DefaultWarmQueue
	}
	if o.PerLoad <= 0 {
		o.PerLoad = DefaultWarmPerLoad
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultWarmTimeout
	}
	if o.Warmed == nil {
		o.Warmed = func(string) {}
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	ctx, stop := context.WithCancel(context.Background())
	w := &Warmer{p: p, o: o, queue: make(chan warmJob, o.Queue), pending: map[string]bool{},
		full: logs.NewSometimes(1, 10*time.Minute), ctx: ctx, stop: stop}
	for range o.Workers {
		w.wg.Go(w.work)
	}
	return w
}

// Add offers the pictures owner's widgets show, the ones that matter most
// (the top of each widget) first, and returns at once: those kept already
// are counted, the first PerLoad of the others queued (once, however
// often offered), the rest dropped.
func (w *Warmer) Add(owner int64, pics []model.Picture) {
	if w.ctx.Err() != nil {
		return
	}
	queued, cached, dropped := 0, 0, 0
	for _, pic := range pics {
		if w.p.cached(pic.Key) {
			cached++
			w.o.Warmed(WarmCached)
			continue
		}
		w.mu.Lock()
		if w.pending[pic.Key] {
			w.mu.Unlock()
			continue
		}
		ok := queued < w.o.PerLoad
		if ok {
			select {
			case w.queue <- warmJob{pic, owner}:
				w.pending[pic.Key] = true
			default: // full: the rest is for visitors
				ok = false
			}
		}
		w.mu.Unlock()
		if !ok {
			dropped++
			w.o.Warmed(WarmDropped)
			continue
		}
		queued++
	}
	w.o.Logger.Debug("image warm-up", "account", owner, "queued", queued, "cached", cached, "dropped", dropped)
	if dropped > 0 {
		w.full.Do(func(n int64) {
			w.o.Logger.Info("image warm-up: more pictures than it takes; their first visitors make them",
				"account", owner, "dropped", dropped, "loads_dropping_since_last_line", n)
		})
	}
}

// work makes queued pictures one after another until Close.
func (w *Warmer) work() {
	for {
		select {
		case <-w.ctx.Done():
			return
		case j := <-w.queue:
			ctx, cancel := context.WithTimeout(w.ctx, w.o.Timeout)
			result, _ := w.p.Warm(ctx, j.pic, j.owner) // a failure is the proxy's to log
			cancel()
			w.mu.Lock()
			delete(w.pending, j.pic.Key)
			w.mu.Unlock()
			w.o.Warmed(result)
		}
	}
}

// Close stops the workers, cutting short the pictures they are making,
// and waits for them; pictures still queued are left for their visitors.
func (w *Warmer) Close() {
	w.stop()
	w.wg.Wait()
}

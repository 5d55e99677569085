package images

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/wpcom-widgets/service/model"
)

// Image is a thumbnail ready to serve.
type Image struct {
	Body        []byte
	ContentType string
	ETag        string    // strong: a hash of Body
	Fetched     time.Time // when its origin was asked
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Hooks tell metrics what the proxy does; any may be nil.
type Hooks struct {
	// Lookup is where a thumbnail asked for was found: "memory", "disk",
	// "miss" (fetched now), "shared" (another visitor's fetch under way),
	// "failed" (a failure remembered) or "busy" (no turn within
	// visitorTurnWait, or not made within visitorWait: the placeholder,
	// briefly).
	Lookup  func(result string)
	Fetched func(bytes int) // bytes an origin sent for a picture that became a thumbnail
	Failed  func(src string, err error)
}

// ProxyOptions shape a Proxy; the zero value keeps thumbnails in memory
// only.
type ProxyOptions struct {
	Disk   *Disk   // nil: memory only
	Budget *Budget // the image path's memory; NewBudget(DefaultMemory) when nil
	Hooks  Hooks
	Logger *slog.Logger
	Now    func() time.Time // time.Now when nil
}

// Proxy fetches, shrinks and keeps thumbnails: a small memory tier in
// front of an optional disk tier. A picture is fetched once however many
// visitors ask at the same moment, within the image path's memory budget
// (Budget: its turn, its bytes, a fair share per origin and member). A
// visitor waits at most visitorTurnWait for a picture to get its turn and
// visitorWait for it to be made, then sees the placeholder briefly (the
// work goes on, for the next visitor). A kept thumbnail older
// than a week is served while it is fetched again in the background (a
// blog's icon keeps its URL when it changes). What failed is remembered
// in memory only, a bounded number of keys (nothing of a failure is
// stored): briefly when the origin may recover, for hours when the
// picture itself was refused or its origin stalled.
type Proxy struct {
	fetch      *Fetcher
	memory     *memory
	failures   *failures
	disk       *Disk
	budget     *Budget
	flight     singleflight.Group
	refreshing sync.Map // keys being fetched again after a week
	started    sync.Map // key → a channel closed once its picture has its turn
	hooks      Hooks
	log        *slog.Logger
	now        func() time.Time
}

// Sizes and lifetimes.
const (
	memoryBytes  = 16 << 20 // the memory tier of thumbnails
	refreshAfter = 7 * 24 * time.Hour
	keepFailure  = 5 * time.Minute // the origin may come back
	keepRefusal  = 6 * time.Hour   // the picture will not change: not an image, too big, a refused address
	keepSlow     = 2 * time.Hour   // an origin that began and stalled: replaying it must cost nothing
	keepBusy     = time.Minute     // no turn, memory or decode slot in time: the path is loaded, ask again soon
	// visitorTurnWait is how long a visitor waits for a picture to get its
	// turn, visitorWait for one being made, before the placeholder;
	// turnWait how long the work waits for its turn in the budget.
	visitorTurnWait = 5 * time.Second
	visitorWait     = 20 * time.Second
	turnWait        = time.Minute
	decodeWait      = 10 * time.Second // for a decode slot, with the body in hand
)

// NewProxy makes a Proxy fetching with f.
func NewProxy(f *Fetcher, o ProxyOptions) *Proxy {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Budget == nil {
		o.Budget = NewBudget(DefaultMemory)
	}
	return &Proxy{fetch: f, memory: newMemory(memoryBytes), failures: newFailures(maxFailures, o.Now),
		disk: o.Disk, budget: o.Budget, hooks: o.Hooks, log: o.Logger, now: o.Now}
}

// Get is the thumbnail of s, kept or fetched now for owner (the member
// whose widget shows it: one member's pictures get a fair share of the
// budget). An error means the caller shows the item's placeholder
// instead; ErrBusy that it may be there in a moment.
func (p *Proxy) Get(ctx context.Context, s model.Picture, owner int64) (Image, error) {
	key, src, side := s.Key, s.URL, s.Side
	if img, ok := p.memory.get(key); ok {
		p.lookup("memory")
		p.refreshIfOld(key, src, side, img)
		return img, nil
	}
	if err, ok := p.failures.get(key); ok {
		p.lookup("failed")
		return Image{}, err
	}
	// Not the first visitor's context: one who leaves must not fail the
	// fetch for the others waiting on it.
	started, ch, _ := p.flightOf(context.WithoutCancel(ctx), s, owner, p.lookup)
	// A visitor waits for a picture being made, but only briefly for one
	// still waiting for its turn.
	turn := time.NewTimer(visitorTurnWait)
	defer turn.Stop()
	whole := time.NewTimer(visitorWait)
	defer whole.Stop()
	turnC, startedC := turn.C, started
	for {
		select {
		case r := <-ch:
			if r.Shared {
				p.lookup("shared")
			}
			if r.Err != nil {
				return Image{}, r.Err
			}
			return r.Val.(Image), nil
		case <-startedC: // under way: no more waiting for a turn
			turnC, startedC = nil, nil
			continue
		case <-turnC:
		case <-whole.C:
		case <-ctx.Done():
		}
		p.lookup("busy")
		return Image{}, ErrBusy
	}
}

// flightOf joins the one fetch of s's thumbnail under way, or starts it
// on work: from the disk tier, or made from its origin for owner. lookup
// hears where it was found. started is closed once the picture has its
// turn. joined says another caller's work was under way (or about to
// be). Work cut short by its context (a warm-up's deadline, or shutdown;
// a visitor's never is) says nothing of the picture: it is not
// remembered as a failure.
func (p *Proxy) flightOf(work context.Context, s model.Picture, owner int64, lookup func(string)) (started chan struct{}, ch <-chan singleflight.Result, joined bool) {
	key, src, side := s.Key, s.URL, s.Side
	first, joined := p.started.LoadOrStore(key, make(chan struct{}))
	ch = p.flight.DoChan(key, func() (any, error) {
		mine, _ := p.started.LoadOrStore(key, make(chan struct{}))
		begin := sync.OnceFunc(func() { close(mine.(chan struct{})) })
		defer func() {
			begin()
			p.started.CompareAndDelete(key, mine)
		}()
		if p.disk != nil {
			if img, ok := p.disk.Get(key); ok {
				lookup("disk")
				p.memory.add(key, img)
				p.refreshIfOld(key, src, side, img)
				return img, nil
			}
		}
		lookup("miss")
		img, err := p.make(work, src, side, strconv.FormatInt(owner, 10), begin)
		if err != nil && work.Err() != nil {
			return nil, fmt.Errorf("%w: %w", errCutShort, work.Err())
		}
		if err != nil {
			p.failed(key, src, err)
			return nil, err
		}
		p.keep(key, img)
		return img, nil
	})
	return first.(chan struct{}), ch, joined
}

// refreshIfOld fetches a kept thumbnail again in the background once it is
// a week old; visitors get the kept one meanwhile, and keep getting it if
// the origin fails.
func (p *Proxy) refreshIfOld(key, src string, side int, img Image) {
	if p.now().Sub(img.Fetched) < refreshAfter {
		return
	}
	if _, busy := p.refreshing.LoadOrStore(key, struct{}{}); busy {
		return // one refresh per key; a hit meanwhile costs nothing more
	}
	go func() {
		defer p.refreshing.Delete(key)
		fresh, err := p.make(context.Background(), src, side, "", func() {})
		if err != nil {
			p.log.Info("image refresh failed; the kept thumbnail stays", "reason", Reason(err), "err", Describe(err))
			// Kept as if fetched a little under a week ago: asked again in
			// keepFailure, not on every hit.
			img.Fetched = p.now().Add(keepFailure - refreshAfter)
			p.memory.add(key, img)
			return
		}
		p.keep(key, fresh)
	}()
}

func (p *Proxy) keep(key string, img Image) {
	p.memory.add(key, img)
	if p.disk != nil {
		if err := p.disk.Put(key, img); err != nil {
			p.log.Warn("image cache: could not keep a thumbnail on disk", "err", err)
		}
	}
}

func (p *Proxy) failed(key, src string, err error) {
	if p.hooks.Failed != nil {
		p.hooks.Failed(src, err)
	}
	if errors.Is(err, errQueueFull) {
		return // says nothing of the picture
	}
	// Only why, not the error: an origin's error can carry its headers.
	p.failures.add(key, sentinel(err), failureLife(err))
}

// failureLife is how long a failure is remembered, by what it says of
// the picture.
func failureLife(err error) time.Duration {
	switch {
	case errors.Is(err, ErrNotImage), errors.Is(err, ErrPixels), errors.Is(err, ErrTooLarge),
		errors.Is(err, ErrURL), errors.Is(err, ErrRefused), errors.Is(err, ErrRedirects):
		return keepRefusal
	case errors.Is(err, ErrSlow):
		return keepSlow
	case errors.Is(err, ErrBusy):
		return keepBusy
	}
	return keepFailure
}

func (p *Proxy) lookup(result string) {
	if p.hooks.Lookup != nil {
		p.hooks.Lookup(result)
	}
}

// make fetches and shrinks one picture in its turn: the bytes it reads
// and the memory its decode takes are reserved in the budget first, and
// given back when it is done. A decoder that panics on a crafted picture
// fails that picture, not the process (make runs outside any request's
// recovery: in a shared fetch, or a background refresh).
func (p *Proxy) make(ctx context.Context, src string, side int, owner string, begin func()) (img Image, err error) {
	defer func() {
		if r := recover(); r != nil {
			p.log.Error("image: a decoder panicked; the picture is refused", "host", hostOf(src), "panic", fmt.Sprint(r))
			img, err = Image{}, fmt.Errorf("%w: the decoder failed", ErrNotImage)
		}
	}()
	fetched := p.now()
	tctx, cancel := context.WithTimeout(ctx, turnWait)
	j, err := p.budget.admit(tctx, hostOf(src), owner)
	cancel()
	if err != nil {
		return Image{}, err
	}
	defer j.done()
	begin() // its turn: visitors wait for it now
	pic, err := p.fetch.fetch(ctx, Smaller(src, side), side, j)
	if err != nil {
		return Image{}, err
	}
	if p.hooks.Fetched != nil {
		p.hooks.Fetched(len(pic.Body))
	}
	// A decode slot (its memory was reserved with the body).
	dctx, cancel := context.WithTimeout(ctx, decodeWait)
	defer cancel()
	if err := j.decode(dctx); err != nil {
		return Image{}, err
	}
	body, ctype, err := Thumbnail(pic, side)
	if err != nil {
		return Image{}, err
	}
	sum := sha256.Sum256(body)
	return Image{Body: body, ContentType: ctype, ETag: `"` + b32.EncodeToString(sum[:15]) + `"`, Fetched: fetched}, nil
}

// hostOf is the origin of a picture's URL, host and port: what the budget
// shares by, and what a log may name.
func hostOf(src string) string {
	if u, err := url.Parse(src); err == nil {
		return u.Host
	}
	return ""
}

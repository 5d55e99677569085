package images

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"
)

// Image is a thumbnail ready to serve.
type Image struct {
	Body        []byte
	ContentType string
	ETag        string    // strong: a hash of Body
	Fetched     time.Time // when its origin was asked
}

// Key names the thumbnail of the picture at src, side pixels square: what
// a widget's markup puts in its image path, and what the server matches
// against the widget's own items (the URL to fetch is never taken from a
// request). keyVersion changes when thumbnails are made differently, so
// none made the old way is served again.
func Key(src string, side int) string {
	sum := sha256.Sum256([]byte(keyVersion + "\n" + strconv.Itoa(side) + "\n" + src))
	return strings.ToLower(b32.EncodeToString(sum[:15]))
}

const keyVersion = "1"

// Source is a picture to show at a size, named by its Key: made once (a
// widget's rendering holds them), so serving one costs no hashing.
type Source struct {
	Key  string
	URL  string
	Side int
}

// NewSource is the picture at url, side pixels square.
func NewSource(url string, side int) Source { return Source{Key: Key(url, side), URL: url, Side: side} }

// KeyLen is the length of every Key.
const KeyLen = 24

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Hooks tell metrics what the proxy does; any may be nil.
type Hooks struct {
	// Lookup is where a thumbnail asked for was found: "memory", "disk",
	// "miss" (fetched now), "shared" (another visitor's fetch under way)
	// or "failed" (a failure remembered).
	Lookup  func(result string)
	Fetched func(bytes int) // bytes an origin sent for a picture that became a thumbnail
	Failed  func(src string, err error)
}

// ProxyOptions shape a Proxy; the zero value keeps thumbnails in memory
// only.
type ProxyOptions struct {
	Disk        *Disk // nil: memory only
	Hooks       Hooks
	Logger      *slog.Logger
	MemoryBytes int64            // the memory tier's cap; DefaultMemoryBytes when 0
	Now         func() time.Time // time.Now when nil
}

// Proxy fetches, shrinks and keeps thumbnails: a small memory tier in
// front of an optional disk tier. A picture is fetched once however many
// visitors ask at the same moment, at most two are decoded at once (a
// decode can take a hundred megabytes), and a kept one older than a week
// is served while it is fetched again in the background (a blog's icon
// keeps its URL when it changes). What failed is remembered in memory
// only (nothing of a failure is stored): briefly when the origin may
// recover, for hours when the picture itself was refused.
type Proxy struct {
	fetch      *Fetcher
	memory     *memory
	failures   *gocache.Cache // key → error
	disk       *Disk
	flight     singleflight.Group
	refreshing sync.Map // keys being fetched again after a week
	decoding   chan struct{}
	hooks      Hooks
	log        *slog.Logger
	now        func() time.Time
}

// Sizes and lifetimes.
const (
	DefaultMemoryBytes = 16 << 20
	refreshAfter       = 7 * 24 * time.Hour
	keepFailure        = 5 * time.Minute // the origin may come back
	keepRefusal        = 6 * time.Hour   // the picture will not change: not an image, too big, a refused address
	decodeAtOnce       = 2
)

// NewProxy makes a Proxy fetching with f.
func NewProxy(f *Fetcher, o ProxyOptions) *Proxy {
	if o.MemoryBytes <= 0 {
		o.MemoryBytes = DefaultMemoryBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Proxy{fetch: f, memory: newMemory(o.MemoryBytes), failures: gocache.New(keepFailure, time.Minute),
		disk: o.Disk, decoding: make(chan struct{}, decodeAtOnce), hooks: o.Hooks, log: o.Logger, now: o.Now}
}

// Get is the thumbnail of s, kept or fetched now. An error means the
// caller shows the item's placeholder instead.
func (p *Proxy) Get(ctx context.Context, s Source) (Image, error) {
	key, src, side := s.Key, s.URL, s.Side
	if img, ok := p.memory.get(key); ok {
		p.lookup("memory")
		p.refreshIfOld(key, src, side, img)
		return img, nil
	}
	if v, ok := p.failures.Get(key); ok {
		p.lookup("failed")
		return Image{}, v.(error)
	}
	v, err, shared := p.flight.Do(key, func() (any, error) {
		if p.disk != nil {
			if img, ok := p.disk.Get(key); ok {
				p.lookup("disk")
				p.memory.add(key, img)
				p.refreshIfOld(key, src, side, img)
				return img, nil
			}
		}
		p.lookup("miss")
		// Not the first visitor's context: one who leaves must not fail
		// the fetch for the others waiting on it.
		img, err := p.make(context.WithoutCancel(ctx), src, side)
		if err != nil {
			p.failed(key, src, err)
			return nil, err
		}
		p.keep(key, img)
		return img, nil
	})
	if shared {
		p.lookup("shared")
	}
	if err != nil {
		return Image{}, err
	}
	return v.(Image), nil
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
		fresh, err := p.make(context.Background(), src, side)
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
	life := keepFailure
	if errors.Is(err, ErrNotImage) || errors.Is(err, ErrPixels) || errors.Is(err, ErrTooLarge) ||
		errors.Is(err, ErrURL) || errors.Is(err, ErrRefused) || errors.Is(err, ErrRedirects) {
		life = keepRefusal
	}
	p.failures.Set(key, err, life)
}

// Kept reports whether a thumbnail of s is kept in any tier (for tests:
// nothing of a failure may be stored).
func (p *Proxy) Kept(s Source) bool {
	key := s.Key
	if p.memory.has(key) {
		return true
	}
	if p.disk != nil {
		_, ok := p.disk.Get(key)
		return ok
	}
	return false
}

func (p *Proxy) lookup(result string) {
	if p.hooks.Lookup != nil {
		p.hooks.Lookup(result)
	}
}

func (p *Proxy) make(ctx context.Context, src string, side int) (Image, error) {
	fetched := p.now()
	pic, err := p.fetch.Fetch(ctx, Smaller(src, side))
	if err != nil {
		return Image{}, err
	}
	if p.hooks.Fetched != nil {
		p.hooks.Fetched(len(pic.Body))
	}
	select { // at most decodeAtOnce decodes, each within the fetcher's memory budget
	case p.decoding <- struct{}{}:
		defer func() { <-p.decoding }()
	case <-ctx.Done():
		return Image{}, ctx.Err()
	}
	body, ctype, err := Thumbnail(pic, side)
	if err != nil {
		return Image{}, err
	}
	sum := sha256.Sum256(body)
	return Image{Body: body, ContentType: ctype, ETag: `"` + b32.EncodeToString(sum[:15]) + `"`, Fetched: fetched}, nil
}

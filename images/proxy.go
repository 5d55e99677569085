package images

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"log/slog"
	"strconv"
	"strings"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	gocache "github.com/patrickmn/go-cache"
	"golang.org/x/sync/singleflight"
)

// Image is a thumbnail ready to serve.
type Image struct {
	Body        []byte
	ContentType string
	ETag        string // strong: a hash of Body
}

// Key names the thumbnail of the picture at src, side pixels square: what
// a widget's markup puts in its image path, and what the server matches
// against the widget's own items (the URL to fetch is never taken from a
// request).
func Key(src string, side int) string {
	sum := sha256.Sum256([]byte(strconv.Itoa(side) + "\n" + src))
	return strings.ToLower(b32.EncodeToString(sum[:15]))
}

// KeyLen is the length of every Key.
const KeyLen = 24

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// Hooks tell metrics what the proxy does; any may be nil.
type Hooks struct {
	Hit     func(tier string) // "memory" or "disk"
	Miss    func()            // fetched from the origin (or failed to be)
	Fetched func(bytes int)   // bytes an origin sent
	Failed  func(src string, err error)
}

// Proxy fetches, shrinks and keeps thumbnails: a small memory tier in
// front of an optional disk tier. A picture is fetched once however many
// visitors ask at the same moment; what failed is remembered briefly (in
// memory only: nothing of a failure is stored), so a broken origin is not
// asked on every view yet a recovered one shows up soon.
type Proxy struct {
	fetch    *Fetcher
	memory   *lru.Cache[string, Image]
	failures *gocache.Cache // key → error
	disk     *Disk          // nil: memory only
	flight   singleflight.Group
	hooks    Hooks
}

// Sizes of the tiers and the life of a failure.
const (
	DefaultMemoryItems = 1024 // thumbnails are a few KB: a few MB at most
	keepFailure        = 5 * time.Minute
)

// NewProxy makes a Proxy fetching with f, keeping thumbnails on disk too
// when disk is not nil.
func NewProxy(f *Fetcher, disk *Disk, h Hooks) *Proxy {
	memory, _ := lru.New[string, Image](DefaultMemoryItems)
	return &Proxy{fetch: f, memory: memory, failures: gocache.New(keepFailure, time.Minute), disk: disk, hooks: h}
}

// Get is the thumbnail of src at side pixels, kept or fetched now. An
// error means the caller shows the item's placeholder instead.
func (p *Proxy) Get(ctx context.Context, src string, side int) (Image, error) {
	key := Key(src, side)
	if img, ok := p.memory.Get(key); ok {
		p.hit("memory")
		return img, nil
	}
	if v, ok := p.failures.Get(key); ok {
		return Image{}, v.(error)
	}
	v, err, _ := p.flight.Do(key, func() (any, error) {
		if p.disk != nil {
			if img, ok := p.disk.Get(key); ok {
				p.hit("disk")
				p.memory.Add(key, img)
				return img, nil
			}
		}
		if p.hooks.Miss != nil {
			p.hooks.Miss()
		}
		// Not the first visitor's context: one who leaves must not fail
		// the fetch for the others waiting on it.
		img, err := p.make(context.WithoutCancel(ctx), src, side)
		if err != nil {
			if p.hooks.Failed != nil {
				p.hooks.Failed(src, err)
			}
			p.failures.Set(key, err, keepFailure)
			return nil, err
		}
		p.memory.Add(key, img)
		if p.disk != nil {
			if err := p.disk.Put(key, img); err != nil {
				slog.Warn("image cache: could not keep a thumbnail on disk", "err", err)
			}
		}
		return img, nil
	})
	if err != nil {
		return Image{}, err
	}
	return v.(Image), nil
}

// Kept reports whether a thumbnail of src at side is kept in any tier
// (tests: nothing of a failure may be stored).
func (p *Proxy) Kept(src string, side int) bool {
	key := Key(src, side)
	if p.memory.Contains(key) {
		return true
	}
	if p.disk != nil {
		_, ok := p.disk.Get(key)
		return ok
	}
	return false
}

func (p *Proxy) hit(tier string) {
	if p.hooks.Hit != nil {
		p.hooks.Hit(tier)
	}
}

func (p *Proxy) make(ctx context.Context, src string, side int) (Image, error) {
	pic, err := p.fetch.Fetch(ctx, Smaller(src, side))
	if err != nil {
		return Image{}, err
	}
	if p.hooks.Fetched != nil {
		p.hooks.Fetched(len(pic.Body))
	}
	body, ctype, err := Thumbnail(pic, side)
	if err != nil {
		return Image{}, err
	}
	sum := sha256.Sum256(body)
	return Image{Body: body, ContentType: ctype, ETag: `"` + b32.EncodeToString(sum[:15]) + `"`}, nil
}

package images

import (
	"context"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"strconv"
	"strings"
	"time"

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
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15]))
}

// Proxy fetches, shrinks and keeps thumbnails. A picture is fetched once
// however many visitors ask at the same moment; what failed is
// remembered briefly, so a broken origin is not asked on every view.
type Proxy struct {
	fetch  *Fetcher
	memory *gocache.Cache // key → Image, or error for a failure
	flight singleflight.Group
	// Failed is told why a fetch failed (metrics, logs); may be nil.
	Failed func(src string, err error)
}

// Lifetimes in the memory tier.
const (
	keepImage   = 24 * time.Hour
	keepFailure = 5 * time.Minute
)

// NewProxy makes a Proxy fetching with f.
func NewProxy(f *Fetcher) *Proxy {
	return &Proxy{fetch: f, memory: gocache.New(keepImage, 10*time.Minute)}
}

// Get is the thumbnail of src at side pixels, from memory or fetched now.
// An error means the caller shows the item's monogram instead.
func (p *Proxy) Get(ctx context.Context, src string, side int) (Image, error) {
	key := Key(src, side)
	if v, ok := p.memory.Get(key); ok {
		return asImage(v)
	}
	v, err, _ := p.flight.Do(key, func() (any, error) {
		// Not the first visitor's context: one who leaves must not fail
		// the fetch for the others waiting on it.
		ctx := context.WithoutCancel(ctx)
		img, err := p.make(ctx, src, side)
		if err != nil {
			if p.Failed != nil {
				p.Failed(src, err)
			}
			p.memory.Set(key, err, keepFailure)
			return nil, err
		}
		p.memory.Set(key, img, keepImage)
		return img, nil
	})
	if err != nil {
		return Image{}, err
	}
	return v.(Image), nil
}

func (p *Proxy) make(ctx context.Context, src string, side int) (Image, error) {
	pic, err := p.fetch.Fetch(ctx, Smaller(src, side))
	if err != nil {
		return Image{}, err
	}
	body, ctype, err := Thumbnail(pic, side)
	if err != nil {
		return Image{}, err
	}
	sum := sha256.Sum256(body)
	return Image{Body: body, ContentType: ctype, ETag: `"` + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(sum[:15]) + `"`}, nil
}

func asImage(v any) (Image, error) {
	switch v := v.(type) {
	case Image:
		return v, nil
	case error:
		return Image{}, v
	}
	return Image{}, errors.New("images: unexpected cache entry")
}

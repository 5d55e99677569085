package render

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unique"

	"github.com/wpcom-widgets/service/model"
)

// Bundle is every output of one widget for one version of its data, each
// rendered on its first request, once, then served as bytes. A widget is
// embedded one way or another (a frame for WordPress, a script, the JSON
// Feed for the plugin; a feed reader now and then), so a replica holds
// only the outputs each cached widget is asked for.
type Bundle struct {
	Drawing Drawing

	// pictures are the keys of the pictures the markup loads from the
	// image path, sorted, each with the index of its item (nil when
	// pictures link to their origins): what Picture finds a request's key
	// in. The keys are interned: every widget of a member that shows the
	// same pictures at the same size holds one copy of them.
	pictures []pictureRef

	created time.Time // dates the OPML
	compact bool      // outputs keep only their gzip copy (Compact)
	// outs are the outputs made so far, by kind; mu is held while one is
	// made, so visitors arriving together render it once. A pointer each
	// rather than a sync.Once each: a cached widget is mostly these.
	mu   sync.Mutex
	outs [numOutputs]atomic.Pointer[Output]
}

// The outputs of a bundle.
const (
	outFrame = iota
	outScript
	outJSONFeed
	outOEmbedJSON
	outOEmbedXML
	outAtom
	outRSS
	outHTML
	outOPML
	numOutputs
)

type pictureRef struct {
	key  unique.Handle[string]
	item int
}

// output is the output of kind k, made by render on its first request.
func (b *Bundle) output(k int, render func() *Output) *Output {
	o := b.outs[k].Load()
	if o == nil {
		o = b.make(k, render)
	}
	if o == noOutput {
		return nil
	}
	return o
}

func (b *Bundle) make(k int, render func() *Output) *Output {
	b.mu.Lock()
	defer b.mu.Unlock()
	if o := b.outs[k].Load(); o != nil {
		return o
	}
	o := render()
	if o == nil {
		o = noOutput // a liked widget's OPML: none, whenever asked
	} else if b.compact {
		o.Compact()
	}
	b.outs[k].Store(o)
	return o
}

// noOutput stands for an output a widget does not have, once known.
var noOutput = &Output{}

// Compact keeps only the gzip copy of every output that has one, as they
// are made: for a bundle a replica keeps cached. Call it before the
// bundle is shared.
func (b *Bundle) Compact() { b.compact = true }

// Render prepares a widget's outputs, to be rendered as they are asked
// for; now dates the OPML.
func Render(w Drawing, now time.Time) *Bundle {
	b := &Bundle{Drawing: w, created: now}
	if w.ProxyImages {
		side := ImageSide(w.Widget)
		for i, it := range w.Items {
			if it.Image != "" {
				b.pictures = append(b.pictures, pictureRef{unique.Make(model.PictureKey(it.Image, side)), i})
			}
		}
		b.pictures = slices.Clip(b.pictures)
		slices.SortFunc(b.pictures, func(x, y pictureRef) int { return strings.Compare(x.key.Value(), y.key.Value()) })
	}
	return b
}

// Frame is the widget's framed document.
func (b *Bundle) Frame() *Output { return b.output(outFrame, b.Drawing.Frame) }

// Script is the widget's script.
func (b *Bundle) Script() *Output { return b.output(outScript, b.Drawing.Script) }

// JSONFeed is the widget's JSON Feed.
func (b *Bundle) JSONFeed() *Output { return b.output(outJSONFeed, b.Drawing.JSONFeed) }

// OEmbedJSON is the widget's oEmbed at the default size, as JSON.
func (b *Bundle) OEmbedJSON() *Output {
	return b.output(outOEmbedJSON, func() *Output { return b.Drawing.OEmbed("json", 0, 0) })
}

// OEmbedXML is the widget's oEmbed at the default size, as XML.
func (b *Bundle) OEmbedXML() *Output {
	return b.output(outOEmbedXML, func() *Output { return b.Drawing.OEmbed("xml", 0, 0) })
}

// Links are where the redirect may send visitors, made on each call: a
// click through the redirect is rare beside the views, and the items are
// at hand.
func (b *Bundle) Links() map[string]bool { return b.Drawing.Links() }

// Picture is the picture the markup loads at key in the image path, as
// Drawing.Pictures has it, and whether there is one: the server finds a
// request's key here, so the URL to fetch always comes from the widget's
// own items, never from the request, and the lookup costs no hashing.
func (b *Bundle) Picture(key string) (Picture, bool) {
	i, ok := slices.BinarySearchFunc(b.pictures, key, func(p pictureRef, key string) int { return strings.Compare(p.key.Value(), key) })
	if !ok {
		return Picture{}, false
	}
	it := b.Drawing.Items[b.pictures[i].item]
	return Picture{Picture: model.Picture{Key: b.pictures[i].key.Value(), URL: it.Image, Side: ImageSide(b.Drawing.Widget)},
		Monogram: MonogramOf(it.SiteName, it.SiteURL)}, true
}

// Atom is the widget's Atom feed.
func (b *Bundle) Atom() *Output { return b.output(outAtom, b.Drawing.Atom) }

// RSS is the widget's RSS feed.
func (b *Bundle) RSS() *Output { return b.output(outRSS, b.Drawing.RSS) }

// HTML is the widget's markup alone.
func (b *Bundle) HTML() *Output { return b.output(outHTML, b.Drawing.HTML) }

// OPML is a following widget's blogroll; nil for liked widgets.
func (b *Bundle) OPML() *Output {
	return b.output(outOPML, func() *Output { return b.Drawing.OPML(b.created) })
}

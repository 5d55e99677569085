package render

import (
	"sync"
	"time"
)

// Bundle is every output of one widget for one version of its data: the
// ones every page view asks for rendered together once and then served as
// bytes; the ones readers and servers ask for now and then (Atom, RSS,
// the HTML fragment, the OPML) rendered on their first request, once,
// so a replica does not hold them for every cached widget.
type Bundle struct {
	Drawing    Drawing
	Frame      *Output
	Script     *Output
	JSONFeed   *Output
	OEmbedJSON *Output // at the default size
	OEmbedXML  *Output
	Links      map[string]bool // where the redirect may send visitors
	// Pictures are the pictures the markup loads from the image path, by
	// key (nil when pictures link to their origins).
	Pictures map[string]Picture

	created               time.Time // dates the OPML
	atom, rss, html, opml onDemand
	compact               bool // outputs keep only their gzip copy (Compact)
}

// onDemand is an output rendered on its first request.
type onDemand struct {
	once sync.Once
	out  *Output
}

func (o *onDemand) get(render func() *Output, compact bool) *Output {
	o.once.Do(func() {
		o.out = render()
		if compact {
			o.out.Compact()
		}
	})
	return o.out
}

// Compact keeps only the gzip copy of every output that has one, now and
// as the rarer ones are made: for a bundle a replica keeps cached. Call it
// before the bundle is shared.
func (b *Bundle) Compact() {
	b.compact = true
	for _, o := range []*Output{b.Frame, b.Script, b.JSONFeed, b.OEmbedJSON, b.OEmbedXML} {
		o.Compact()
	}
}

// Render renders a widget in the formats every view asks for; now dates
// the OPML.
func Render(w Drawing, now time.Time) *Bundle {
	return &Bundle{
		Drawing: w, Frame: w.Frame(), Script: w.Script(), JSONFeed: w.JSONFeed(),
		OEmbedJSON: w.OEmbed("json", 0, 0), OEmbedXML: w.OEmbed("xml", 0, 0), Links: w.Links(),
		Pictures: w.Pictures(), created: now,
	}
}

// Atom is the widget's Atom feed, rendered on first request.
func (b *Bundle) Atom() *Output { return b.atom.get(b.Drawing.Atom, b.compact) }

// RSS is the widget's RSS feed, rendered on first request.
func (b *Bundle) RSS() *Output { return b.rss.get(b.Drawing.RSS, b.compact) }

// HTML is the widget's markup alone, rendered on first request.
func (b *Bundle) HTML() *Output { return b.html.get(b.Drawing.HTML, b.compact) }

// OPML is a following widget's blogroll, rendered on first request; nil
// for liked widgets.
func (b *Bundle) OPML() *Output {
	return b.opml.get(func() *Output { return b.Drawing.OPML(b.created) }, b.compact)
}

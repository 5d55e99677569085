package render

import "time"

// Bundle is every output of one widget for one version of its data,
// rendered together once and then served as bytes.
type Bundle struct {
	Drawing    Drawing
	Frame      *Output
	Script     *Output
	JSONFeed   *Output
	Atom, RSS  *Output
	HTML       *Output // the markup alone, for server-side includes
	OPML       *Output // nil for liked widgets
	OEmbedJSON *Output // at the default size
	OEmbedXML  *Output
	Links      map[string]bool // where the redirect may send visitors
	// Pictures are the pictures the markup loads from the image path, by
	// key (nil when pictures link to their origins).
	Pictures map[string]Picture
}

// Render renders a widget in every format. now dates the OPML.
func Render(w Drawing, now time.Time) *Bundle {
	return &Bundle{
		Drawing: w, Frame: w.Frame(), Script: w.Script(), JSONFeed: w.JSONFeed(), Atom: w.Atom(), RSS: w.RSS(), HTML: w.HTML(), OPML: w.OPML(now),
		OEmbedJSON: w.OEmbed("json", 0, 0), OEmbedXML: w.OEmbed("xml", 0, 0), Links: w.Links(),
		Pictures: w.Pictures(),
	}
}

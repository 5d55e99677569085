package render

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/model"
)

// The layout's numbers, as widget.css sets them at 16px (frames and the
// default): an estimate of a widget's height for where no script can
// measure it (the iframe snippet's height attribute, oEmbed's height).
const (
	lineHeight = 22.4 // 16px × 1.4
	titleBlock = 35.2 // 17.6px × 1.25 + .6em below
	itemPad    = 12.2 // .35em above and below, and the 1px line
	framePad   = 4    // the frame's body padding
	charWidth  = 8.4  // a little over the 7.95 px Chromium measures for system-ui at 16px: high leaves space, low cuts an item
	gap        = 9.6  // .6em
)

// EstimateHeight is how high w is at width pixels with its n items (those
// given, or for a widget not yet rendered n of a typical length).
func EstimateHeight(w model.Widget, items []model.Item, n, width int) int {
	if len(items) > 0 {
		n = len(items)
	}
	if n == 0 {
		return 0 // an empty widget shows nothing
	}
	typical := strings.Repeat("word ", 6) // an item's text when none is given
	text := func(i int, s string) string {
		if i < len(items) {
			return s
		}
		return typical
	}
	// lines wraps s word by word into room pixels, as the browser does.
	lines := func(s string, room float64) float64 {
		n, used := 1.0, 0.0
		for _, word := range strings.Fields(s) {
			w := float64(utf8.RuneCountInString(word)) * charWidth
			switch {
			case used == 0:
				used = w
			case used+charWidth+w <= room:
				used += charWidth + w
			default:
				n++
				used = w
			}
			for used > room { // a word longer than the line breaks (overflow-wrap: anywhere)
				n++
				used -= room
			}
		}
		return n
	}
	h := framePad + titleBlock
	switch {
	case w.Grid():
		perRow := max(int((float64(width-framePad)+gap)/(72+gap)), 1) // auto-fill, minmax(72px, 1fr)
		cell := (float64(width-framePad) - float64(perRow-1)*gap) / float64(perRow)
		rows := (n + perRow - 1) / perRow
		h += float64(rows)*cell + float64(rows-1)*gap
	case w.Liked():
		for i := range n {
			var t string
			if i < len(items) {
				t = items[i].Title + " on " + items[i].SiteName
			}
			h += math.Max(40, lines(text(i, t), float64(width-framePad)-40-gap)*lineHeight) + itemPad
		}
	default:
		for i := range n {
			var t string
			if i < len(items) {
				t = items[i].Title
			}
			h += math.Max(32, 4.8+lines(text(i, t), float64(width-framePad)-32-gap)*lineHeight) + itemPad
		}
	}
	return int(math.Ceil(h))
}

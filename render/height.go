package render

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/lang"
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
	// A grid's names: .75em type (12px) in lines of 1.25, .25em above.
	captionLine = 15
	captionGap  = 3
)

// EstimateHeight is how high w is at width pixels with its n items (those
// given, or for a widget not yet rendered n of a typical length).
func EstimateHeight(w model.Widget, items []model.Item, n, width int) int {
	if len(items) > 0 {
		n = len(items)
	}
	if n == 0 && w.EmptyText == "" {
		return 0 // an empty widget shows nothing
	}
	typical := strings.Repeat("word ", 6) // an item's text when none is given
	text := func(i int, s string) string {
		if i < len(items) {
			return s
		}
		return typical
	}
	d := w.Display
	if d.MaxWidth > 0 && d.MaxWidth < width {
		width = d.MaxWidth
	}
	// Widths come from requests (oEmbed's maxwidth): clamp them to what the
	// layout is drawn for before any arithmetic, so the room left for text
	// is always positive. Narrower frames scroll; the estimate stays sane.
	width = min(max(width, model.MinWidth), model.MaxWidth)
	// lines wraps s word by word into room pixels, as the browser does,
	// in characters of cw pixels. room is at least a character, so every
	// word takes a bounded number of steps.
	lines := func(s string, room, cw float64) float64 {
		room = max(room, cw)
		n, used := 1.0, 0.0
		for _, word := range strings.Fields(s) {
			w := float64(utf8.RuneCountInString(word)) * cw
			switch {
			case used == 0:
				used = w
			case used+cw+w <= room:
				used += cw + w
			default:
				n++
				used = w
			}
			if used > room { // a word longer than the line breaks (overflow-wrap: anywhere)
				extra := math.Ceil(used/room) - 1
				n += extra
				used -= extra * room
			}
		}
		return n
	}
	inner := float64(width - framePad)
	// clamp cuts a name's lines at the owner's choice (0: every line).
	clamp := func(l float64) float64 {
		if d.TitleLines > 0 {
			return min(l, float64(d.TitleLines))
		}
		return l
	}
	// excerpt is the height an item's excerpt adds below its text: .9em
	// type, .2em above it.
	excerpt := func(i int, room float64) float64 {
		if !d.ShowExcerpts || i >= len(items) || items[i].Summary == "" {
			return 0
		}
		return 3.2 + lines(items[i].Summary, room, charWidth*.9)*lineHeight*.9
	}
	h := float64(framePad)
	if d.ShowTitle {
		h += titleBlock
	}
	switch {
	case n == 0: // the owner's message
		h += lines(w.EmptyText, inner, charWidth) * lineHeight
	case w.Grid():
		perRow := max(int((inner+gap)/(72+gap)), 1) // auto-fill, minmax(72px, 1fr)
		cell := (inner - float64(perRow-1)*gap) / float64(perRow)
		rows := (n + perRow - 1) / perRow
		h += float64(rows)*cell + float64(rows-1)*gap
		// Each row's names, under the pictures: .75em type, up to two
		// lines of 1.25, .25em above; a row is as high as its longest.
		for r := range rows {
			most := 1.0
			for i := r * perRow; i < min(n, (r+1)*perRow); i++ {
				t := typical
				if i < len(items) {
					t = items[i].Title
				}
				most = max(most, clamp(lines(t, cell, charWidth*.75)))
			}
			h += captionGap + most*captionLine
		}
	case w.Liked():
		room, least := inner, 0.0
		if d.ShowImages {
			room, least = inner-40-gap, 40
		}
		for i := range n {
			// A clamped title is a block of at most d.TitleLines lines,
			// where it was a line it shared with its meta.
			t, meta := text(i, ""), ""
			if i < len(items) {
				t = items[i].Title
				if d.ShowMeta {
					meta = lang.For(w.Lang).On + " " + items[i].SiteName
					if !items[i].Posted.IsZero() {
						meta += lang.For(w.Lang).Comma + lang.For(w.Lang).Date(items[i].Posted)
					}
				}
			}
			// Clamped, the title and its site and date are blocks of their
			// own, the latter in .9em type.
			var px float64
			switch {
			case d.TitleLines == 0:
				px = lines(strings.TrimSpace(t+" "+meta), room, charWidth) * lineHeight
			case meta != "":
				px = clamp(lines(t, room, charWidth))*lineHeight + clamp(lines(meta, room, charWidth*.9))*lineHeight*.9
			default:
				px = clamp(lines(t, room, charWidth)) * lineHeight
			}
			h += math.Max(least, px+excerpt(i, room)) + itemPad
		}
	default:
		room, least, pad := inner, 0.0, 0.0
		if d.ShowImages {
			room, least, pad = inner-32-gap, 32, 4.8 // the name's .3em above, beside the icon
		}
		for i := range n {
			var t string
			if i < len(items) {
				t = items[i].Title
			}
			h += math.Max(least, pad+clamp(lines(text(i, t), room, charWidth))*lineHeight) + itemPad
			if e := excerpt(i, inner); e > 0 {
				h += gap + e // the excerpt wraps to its own row, the item's gap above it
			}
		}
	}
	return int(math.Ceil(h))
}

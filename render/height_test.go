package render_test

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/render"
)

// estimateWidths are the widths every estimate is tried at: from below
// zero (a request's maxwidth can say anything) to well past the widest
// layout.
const minTried, maxTried = -10, 5000

// FuzzEstimateHeight: any layout and option, any text, any width from
// -10 to 5000 px ends with a height that is not negative and not absurd.
// A width that left no room for text once looped forever (issue 18);
// TestEstimateHeightEveryWidth walks every width in that range.
func FuzzEstimateHeight(f *testing.F) {
	f.Add("Blog", "a blog", "", uint8(0xff), uint8(3), int16(45))
	f.Add(strings.Repeat("x", 300), "", "nothing yet", uint8(0), uint8(0), int16(-5))
	f.Add("長い題名の投稿 "+strings.Repeat("あ", 80), "要約", "", uint8(0b10110), uint8(20), int16(53))
	f.Add("", "", "", uint8(0b1), uint8(1), int16(4))
	f.Add(" \t ", strings.Repeat("w ", 200), "", uint8(0b11111), uint8(50), int16(5000))
	f.Fuzz(func(t *testing.T, title, summary, empty string, flags, n uint8, width int16) {
		if n > 60 || len(title)+len(summary)+len(empty) > 4000 {
			return // more items or text than a widget holds: slower, not different
		}
		span := maxTried - minTried + 1
		px := minTried + (int(width)%span+span)%span
		for _, w := range variants(title, summary, empty, flags, int(n)) {
			h := render.EstimateHeight(w.Widget, w.Items, int(n), px)
			if limit := ceiling(w); h < 0 || h > limit {
				t.Fatalf("%s/%s at %d px: height %d, want 0..%d", w.Kind, w.Layout, px, h, limit)
			}
		}
	})
}

// variants is the widget of every kind and layout with the options flags
// turns on and n items of the given text.
func variants(title, summary, empty string, flags uint8, n int) []render.Drawing {
	bit := func(i int) bool { return flags&(1<<i) != 0 }
	var out []render.Drawing
	for _, kind := range model.Kinds {
		for _, layout := range model.Layouts {
			w := model.Defaults(kind)
			w.Layout = layout
			w.EmptyText = empty
			w.Display = model.Display{ShowTitle: bit(0), ShowImages: bit(1), ShowMeta: bit(2), ShowExcerpts: bit(3)}
			if bit(4) {
				w.Display.MaxWidth = int(flags) * 7
			}
			if bit(5) {
				w.Lang = "ar"
			}
			items := make([]model.Item, n)
			for i := range items {
				items[i] = model.Item{Title: title, Summary: summary, SiteName: title,
					Posted: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}
			}
			out = append(out, render.Drawing{View: model.View{Widget: w, Items: items}})
		}
	}
	return out
}

// ceiling is a generous bound on any honest estimate: every character on
// a line of its own, every item a grid cell of the widest layout.
func ceiling(w render.Drawing) int {
	runes := utf8.RuneCountInString(w.EmptyText)
	for _, it := range w.Items {
		runes += utf8.RuneCountInString(it.Title+it.SiteName+it.Summary) + 40 // " on ", a date
	}
	return 100 + len(w.Items)*(model.MaxWidth+100) + runes*30 + 30
}

// Every width from -10 to 5000 px, for every kind, layout and display
// option, with items of no text, of words and of one endless word: each
// ends, and widths below the narrowest layout are drawn at it.
func TestEstimateHeightEveryWidth(t *testing.T) {
	texts := []string{"", "a few words of a title", strings.Repeat("x", 500)}
	for flags := range uint8(16) {
		for _, text := range texts {
			for _, w := range variants(text, text, text, flags, 2) {
				prev := -1
				for width := minTried; width <= maxTried; width++ {
					h := render.EstimateHeight(w.Widget, w.Items, 0, width)
					if h <= 0 || h > ceiling(w) {
						t.Fatalf("%s/%s %+v at %d px: height %d", w.Kind, w.Layout, w.Display, width, h)
					}
					if width <= model.MinWidth && prev >= 0 && h != prev {
						t.Fatalf("%s/%s at %d px: %d, at %d px: %d; widths below %d are drawn at %d",
							w.Kind, w.Layout, width, h, width-1, prev, model.MinWidth, model.MinWidth)
					}
					prev = h
				}
			}
		}
	}
}

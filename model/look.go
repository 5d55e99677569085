package model

import (
	"regexp"
	"strings"
)

// Look is how the owner's site looks, for frames that match the page: a
// frame cannot see the page around it. The iframe snippet's script tells
// it; WordPress's oEmbed frame has nothing that could, so there the owner's
// answer is all it knows. Empty fields take the scheme's defaults.
type Look struct {
	Dark bool   // a dark site, with light text
	Text string // the text colour, "#rrggbb", or ""
	Link string // the link colour, "#rrggbb", or ""
	Font string // FontSans, FontSerif, FontMono, a font list, or "" (sans)
}

// The fonts an owner can name in one word; anything else is a font list.
const (
	FontSans  = "sans"
	FontSerif = "serif"
	FontMono  = "monospace"
	// MaxFontRunes bounds a typed font list.
	MaxFontRunes = 200
)

// Background is the colour a look is drawn for and checked against: the
// owner says light or dark, not the exact colour.
func (l Look) Background() string {
	if l.Dark {
		return "#121212"
	}
	return "#ffffff"
}

// TextColour and LinkColour are the look's colours, or the scheme's
// defaults (the light and dark themes' own).
func (l Look) TextColour() string { return or(l.Text, l.Dark, "#1d2327", "#ecedee") }

// LinkColour: see TextColour.
func (l Look) LinkColour() string { return or(l.Link, l.Dark, "#2758b3", "#8ab4ff") }

func or(v string, dark bool, light, darkDefault string) string {
	switch {
	case v != "":
		return v
	case dark:
		return darkDefault
	}
	return light
}

// FontStack is the CSS font-family the look names.
func (l Look) FontStack() string {
	switch l.Font {
	case FontSerif:
		return `Georgia, "Times New Roman", serif`
	case FontMono:
		return `ui-monospace, SFMono-Regular, Menlo, Consolas, monospace`
	case "", FontSans:
		return `system-ui, -apple-system, "Segoe UI", sans-serif`
	}
	if !FontList(l.Font) {
		return `system-ui, -apple-system, "Segoe UI", sans-serif`
	}
	return l.Font
}

// fontList is what a typed font list may hold: names, quotes, commas. No
// brackets, semicolons or backslashes, so it cannot leave its CSS value.
var fontList = regexp.MustCompile(`^[\p{L}\p{N} ,"'._-]+$`)

// FontList reports whether s may stand as a typed font list.
// Quotes must pair up: an open quote would run on into the rules after
// the font and swallow them.
func FontList(s string) bool {
	return len(s) <= 4*MaxFontRunes && fontList.MatchString(s) &&
		strings.Count(s, `"`)%2 == 0 && strings.Count(s, "'")%2 == 0
}

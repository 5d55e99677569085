package render

import (
	"fmt"
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// Monogram stands for an item's picture when it has none, or when its
// picture fails to load: the first letter of its name on a colour derived
// from its host. Widgets draw it with their stylesheet (.wpfl__mono, from
// the letter and the hue: a few bytes per item); the image path serves it
// as an SVG (SVG) in place of a picture it could not fetch. The colour is
// dark enough for white text (HSL lightness 32%: at least 4.5:1 for every
// hue, tested).
type Monogram struct {
	Letter string
	Hue    int // 0..359, at 45% saturation and 32% lightness
}

// MonogramOf is the monogram of an item named name, of the site at siteURL.
func MonogramOf(name, siteURL string) Monogram {
	letter := "?"
	for _, r := range name {
		if shows(r) {
			// Title case, not upper: a Georgian letter stays as Georgian
			// names are written (its capitals are missing from many
			// fonts), and ǆ becomes ǅ.
			letter = string(unicode.ToTitle(r))
			break
		}
	}
	host := siteURL
	if u, err := url.Parse(siteURL); err == nil && u.Host != "" {
		host = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	h := fnv.New32a()
	h.Write([]byte(host))
	return Monogram{Letter: letter, Hue: int(h.Sum32() % 360)}
}

// shows says whether r can stand for a name on its own: a letter or a
// digit, not a modifier (ー, ʰ) nor a letter that draws nothing (the
// Hangul fillers), nor a mark or emoji (skipped to the next letter).
func shows(r rune) bool {
	if unicode.Is(unicode.Other_Default_Ignorable_Code_Point, r) || unicode.Is(unicode.Lm, r) {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// String is the monogram as a picture's data-wpfl-m attribute carries it,
// "hue letter": what the widget's script draws when the picture fails.
func (m Monogram) String() string { return strconv.Itoa(m.Hue) + " " + m.Letter }

// SVG is the monogram as an SVG document, drawn as the stylesheet draws it.
func (m Monogram) SVG() []byte {
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 40"><rect width="40" height="40" fill="hsl(%d,45%%,32%%)"/>`+
		`<text x="20" y="27" text-anchor="middle" font-family="system-ui,sans-serif" font-size="20" font-weight="600" fill="#fff">%s</text></svg>`,
		m.Hue, xmlText(m.Letter))
}

func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

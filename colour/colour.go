// Package colour is the little colour arithmetic the service needs: hex
// colours as owners type them, WCAG contrast, and mixing. The widget's
// scripts do the same in the browser (templates/embed/look.js).
package colour

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/colornames"
)

// RGB is a colour in 8-bit sRGB.
type RGB struct{ R, G, B uint8 }

// Parse reads "#rrggbb", "#rgb" or a CSS colour name like "navy" (case
// and surrounding space ignored).
func Parse(s string) (RGB, bool) {
	s = strings.TrimSpace(s)
	name := strings.ToLower(s)
	if c, ok := colornames.Map[name]; ok {
		return RGB{c.R, c.G, c.B}, true
	}
	if name == "rebeccapurple" { // CSS Color 4's one name that SVG's list lacks
		return RGB{0x66, 0x33, 0x99}, true
	}
	s = strings.TrimPrefix(s, "#")
	if len(s) == 3 {
		s = string([]byte{s[0], s[0], s[1], s[1], s[2], s[2]})
	}
	if len(s) != 6 {
		return RGB{}, false
	}
	n, err := strconv.ParseUint(s, 16, 32)
	if err != nil {
		return RGB{}, false
	}
	return RGB{uint8(n >> 16), uint8(n >> 8), uint8(n)}, true
}

// Hex is c as "#rrggbb".
func (c RGB) Hex() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// luminance is WCAG 2's relative luminance.
func (c RGB) luminance() float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.03928 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
}

// Contrast is WCAG 2's contrast ratio of a and b, from 1 to 21.
func Contrast(a, b RGB) float64 {
	x, y := a.luminance(), b.luminance()
	return (math.Max(x, y) + 0.05) / (math.Min(x, y) + 0.05)
}

// Mix is t of a and 1-t of b.
func Mix(a, b RGB, t float64) RGB {
	m := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*t + float64(y)*(1-t))) }
	return RGB{m(a.R, b.R), m(a.G, b.G), m(a.B, b.B)}
}

// Muted is fg softened towards bg only as far as it stays readable on bg
// (4.5:1, WCAG AA): the widget's secondary text.
func Muted(fg, bg RGB) RGB {
	for t := 0.7; t < 1; t += 0.1 {
		if m := Mix(fg, bg, t); Contrast(m, bg) >= 4.5 {
			return m
		}
	}
	return fg
}

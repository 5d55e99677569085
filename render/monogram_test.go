package render

import (
	"math"
	"net/url"
	"strings"
	"testing"
)

func TestMonogram(t *testing.T) {
	letter := func(m string) string {
		svg, _ := url.PathUnescape(strings.TrimPrefix(m, "data:image/svg+xml,"))
		i := strings.Index(svg, `fill="#fff">`)
		return strings.TrimSuffix(svg[i+len(`fill="#fff">`):], "</text></svg>")
	}
	for _, tc := range []struct{ name, want string }{
		{"animals of the Pacific", "A"},
		{"🌻 What’s new", "W"},
		{"東京の朝ごはん", "東"},
		{"مدونة القهوة", "م"},
		{"  ", "?"},
		{"<script>", "S"},
		{"&amp;", "A"},
	} {
		if got := letter(Monogram(tc.name, "https://x.example")); got != tc.want {
			t.Errorf("Monogram(%q) shows %q, want %q", tc.name, got, tc.want)
		}
	}
	if Monogram("A", "https://www.a.example/x") != Monogram("A", "http://a.example/") {
		t.Error("one host, two colours")
	}
	if Monogram("A", "https://a.example") == Monogram("A", "https://b.example") {
		t.Error("two hosts, one colour")
	}
}

// TestMonogramColoursAreReadable: white letters on every hue the
// monograms use reach WCAG AA (4.5:1).
func TestMonogramColoursAreReadable(t *testing.T) {
	lum := func(c float64) float64 {
		if c <= 0.03928 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	worst := 21.0
	for h := 0; h < 360; h++ {
		r, g, b := hsl(float64(h), 0.45, 0.32)
		l := 0.2126*lum(r) + 0.7152*lum(g) + 0.0722*lum(b)
		worst = math.Min(worst, 1.05/(l+0.05))
	}
	if worst < 4.5 {
		t.Errorf("white on the lightest monogram colour: %.2f:1, want at least 4.5", worst)
	}
}

func hsl(h, s, l float64) (r, g, b float64) {
	c := (1 - math.Abs(2*l-1)) * s
	x := c * (1 - math.Abs(math.Mod(h/60, 2)-1))
	m := l - c/2
	switch {
	case h < 60:
		r, g, b = c, x, 0
	case h < 120:
		r, g, b = x, c, 0
	case h < 180:
		r, g, b = 0, c, x
	case h < 240:
		r, g, b = 0, x, c
	case h < 300:
		r, g, b = x, 0, c
	default:
		r, g, b = c, 0, x
	}
	return r + m, g + m, b + m
}

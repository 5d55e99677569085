package render

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestMonogram(t *testing.T) {
	for _, tc := range []struct{ name, want string }{
		{"animals of the Pacific", "A"},
		{"🌻 What’s new", "W"},
		{"東京の朝ごはん", "東"},
		{"مدونة القهوة", "م"},
		{"  ", "?"},
		{"<script>", "S"},
		{"&amp;", "A"},
		{"2 Cats", "2"},
		{"\u0301école", "É"},      // a stray combining mark is no letter
		{"ǆungla", "ǅ"},           // title case, not upper
		{"ქართული ბლოგი", "ქ"},    // Georgian stays Mkhedruli
		{"\u3164\u115fBlog", "B"}, // Hangul fillers draw nothing
		{"ーらめん", "ら"},             // a modifier letter is no initial
		{"שלום עולם", "ש"},
	} {
		if got := MonogramOf(tc.name, "https://x.example").Letter; got != tc.want {
			t.Errorf("MonogramOf(%q) shows %q, want %q", tc.name, got, tc.want)
		}
	}
	if MonogramOf("A", "https://www.a.example/x") != MonogramOf("A", "http://a.example/") {
		t.Error("one host, two colours")
	}
	if MonogramOf("A", "https://a.example") == MonogramOf("A", "https://b.example") {
		t.Error("two hosts, one colour")
	}
	m := MonogramOf("Blog", "https://a.example")
	if got, want := m.String(), strconv.Itoa(m.Hue)+" B"; got != want || m.Hue < 0 || m.Hue > 359 {
		t.Errorf("data-wpfl-m %q, want %q (hue 0..359)", got, want)
	}
	// The image path's SVG: the same letter and colour, the letter escaped.
	svg := string(Monogram{Letter: "<", Hue: 7}.SVG())
	if !strings.Contains(svg, `fill="hsl(7,45%,32%)"`) || !strings.Contains(svg, ">&lt;</text>") {
		t.Errorf("SVG %s", svg)
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

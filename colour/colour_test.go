package colour

import "testing"

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // "" when refused
	}{
		{"#8b4513", "#8b4513"}, {" #8B4513 ", "#8b4513"}, {"8b4513", "#8b4513"}, {"#abc", "#aabbcc"},
		{"red", "#ff0000"}, {" Navy ", "#000080"}, {"RebeccaPurple", "#663399"}, {"reddish", ""}, {"transparent", ""},
		{"", ""}, {"#12345", ""}, {"#gggggg", ""}, {"#1234567", ""}, {"rgb(1,2,3)", ""},
	} {
		c, ok := Parse(tc.in)
		if got := map[bool]string{true: c.Hex(), false: ""}[ok]; got != tc.want {
			t.Errorf("Parse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestContrast(t *testing.T) {
	black, white := RGB{}, RGB{255, 255, 255}
	for _, tc := range []struct {
		a, b RGB
		want float64
	}{
		{black, white, 21}, {white, white, 1}, {RGB{0x76, 0x76, 0x76}, white, 4.54}, // #767676: the lightest grey for AA on white
	} {
		if got := Contrast(tc.a, tc.b); got < tc.want-0.01 || got > tc.want+0.01 {
			t.Errorf("Contrast(%s, %s) = %.2f, want %.2f", tc.a.Hex(), tc.b.Hex(), got, tc.want)
		}
	}
}

func TestMutedStaysReadable(t *testing.T) {
	for _, tc := range []struct{ fg, bg string }{
		{"#1d2327", "#ffffff"}, {"#3b2f2f", "#fbf7ef"}, {"#ecedee", "#121212"}, {"#cdd6f4", "#1e1e2e"}, {"#767676", "#ffffff"},
	} {
		fg, _ := Parse(tc.fg)
		bg, _ := Parse(tc.bg)
		m := Muted(fg, bg)
		if c := Contrast(m, bg); c < 4.5 && m != fg {
			t.Errorf("Muted(%s on %s) = %s, %.2f:1", tc.fg, tc.bg, m.Hex(), c)
		}
		if m == fg && Contrast(Mix(fg, bg, 0.9), bg) >= 4.5 {
			t.Errorf("Muted(%s on %s) did not soften what it could", tc.fg, tc.bg)
		}
	}
}

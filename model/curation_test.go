package model

import (
	"strings"
	"testing"
)

func TestCurate(t *testing.T) {
	items := func(ids string) []Item {
		var out []Item
		for _, id := range strings.Fields(ids) {
			out = append(out, Item{ID: id})
		}
		return out
	}
	ids := func(items []Item) string {
		var s []string
		for _, it := range items {
			s = append(s, it.ID)
		}
		return strings.Join(s, " ")
	}
	all := items("a b c d e f g")
	for _, tc := range []struct {
		name           string
		count          int
		hidden, pinned string
		want           string
	}{
		{"as fetched", 4, "", "", "a b c d"},
		{"hidden are left out and the count stays full", 4, "b c", "", "a d e f"},
		{"pinned come first, in pin order", 4, "", "f d", "f d a b"},
		{"pinned and hidden together", 3, "a", "g", "g b c"},
		{"a hidden pin stays hidden", 3, "g", "g", "a b c"},
		{"ids no longer listed change nothing", 3, "zz", "yy", "a b c"},
		{"fewer items than the count", 10, "a b", "", "c d e f g"},
		{"more pins than the count", 2, "", "e f g", "e f"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := Widget{Count: tc.count, Hidden: strings.Fields(tc.hidden), Pinned: strings.Fields(tc.pinned)}
			if got := ids(w.Curate(all)); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if w.Wants() != tc.count+len(w.Hidden) {
				t.Errorf("wants %d", w.Wants())
			}
		})
	}
}

package widgets

import (
	"context"
	"slices"
	"testing"
)

func TestFetchPublic(t *testing.T) {
	// A member's list, newest first; negative numbers are private sites.
	list := []int{1, -2, 3, -4, 5, 6, 7, -8, 9}
	for _, tc := range []struct {
		name    string
		n       int
		want    []int
		hidden  int
		fetches []int
	}{
		{"no private item among the first n", 1, []int{1}, 0, []int{1}},
		{"private places are filled by asking once more", 4, []int{1, 3, 5, 6}, 2, []int{4, 6}},
		{"a short list is not asked again", 20, []int{1, 3, 5, 6, 7, 9}, 3, []int{20}},
		{"only one more ask, even if it finds more private ones", 6, []int{1, 3, 5, 6, 7}, 3, []int{6, 8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var asked []int
			fetch := func(_ context.Context, n int) ([]int, error) {
				asked = append(asked, n)
				return list[:min(n, len(list))], nil
			}
			got, hidden, err := fetchPublic(context.Background(), tc.n, fetch, func(v int) bool { return v < 0 })
			if err != nil || !slices.Equal(got, tc.want) || hidden != tc.hidden || !slices.Equal(asked, tc.fetches) {
				t.Errorf("got %v, %d hidden, asked %v (%v); want %v, %d hidden, asked %v", got, hidden, asked, err, tc.want, tc.hidden, tc.fetches)
			}
		})
	}
}

package backoff_test

import (
	"testing"
	"time"

	"github.com/wpcom-widgets/service/internal/backoff"
)

func TestDoubling(t *testing.T) {
	for _, tt := range []struct {
		n           int
		least, most time.Duration
		want        time.Duration
	}{
		{0, time.Second, 30 * time.Second, time.Second},
		{1, time.Second, 30 * time.Second, time.Second},
		{2, time.Second, 30 * time.Second, 2 * time.Second},
		{5, time.Second, 30 * time.Second, 16 * time.Second},
		{6, time.Second, 30 * time.Second, 30 * time.Second},
		{1_000_000, time.Minute, time.Hour, time.Hour}, // no overflow, however many
		{3, time.Hour, time.Minute, time.Minute},       // never more than most
	} {
		if got := backoff.Doubling(tt.n, tt.least, tt.most); got != tt.want {
			t.Errorf("Doubling(%d, %v, %v) = %v, want %v", tt.n, tt.least, tt.most, got, tt.want)
		}
	}
}

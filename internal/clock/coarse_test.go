package clock

import (
	"testing"
	"time"
)

// Coarse follows the wall clock: never ahead of it, and it moves on. How
// far behind it may fall is not a bound this test can hold on a busy
// machine (the goroutine that keeps it may wait for a core), so it is
// only checked to catch up within a second.
func TestCoarseFollowsTheClock(t *testing.T) {
	first := Coarse()
	if now := time.Now(); first.After(now) {
		t.Fatalf("Coarse %v is ahead of time.Now %v", first, now)
	}
	deadline := time.Now().Add(time.Second)
	for !Coarse().After(first) {
		if time.Now().After(deadline) {
			t.Fatalf("Coarse stayed at %v for a second", first)
		}
		time.Sleep(time.Millisecond)
	}
	mark := time.Now()
	time.Sleep(10 * Resolution)
	for Coarse().Before(mark) {
		if time.Now().After(mark.Add(time.Second)) {
			t.Fatalf("Coarse %v is still before %v, a second on", Coarse(), mark)
		}
		time.Sleep(time.Millisecond)
	}
}

func BenchmarkCoarse(b *testing.B) {
	Coarse()
	for b.Loop() {
		_ = Coarse()
	}
}

func BenchmarkTimeNow(b *testing.B) {
	for b.Loop() {
		_ = time.Now()
	}
}

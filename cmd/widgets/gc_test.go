package main

import (
	"runtime/debug"
	"testing"
)

// GOGC is the operator's to set; unset, the service collects at
// defaultGCPercent.
func TestTuneGC(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	for _, tc := range []struct {
		gogc string
		set  int // what tuneGC says it set
		want int // the runtime's GOGC after
	}{
		{"", defaultGCPercent, defaultGCPercent},
		{"100", -1, 100},
		{"off", -1, 100},
	} {
		debug.SetGCPercent(100)
		got := tuneGC(func(k string) string {
			if k == "GOGC" {
				return tc.gogc
			}
			return ""
		})
		if now := debug.SetGCPercent(100); got != tc.set || now != tc.want {
			t.Errorf("GOGC=%q: tuneGC said %d, GOGC is %d; want %d and %d", tc.gogc, got, now, tc.set, tc.want)
		}
	}
}

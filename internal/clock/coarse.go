// Package clock is a cheap wall clock for the checks a cached hit makes.
package clock

import (
	"sync"
	"sync/atomic"
	"time"
)

// Resolution is how far behind the real time Coarse may be: more only
// while the goroutine that keeps it waits for a core (a busy scheduler,
// a pause of the collector), by as long as it waits.
const Resolution = 5 * time.Millisecond

var (
	now   atomic.Pointer[time.Time]
	start sync.Once
)

// Coarse is time.Now to within Resolution, for a cached embed's checks:
// is the widget's setting still fresh, its lists, its rendering. A hit
// asked the clock half a dozen times, and on a virtual machine's clock
// (kvm-clock here) each reading costs about 100 ns under load: more than
// the rest of the hit's own work. Freshness is reckoned in seconds and
// minutes, so a few milliseconds late changes nothing; anything timed
// to the millisecond, or stored as a version, reads time.Now.
//
// The time is kept by a goroutine that reads the clock every Resolution
// (200 wake-ups a second, idle or not: a few microseconds each), started
// on the first call and left running for the process.
func Coarse() time.Time {
	if t := now.Load(); t != nil {
		return *t
	}
	start.Do(func() {
		t := time.Now()
		now.Store(&t)
		go tick()
	})
	return *now.Load()
}

func tick() {
	for range time.Tick(Resolution) {
		t := time.Now()
		now.Store(&t)
	}
}

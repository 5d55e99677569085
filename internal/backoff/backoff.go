// Package backoff says how long to wait after failures in a row: the one
// doubling every retry in the service uses (a list's refresh, the shared
// cache, WordPress.com's throttle).
package backoff

import "time"

// Doubling is the wait after the n-th failure in a row (n >= 1): least,
// doubled for each failure after the first, never more than most.
func Doubling(n int, least, most time.Duration) time.Duration {
	d := least
	for i := 1; i < n && d < most; i++ {
		d *= 2
	}
	return min(d, most)
}

package cache

import (
	"time"

	"github.com/wpcom-widgets/service/internal/backoff"
)

// Backing off: what is known of a key's failed loads, and how long to
// wait before the next one.

// failure is what is known about a key's failed loads. It is replaced,
// never changed, so readers need no lock.
type failure struct {
	failures int
	nextTry  time.Time // no load before this (backoff, or waiting for another replica)
	blocked  bool      // a permanent error: no load until Refresh
	lastErr  error
}

func (c *SWR[V]) failure(key string) *failure {
	if v, ok := c.fails.Get(key); ok {
		return v.(*failure)
	}
	return nil
}

func (c *SWR[V]) due(f *failure, now time.Time) bool {
	return f == nil || (!f.blocked && !now.Before(f.nextTry))
}

func (c *SWR[V]) backoff(failures int, err error) time.Duration {
	d := backoff.Doubling(failures, c.opts.MinBackoff, c.opts.MaxBackoff)
	if c.opts.RetryAfter != nil {
		d = max(d, c.opts.RetryAfter(err))
	}
	return min(d, c.opts.MaxBackoff)
}

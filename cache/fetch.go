package cache

import (
	"context"
	"math/rand/v2"
	"time"
)

// Fetching: one call of the loader, and what is stored after it: the
// value, or the failure and when to try again.

// fetch calls load and stores what it returns, or records the failure.
func (c *SWR[V]) fetch(ctx context.Context, key string, load func(context.Context) (V, error)) (*Entry[V], error) {
	start := time.Now() // a duration, for metrics: the exact clock, not opts.Now
	v, err := load(ctx)
	if c.opts.OnLoad != nil {
		c.opts.OnLoad(key, time.Since(start), err)
	}
	now := c.opts.Now()
	if err == nil {
		e := &Entry[V]{Value: v, Fetched: now, Version: rand.Uint64() | 1}
		c.tier.Set(ctx, key, e, keepFor)
		c.fails.Delete(key)
		if c.opts.OnStored != nil {
			c.opts.OnStored(key)
		}
		return e, nil
	}
	held, _ := c.Peek(key) // as fresh as the shared tier: load read it just now
	c.mu.Lock()
	next := &failure{failures: 1, lastErr: err}
	if prev := c.failure(key); prev != nil {
		next.failures = prev.failures + 1
	}
	if held != nil {
		next.failures = max(next.failures, held.Failures+1)
	}
	next.blocked = c.opts.Permanent(err)
	next.nextTry = now.Add(c.backoff(next.failures, err))
	keep := max(c.opts.MaxBackoff, time.Minute) // forget a failure eventually
	if next.blocked {
		keep = keepFor
	}
	c.fails.Set(key, next, keep)
	c.mu.Unlock()
	// Tell the other replicas to back off too, on the value they serve.
	if held != nil && now.Sub(held.Fetched) < keepFor {
		ttl := keepFor - now.Sub(held.Fetched)
		marked := *held
		marked.RetryAt, marked.Failures = next.nextTry, next.failures
		sctx, cancel := context.WithTimeout(c.ctx, time.Second)
		c.tier.Set(sctx, key, &marked, ttl)
		cancel()
	}
	return nil, err
}

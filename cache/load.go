package cache

import (
	"context"
	"time"
)

// Loading: one background load per key, in this process (singleflight) and
// across replicas (the tier's lock); replicas with nothing wait for the
// value another one loads.

func (c *SWR[V]) refreshAsync(key string, load func(context.Context) (V, error), accept func(*Entry[V]) bool) {
	if c.ctx.Err() != nil {
		return
	}
	c.bg.Add(1)
	ch := c.group.DoChan(key, func() (any, error) { return c.load(key, load, accept) })
	go func() {
		defer c.bg.Done()
		<-ch // the load's context ends with c.ctx, so Close waits briefly
	}()
}

// pollEvery is how often a replica with nothing to serve looks for the
// value another replica is loading.
const pollEvery = 25 * time.Millisecond

// load brings key up to date, on a context of its own: a visitor who gives
// up must not cancel the load other visitors wait for. Across replicas,
// whoever takes the tier's lock loads; the others keep what they have, or
// when they have nothing, wait for the value to appear in the shared tier.
// accept says whether a value someone else stored will do (nil: a fresh one).
func (c *SWR[V]) load(key string, load func(context.Context) (V, error), accept func(*Entry[V]) bool) (*Entry[V], error) {
	ctx, cancel := context.WithTimeout(c.ctx, loadTimeout)
	defer cancel()
	force := accept != nil
	usable := accept
	if usable == nil {
		usable = func(e *Entry[V]) bool { return c.fresh(e, c.opts.Now()) }
	}
	// settled says whether what the shared tier holds now makes loading
	// needless: someone stored a usable value, or someone's refresh failed
	// and the fleet is backing off.
	settled := func() (*Entry[V], bool) {
		e, ok, _ := c.tier.Latest(ctx, key)
		switch {
		case ok && usable(e):
			c.fails.Delete(key)
			return e, true
		case ok && !force && e.RetryAt.After(c.opts.Now()):
			c.mu.Lock()
			c.fails.Set(key, &failure{nextTry: e.RetryAt}, e.RetryAt.Sub(c.opts.Now())+time.Minute)
			c.mu.Unlock()
			return e, true
		}
		return nil, false
	}
	mine, _ := c.Peek(key)
	for {
		if e, ok := settled(); ok {
			return e, nil
		}
		release, ok, err := c.tier.TryLock(ctx, key, loadTimeout)
		if err != nil {
			ok, release = true, func() {} // no lock to be had: load anyway
		}
		if ok {
			// The holder before us may have finished between our look and
			// our lock.
			if e, ok := settled(); ok {
				release()
				return e, nil
			}
			defer release()
			return c.fetch(ctx, key, load)
		}
		if c.opts.OnContended != nil {
			c.opts.OnContended()
		}
		if mine != nil && !force {
			// Keep serving what we have; look for the other replica's
			// result soon (it also announces it).
			c.mu.Lock()
			c.fails.Set(key, &failure{nextTry: c.opts.Now().Add(c.recheckAfter())}, c.recheckAfter()+time.Minute)
			c.mu.Unlock()
			return mine, nil
		}
		select {
		case <-time.After(pollEvery):
		case <-ctx.Done():
			if mine != nil {
				return mine, nil
			}
			return nil, ctx.Err()
		}
	}
}

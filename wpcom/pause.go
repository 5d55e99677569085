package wpcom

import (
	"context"
	"sync"
	"time"
)

// WordPress.com throttles an app, not a member: a throttled app gets a body
// that says "Limit reached" and warns that "trying again before that will
// only increase the time you have to wait" (WordPressKit's
// WordPressComRestApi.swift), and no Retry-After. So one throttled answer
// pauses every call of this app, for every member, on every replica, and
// each throttle in a row pauses twice as long.

// Pause is when calls may go to WordPress.com again. Implementations are
// safe for concurrent use and never fail the caller: a pause they cannot
// read is no pause.
type Pause interface {
	// Until is when calls may resume; the zero time when they may now.
	Until(ctx context.Context) time.Time
	// Throttled records a throttled answer at now and returns the end of
	// the pause it starts.
	Throttled(ctx context.Context, now time.Time) time.Time
	// Cleared records a call that went through: the next throttle starts
	// from the shortest pause again.
	Cleared(ctx context.Context)
}

// The pause after the first throttle (what WordPress.com's message names),
// doubling with each throttle in a row up to PauseMax.
const (
	PauseMin = time.Minute
	PauseMax = time.Hour
)

// PauseFor is the pause after the n-th throttle in a row (n >= 1).
func PauseFor(n int) time.Duration {
	d := PauseMin
	for i := 1; i < n && d < PauseMax; i++ {
		d *= 2
	}
	return min(d, PauseMax)
}

// MemoryPause is a Pause for one process.
type MemoryPause struct {
	mu      sync.Mutex
	until   time.Time
	strikes int
}

// NewMemoryPause returns a Pause held in this process's memory.
func NewMemoryPause() *MemoryPause { return &MemoryPause{} }

// Until implements Pause.
func (p *MemoryPause) Until(context.Context) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.until
}

// Throttled implements Pause.
func (p *MemoryPause) Throttled(_ context.Context, now time.Time) time.Time {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.strikes++
	p.until = now.Add(PauseFor(p.strikes))
	return p.until
}

// Cleared implements Pause.
func (p *MemoryPause) Cleared(context.Context) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.strikes = 0
}

package wpcom

import (
	"context"
	"sync"
	"time"

	"github.com/wpcom-widgets/service/internal/backoff"
)

// WordPress.com throttles an app, not a member: a throttled app gets a
// page that says "Limit reached" and no Retry-After (WordPressKit's
// WordPressComRestApi.swift recognises it, and warns its users that trying
// again early only lengthens the wait). So one "Limit reached" pauses every
// call of this app, for every member, on every replica, and each throttle
// in a row pauses twice as long.

// Pause is when calls may go to WordPress.com again. Implementations are
// safe for concurrent use and never fail the caller: a pause they cannot
// read is no pause.
type Pause interface {
	// Until is when calls may resume; the zero time when they may now.
	Until(ctx context.Context) time.Time
	// Throttled records a throttled answer at now and returns the end of
	// the pause. Answers met while a pause runs (a burst of calls that
	// were under way) end in the same pause: one throttle, not many.
	Throttled(ctx context.Context, now time.Time) time.Time
	// Cleared records a call that went through at now: once no pause
	// runs, the next throttle starts from the shortest pause again. (A
	// call under way when the throttle came clears nothing.)
	Cleared(ctx context.Context, now time.Time)
}

// The pause after the first throttle (what WordPress.com's message names),
// doubling with each throttle in a row up to PauseMax.
const (
	PauseMin = time.Minute
	PauseMax = time.Hour
)

// PauseFor is the pause after the n-th throttle in a row (n >= 1).
func PauseFor(n int) time.Duration { return backoff.Doubling(n, PauseMin, PauseMax) }

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
	if now.Before(p.until) {
		return p.until
	}
	p.strikes++
	p.until = now.Add(PauseFor(p.strikes))
	return p.until
}

// Cleared implements Pause.
func (p *MemoryPause) Cleared(_ context.Context, now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !now.Before(p.until) {
		p.strikes = 0
	}
}

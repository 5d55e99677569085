package images

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/wpcom-widgets/service/model"
)

// What became of a picture offered for making ahead of its first
// visitor (Proxy.Warm, Warmer).
const (
	WarmCached  = "cached"  // a thumbnail, or a failure, was kept already: nothing to do
	WarmMade    = "made"    // made now (or by a visitor's fetch it joined), and kept
	WarmFailed  = "failed"  // cannot be had; remembered as a visitor's failure would be
	WarmBusy    = "busy"    // the image path was busy with visitors or short of memory: skipped
	WarmDropped = "dropped" // Warmer only: its queue was full, or the load offered more than it takes
)

// errWarmSkipped is Warm's ErrBusy when it does not start: not waited
// for, and not remembered (it says nothing of the picture).
var errWarmSkipped = fmt.Errorf("%w (a warm-up gives way)", ErrBusy)

// errCutShort is ErrBusy for work its context ended (a warm-up's): not
// remembered either. A visitor who joined it sees the placeholder
// briefly, as when a picture is slow.
var errCutShort = fmt.Errorf("%w (cut short)", ErrBusy)

// Warm makes the thumbnail of s for owner's widget before any visitor
// asks for it: the same fetch, shrinking and tiers as Get, in the same
// flight, so a visitor arriving meanwhile waits for this work rather than
// starting another. A picture kept already, or whose failure is
// remembered, costs nothing more. It starts only when the image path has
// room to spare (Budget.spare): otherwise it says WarmBusy at once, and
// the picture's first visitor makes it, as without a warm-up. Visitors do
// not count it among their lookups. Unlike a visitor's, its work ends
// with ctx (a deadline, shutdown): cut short, it is not remembered as a
// failure, and says WarmBusy.
func (p *Proxy) Warm(ctx context.Context, s model.Picture, owner int64) (string, error) {
	if p.cached(s.Key) {
		return WarmCached, nil
	}
	if !p.budget.spare(hostOf(s.URL), strconv.FormatInt(owner, 10)) {
		return WarmBusy, errWarmSkipped
	}
	_, ch, joined := p.flightOf(ctx, s, owner, func(string) {})
	done := ctx.Done()
	if !joined {
		done = nil // its own work ends with ctx: its end is waited for, so nothing of it outlives Warm
	}
	select {
	case r := <-ch:
		switch {
		case errors.Is(r.Err, errCutShort):
			return WarmBusy, r.Err
		case r.Err != nil:
			return WarmFailed, r.Err
		}
		return WarmMade, nil
	case <-done: // a visitor's work, which goes on
		return WarmBusy, fmt.Errorf("%w: %w", errCutShort, ctx.Err())
	}
}

// cached says whether a visitor asking for key now would be answered
// without a fetch: a thumbnail kept in memory or on disk, or a failure
// remembered.
func (p *Proxy) cached(key string) bool {
	if p.memory.has(key) {
		return true
	}
	if _, ok := p.failures.get(key); ok {
		return true
	}
	return p.disk != nil && p.disk.Has(key)
}

package images

import (
	"context"
	"errors"
	"sync"
)

// ErrBusy: the picture could not get its turn, or its memory, in time.
// The visitor sees the placeholder briefly; nothing is wrong with the
// picture.
var ErrBusy = errors.New("images: busy, the picture did not get its turn in time")

// DefaultMemory is the image path's memory budget when none is set
// (WIDGETS_IMAGE_MEMORY).
const DefaultMemory = 256 << 20

// Shares of the budget: how many pictures are worked on at once, and how
// many of them may come from one origin or be asked for one member's
// widgets. A member controls the pictures of what they follow and like,
// so slow or heavy pictures of one member (or one host) hold at most
// their share, and another member's ordinary thumbnail starts at once.
const (
	maxJobs          = 8
	maxJobsPerOrigin = 2
	maxJobsPerOwner  = 2
	maxWaiting       = 1024 // pictures waiting for a turn; beyond, ErrBusy at once
)

// Budget is the memory the whole image path may hold at once: bytes
// being fetched, decodes in progress and the copies resizing makes, each
// reserved before it is taken (from the header's size and colour model,
// see decodeCost). A picture that alone would take more than half of it
// is refused up front. Every wait has a deadline (the caller's context).
type Budget struct {
	mu         sync.Mutex
	total      int64
	used       int64
	jobs       int
	waiting    int
	byOrigin   map[string]int
	byOwner    map[string]int
	ownerBytes map[string]int64
	changed    chan struct{} // closed, and replaced, whenever something is released
}

// NewBudget is a budget of total bytes (DefaultMemory when 0 or less).
func NewBudget(total int64) *Budget {
	if total <= 0 {
		total = DefaultMemory
	}
	return &Budget{total: total, byOrigin: map[string]int{}, byOwner: map[string]int{},
		ownerBytes: map[string]int64{}, changed: make(chan struct{})}
}

// PerPicture is the most one picture may take.
func (b *Budget) PerPicture() int64 { return b.total / 2 }

// Used is the bytes reserved now.
func (b *Budget) Used() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// job is one picture's turn: a slot, and the bytes reserved for it.
type job struct {
	b             *Budget
	origin, owner string
	held          int64
}

// wait blocks until ok (called under b.mu) holds, or ctx ends.
func (b *Budget) wait(ctx context.Context, ok func() bool) error {
	b.mu.Lock()
	if ok() {
		return nil // b.mu held: the caller takes what it waited for
	}
	if b.waiting >= maxWaiting {
		b.mu.Unlock()
		return ErrBusy
	}
	b.waiting++
	for {
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			b.mu.Lock()
			b.waiting--
			b.mu.Unlock()
			return ErrBusy
		case <-ch:
		}
		b.mu.Lock()
		if ok() {
			b.waiting--
			return nil
		}
	}
}

func (b *Budget) released() {
	close(b.changed)
	b.changed = make(chan struct{})
}

// admit waits for a turn for a picture from origin asked for owner's
// widget.
func (b *Budget) admit(ctx context.Context, origin, owner string) (*job, error) {
	err := b.wait(ctx, func() bool {
		return b.jobs < maxJobs && b.byOrigin[origin] < maxJobsPerOrigin && b.byOwner[owner] < maxJobsPerOwner
	})
	if err != nil {
		return nil, err
	}
	b.jobs++
	b.byOrigin[origin]++
	b.byOwner[owner]++
	b.mu.Unlock()
	return &job{b: b, origin: origin, owner: owner}, nil
}

// grow reserves n more bytes for the job, waiting for them until ctx
// ends. A picture that would hold more than PerPicture is refused.
func (j *job) grow(ctx context.Context, n int64) error {
	if j == nil || n <= 0 {
		return nil
	}
	b := j.b
	if j.held+n > b.PerPicture() {
		return ErrPixels
	}
	err := b.wait(ctx, func() bool {
		return b.used+n <= b.total && b.ownerBytes[j.owner]+n <= b.PerPicture()
	})
	if err != nil {
		return err
	}
	b.used += n
	b.ownerBytes[j.owner] += n
	j.held += n
	b.mu.Unlock()
	return nil
}

// done gives back the job's slot and bytes.
func (j *job) done() {
	if j == nil {
		return
	}
	b := j.b
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= j.held
	b.ownerBytes[j.owner] -= j.held
	if b.ownerBytes[j.owner] == 0 {
		delete(b.ownerBytes, j.owner)
	}
	j.held = 0
	b.jobs--
	if b.byOrigin[j.origin]--; b.byOrigin[j.origin] == 0 {
		delete(b.byOrigin, j.origin)
	}
	if b.byOwner[j.owner]--; b.byOwner[j.owner] == 0 {
		delete(b.byOwner, j.owner)
	}
	b.released()
}

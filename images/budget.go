package images

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
)

// ErrBusy: the picture could not get its turn, or its memory, in time.
// The visitor sees the placeholder briefly; nothing is wrong with the
// picture.
var ErrBusy = errors.New("images: busy, the picture did not get its turn in time")

// errQueueFull is ErrBusy at once: too many of one member's pictures (or
// of everyone's) are waiting. Not remembered: it says nothing of the
// picture.
var errQueueFull = fmt.Errorf("%w (too many waiting)", ErrBusy)

// DefaultMemory is the image path's memory budget when none is set
// (WIDGETS_IMAGE_MEMORY's default, 256MB).
const DefaultMemory = 256_000_000

// Shares of the budget. Fetching is mostly waiting on the network, so
// many pictures may be fetched at once, but only a few from one origin or
// for one member's widgets: a member controls the pictures of what they
// follow and like, so slow or heavy pictures of one member (or one host)
// hold at most their share, and another member's ordinary thumbnail
// starts at once. Decoding is work for the processor: one at a time per
// core, and one member at most half of them. Waiting is bounded too, per
// member and in all.
const (
	maxJobs            = 32
	maxJobsPerOrigin   = 8
	maxJobsPerOwner    = 8
	maxWaitingPerOwner = 64
	maxWaiting         = 4096
)

// Budget is the memory the whole image path may hold at once: bytes
// being fetched, decodes in progress and the copies resizing makes, each
// reserved before it is taken (decodeCost, from the picture's header). A
// picture that alone would take more than two fifths of it is refused up
// front; one member's pictures hold at most half of it together. Every wait has
// a deadline (the caller's context).
type Budget struct {
	mu              sync.Mutex
	total           int64
	used            int64
	jobs            int
	waiting         int
	decoding        int
	decodeSlots     int
	byOrigin        map[string]int
	byOwner         map[string]int
	waitingBy       map[string]int
	decodingBy      map[string]int
	decodeWaiting   int            // jobs waiting for a decode slot
	decodeWaitingBy map[string]int // the same, by member
	ownerBytes      map[string]int64
	changed         chan struct{} // closed, and replaced, whenever something is released
	maxOwnerSlots   int           // decodes one member may hold
}

// NewBudget is a budget of total bytes (DefaultMemory when 0 or less).
func NewBudget(total int64) *Budget {
	if total <= 0 {
		total = DefaultMemory
	}
	slots := max(runtime.GOMAXPROCS(0), 1)
	return &Budget{total: total, decodeSlots: slots, maxOwnerSlots: (slots + 1) / 2,
		byOrigin: map[string]int{}, byOwner: map[string]int{}, waitingBy: map[string]int{},
		decodingBy: map[string]int{}, decodeWaitingBy: map[string]int{}, ownerBytes: map[string]int64{},
		changed: make(chan struct{})}
}

// PerPicture is the most one picture may take: less than a member's
// share (half), so one picture at its largest leaves room for the heads
// of the member's others.
func (b *Budget) PerPicture() int64 { return b.total * 2 / 5 }

// Used is the bytes reserved now.
func (b *Budget) Used() int64 {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used
}

// spare says whether a picture from origin for owner would get its turn
// at once with room to spare: nobody waiting for a turn or a decode slot,
// at most half the jobs running and half the memory reserved, origin's
// and owner's shares not taken. Work no visitor waits for (a warm-up)
// starts only then: it gives way to visitors rather than queue among
// them, and never fills the budget.
func (b *Budget) spare(origin, owner string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.waiting == 0 && b.decodeWaiting == 0 && b.jobs < maxJobs/2 && b.used <= b.total/2 &&
		b.byOrigin[origin] < maxJobsPerOrigin && b.byOwner[owner] < maxJobsPerOwner
}

// job is one picture's turn: a slot, and the bytes reserved for it.
type job struct {
	b             *Budget
	origin, owner string
	held          int64
	decoding      bool
}

// wait blocks until ok (called under b.mu) holds, or ctx ends; it returns
// with b.mu held when ok. owner's waiters are counted when queued is set
// (a picture waiting for its turn; a job already running that waits for
// memory is bounded by the number of jobs).
func (b *Budget) wait(ctx context.Context, owner string, queued bool, ok func() bool) error {
	b.mu.Lock()
	if ok() {
		return nil
	}
	if queued {
		if b.waiting >= maxWaiting || b.waitingBy[owner] >= maxWaitingPerOwner {
			b.mu.Unlock()
			return errQueueFull
		}
		b.waiting++
		b.waitingBy[owner]++
	}
	leave := func() { // under b.mu
		if queued {
			b.waiting--
			if b.waitingBy[owner]--; b.waitingBy[owner] == 0 {
				delete(b.waitingBy, owner)
			}
		}
	}
	for {
		ch := b.changed
		b.mu.Unlock()
		select {
		case <-ctx.Done():
			b.mu.Lock()
			leave()
			b.mu.Unlock()
			return ErrBusy
		case <-ch:
		}
		b.mu.Lock()
		if ok() {
			leave()
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
	err := b.wait(ctx, owner, true, func() bool {
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
	err := b.wait(ctx, j.owner, false, func() bool {
		return b.used+n <= b.total && b.ownerBytes[j.owner]+n <= b.total/2
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

// release gives back n of the job's bytes (a buffer it no longer holds).
func (j *job) release(n int64) {
	if j == nil || n <= 0 {
		return
	}
	b := j.b
	b.mu.Lock()
	defer b.mu.Unlock()
	n = min(n, j.held)
	j.held -= n
	b.used -= n
	if b.ownerBytes[j.owner] -= n; b.ownerBytes[j.owner] == 0 {
		delete(b.ownerBytes, j.owner)
	}
	b.released()
}

// decode waits for one of the decode slots until ctx ends; done gives it
// back. A member takes more than half of them only while no other member
// waits for one: a decode is short (its pixels were counted), so the
// fair share is kept as slots come free, and one member's cold widget
// still uses every core.
func (j *job) decode(ctx context.Context) error {
	if j == nil {
		return nil
	}
	b := j.b
	b.mu.Lock()
	b.decodeWaitingBy[j.owner]++
	b.decodeWaiting++
	b.mu.Unlock()
	err := b.wait(ctx, j.owner, false, func() bool {
		others := b.decodeWaiting - b.decodeWaitingBy[j.owner]
		return b.decoding < b.decodeSlots && (b.decodingBy[j.owner] < b.maxOwnerSlots || others == 0)
	})
	if err != nil {
		b.mu.Lock() // wait returns with b.mu held only when it succeeds
	}
	b.decodeWaiting--
	if b.decodeWaitingBy[j.owner]--; b.decodeWaitingBy[j.owner] == 0 {
		delete(b.decodeWaitingBy, j.owner)
	}
	if err != nil {
		b.released() // one fewer waiting: a member past its share may go on
		b.mu.Unlock()
		return err
	}
	b.decoding++
	b.decodingBy[j.owner]++
	j.decoding = true
	if b.decodeWaiting > 0 {
		b.released() // one fewer waiting: a member held to its share may go on
	}
	b.mu.Unlock()
	return nil
}

// done gives back the job's slot, decode slot and bytes.
func (j *job) done() {
	if j == nil {
		return
	}
	b := j.b
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= j.held
	if b.ownerBytes[j.owner] -= j.held; b.ownerBytes[j.owner] == 0 {
		delete(b.ownerBytes, j.owner)
	}
	j.held = 0
	if j.decoding {
		j.decoding = false
		b.decoding--
		if b.decodingBy[j.owner]--; b.decodingBy[j.owner] == 0 {
			delete(b.decodingBy, j.owner)
		}
	}
	b.jobs--
	if b.byOrigin[j.origin]--; b.byOrigin[j.origin] == 0 {
		delete(b.byOrigin, j.origin)
	}
	if b.byOwner[j.owner]--; b.byOwner[j.owner] == 0 {
		delete(b.byOwner, j.owner)
	}
	b.released()
}

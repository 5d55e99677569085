package images

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"
)

func soon(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

// One member or one origin holds at most its share of turns, bytes and
// decodes; another member's picture gets its turn at once.
func TestBudgetShares(t *testing.T) {
	b := NewBudget(100 << 20)
	b.decodeSlots, b.maxOwnerSlots = 2, 1
	var held []*job
	admit := func(origin, owner string) *job {
		t.Helper()
		j, err := b.admit(soon(t), origin, owner)
		if err != nil {
			t.Fatalf("%s for %s: %v", origin, owner, err)
		}
		held = append(held, j)
		return j
	}
	var mallory []*job
	for i := range maxJobsPerOwner {
		mallory = append(mallory, admit("m"+strconv.Itoa(i)+".example", "mallory"))
	}
	if _, err := b.admit(soon(t), "other.example", "mallory"); !errors.Is(err, ErrBusy) {
		t.Errorf("a member past its share of turns: %v, want ErrBusy", err)
	}
	for i := range maxJobsPerOrigin {
		admit("cdn.example", "reader"+strconv.Itoa(i))
	}
	if _, err := b.admit(soon(t), "cdn.example", "someone"); !errors.Is(err, ErrBusy) {
		t.Errorf("an origin past its share of turns: %v, want ErrBusy", err)
	}
	alice := admit("alice.example", "alice")

	// Bytes: one member holds at most half the budget, one picture two
	// fifths.
	if err := mallory[0].grow(soon(t), 35<<20); err != nil {
		t.Fatal(err)
	}
	if err := mallory[1].grow(soon(t), 20<<20); !errors.Is(err, ErrBusy) {
		t.Errorf("a member past half the budget: %v, want ErrBusy", err)
	}
	if err := alice.grow(soon(t), 35<<20); err != nil {
		t.Errorf("another member within the budget: %v", err)
	}
	if err := alice.grow(soon(t), 10<<20); !errors.Is(err, ErrPixels) {
		t.Errorf("one picture past two fifths of the budget: %v, want ErrPixels", err)
	}
	if got := b.Used(); got != 70<<20 {
		t.Errorf("used %d, want %d", got, 70<<20)
	}
	alice.release(20 << 20) // a buffer given back
	if got := b.Used(); got != 50<<20 || alice.held != 15<<20 {
		t.Errorf("after a release: used %d, alice holds %d", got, alice.held)
	}
	// Decodes: a member uses every slot while nobody else waits, and at
	// most half of them once someone does.
	if err := mallory[0].decode(soon(t)); err != nil {
		t.Fatal(err)
	}
	if err := mallory[1].decode(soon(t)); err != nil {
		t.Errorf("a member's second decode, nobody else waiting: %v", err)
	}
	mallory[1].done() // a slot is free again
	// While another member waits, mallory is held to her share even with a
	// slot free (alice's wait is set down as the budget would count it).
	b.mu.Lock()
	b.decodeWaiting++
	b.decodeWaitingBy["alice"]++
	b.mu.Unlock()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := mallory[2].decode(cancelled); !errors.Is(err, ErrBusy) {
		t.Errorf("a member past half the slots while another waits: %v, want ErrBusy", err)
	}
	b.mu.Lock()
	b.decodeWaiting--
	delete(b.decodeWaitingBy, "alice")
	b.mu.Unlock()
	if err := alice.decode(cancelled); err != nil {
		t.Errorf("another member's decode, a slot free: %v", err)
	}

	// A waiter gets its turn when a job ends.
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		j, err := b.admit(ctx, "other.example", "mallory")
		if err == nil {
			j.done()
		}
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	mallory[0].done()
	if err := <-done; err != nil {
		t.Errorf("waiting for a turn: %v", err)
	}
	for _, j := range held[1:] {
		if j != mallory[1] {
			j.done()
		}
	}
	if b.used != 0 || b.jobs != 0 || b.decoding != 0 || b.waiting != 0 || b.decodeWaiting != 0 || len(b.byOwner) != 0 ||
		len(b.byOrigin) != 0 || len(b.ownerBytes) != 0 || len(b.decodingBy) != 0 || len(b.waitingBy) != 0 || len(b.decodeWaitingBy) != 0 {
		t.Errorf("after every job: %+v", b)
	}
}

// Waiting is bounded per member and in all: past that, a picture is
// busy at once, and the failure is not remembered.
func TestBudgetBoundsWaiters(t *testing.T) {
	b := NewBudget(1 << 20)
	for i := range maxJobsPerOwner {
		if _, err := b.admit(soon(t), "x"+strconv.Itoa(i), "mallory"); err != nil {
			t.Fatal(err)
		}
	}
	b.waitingBy["mallory"] = maxWaitingPerOwner
	start := time.Now()
	if _, err := b.admit(context.Background(), "y", "mallory"); !errors.Is(err, errQueueFull) || time.Since(start) > time.Second {
		t.Errorf("%v after %v, want errQueueFull at once", err, time.Since(start))
	}
	if _, err := b.admit(soon(t), "y", "alice"); err != nil {
		t.Errorf("another member, while one member's queue is full: %v", err)
	}
	p := NewProxy(NewFetcher(Options{}), ProxyOptions{Budget: b})
	p.failed("k", "https://x.example/a.jpg", errQueueFull)
	p.failed("l", "https://x.example/b.jpg", ErrBusy)
	if _, ok := p.failures.get("k"); ok {
		t.Error("a full queue was remembered as the picture's failure")
	}
	if _, ok := p.failures.get("l"); !ok {
		t.Error("a picture that did not get its turn was not remembered briefly")
	}
}

package images

import (
	"context"
	"errors"
	"testing"
	"time"
)

func soon(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

// One member or one origin holds at most its share; another member's
// picture gets its turn at once.
func TestBudgetShares(t *testing.T) {
	b := NewBudget(100 << 20)
	var held []*job
	for range maxJobsPerOwner {
		j, err := b.admit(soon(t), "a.example", "mallory")
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, j)
	}
	if _, err := b.admit(soon(t), "b.example", "mallory"); !errors.Is(err, ErrBusy) {
		t.Errorf("a member's third picture: %v, want ErrBusy", err)
	}
	if _, err := b.admit(soon(t), "a.example", "alice"); !errors.Is(err, ErrBusy) {
		t.Errorf("an origin's third picture: %v, want ErrBusy", err)
	}
	other, err := b.admit(soon(t), "c.example", "alice")
	if err != nil {
		t.Fatalf("another member's picture from another origin waited: %v", err)
	}
	// Bytes: one member holds at most half the budget.
	if err := held[0].grow(soon(t), 40<<20); err != nil {
		t.Fatal(err)
	}
	if err := held[1].grow(soon(t), 20<<20); !errors.Is(err, ErrBusy) {
		t.Errorf("a member past half the budget: %v, want ErrBusy", err)
	}
	if err := other.grow(soon(t), 50<<20); err != nil {
		t.Errorf("another member within the budget: %v", err)
	}
	if err := other.grow(soon(t), 1); !errors.Is(err, ErrPixels) {
		t.Errorf("one picture past half the budget: %v, want ErrPixels", err)
	}
	if got := b.Used(); got != 90<<20 {
		t.Errorf("used %d, want %d", got, 90<<20)
	}
	// A waiter gets its turn when a job ends.
	done := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		j, err := b.admit(ctx, "b.example", "mallory")
		if err == nil {
			j.done()
		}
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	held[0].done()
	if err := <-done; err != nil {
		t.Errorf("waiting for a turn: %v", err)
	}
	held[1].done()
	other.done()
	if b.Used() != 0 || b.jobs != 0 || len(b.byOwner) != 0 || len(b.byOrigin) != 0 || len(b.ownerBytes) != 0 {
		t.Errorf("after every job: used %d, %d jobs, %v %v %v", b.Used(), b.jobs, b.byOwner, b.byOrigin, b.ownerBytes)
	}
}

// Waiting is bounded too: past maxWaiting, a picture is busy at once.
func TestBudgetBoundsWaiters(t *testing.T) {
	b := NewBudget(1 << 20)
	for owner := range maxJobsPerOrigin {
		if _, err := b.admit(soon(t), "x.example", string(rune('a'+owner))); err != nil {
			t.Fatal(err)
		}
	}
	b.waiting = maxWaiting
	start := time.Now()
	if _, err := b.admit(context.Background(), "x.example", "z"); !errors.Is(err, ErrBusy) || time.Since(start) > time.Second {
		t.Errorf("%v after %v, want ErrBusy at once", err, time.Since(start))
	}
}

package fleet_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/fleet"
	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
)

type inbox struct {
	mu   sync.Mutex
	msgs []string
	subs int
}

func (i *inbox) add(m string) { i.mu.Lock(); i.msgs = append(i.msgs, m); i.mu.Unlock() }
func (i *inbox) sub()         { i.mu.Lock(); i.subs++; i.mu.Unlock() }
func (i *inbox) snapshot() ([]string, int) {
	i.mu.Lock()
	defer i.mu.Unlock()
	return append([]string(nil), i.msgs...), i.subs
}

func TestOtherReplicasHearAndResubscribe(t *testing.T) {
	srv := redistest.Start(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a := fleet.NewBus(srv.Client(), "widgets-test", nil)
	b := fleet.NewBus(srv.Client(), "widgets-test", nil)
	var ina, inb inbox
	go a.Listen(ctx, ina.add, ina.sub)
	go b.Listen(ctx, inb.add, inb.sub)
	testutil.Eventually(t, 5*time.Second, "both subscribed", func() bool { _, x := ina.snapshot(); _, y := inb.snapshot(); return x == 1 && y == 1 })

	a.Publish(ctx, "widget abc")
	testutil.Eventually(t, 5*time.Second, "b hears a", func() bool { m, _ := inb.snapshot(); return len(m) == 1 })
	if m, _ := inb.snapshot(); m[0] != "widget abc" {
		t.Errorf("b heard %q", m[0])
	}
	time.Sleep(50 * time.Millisecond)
	if m, _ := ina.snapshot(); len(m) != 0 {
		t.Errorf("a heard its own message: %v", m)
	}

	// Redis restarts: publishing fails meanwhile without blocking, and the
	// listeners subscribe again and say so.
	srv.Stop()
	pctx, pcancel := context.WithTimeout(ctx, time.Second)
	a.Publish(pctx, "lost")
	pcancel()
	srv.Restart()
	testutil.Eventually(t, 5*time.Second, "b resubscribed", func() bool { _, n := inb.snapshot(); return n >= 2 })
	a.Publish(ctx, "lists 42")
	testutil.Eventually(t, 5*time.Second, "b hears after the restart", func() bool { m, _ := inb.snapshot(); return len(m) == 2 })
	if m, _ := inb.snapshot(); m[1] != "lists 42" {
		t.Errorf("after restart b heard %v", m)
	}
}

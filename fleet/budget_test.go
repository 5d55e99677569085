package fleet

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/wpcom"
)

// turnBetween checks a turn's wait against where it must fall: the k-th
// turn (from 0) of a bucket that was full at the first is k intervals
// after it, less the time Redis's clock has moved since, which is at most
// what this process measured around the calls.
func turnBetween(t *testing.T, k int, interval, wait, elapsed time.Duration) {
	t.Helper()
	want := time.Duration(k) * interval
	if wait > want || wait < want-elapsed {
		t.Errorf("turn %d comes in %v, want %v less at most %v (the time the calls took)", k, wait, want, elapsed)
	}
}

// TestBudgetIsTheFleets: two replicas share one bucket: turns come one
// interval apart whichever replica asks, and a turn refused (further off
// than its caller may wait) takes nothing.
func TestBudgetIsTheFleets(t *testing.T) {
	rc := redistest.Client(t)
	key := redistest.Prefix(t, rc) + "wpcom-budget"
	quiet := slog.New(slog.DiscardHandler)
	r1, r2 := newRedisBudget(rc, key, 10, quiet, nil), newRedisBudget(rc, key, 10, quiet, nil)
	const interval = 100 * time.Millisecond
	ctx := context.Background()

	start := time.Now()
	for k := range 6 {
		r := r1
		if k%2 == 1 {
			r = r2
		}
		wait, ok := r.Take(ctx, wpcom.MaxBudgetWait)
		if !ok {
			t.Fatalf("turn %d refused", k)
		}
		turnBetween(t, k, interval, wait, time.Since(start))
	}
	// The seventh turn is 600 ms off: refused to a caller who may wait
	// 450 ms, which takes nothing; the next caller, who may wait, has it.
	if wait, ok := r1.Take(ctx, 450*time.Millisecond); ok {
		t.Errorf("a turn %v off was given to a caller who may wait 450 ms", wait)
	} else {
		turnBetween(t, 6, interval, wait, time.Since(start))
	}
	wait, ok := r2.Take(ctx, wpcom.MaxBudgetWait)
	if !ok {
		t.Fatal("the seventh turn refused to a caller who may wait")
	}
	turnBetween(t, 6, interval, wait, time.Since(start))

	ttl, err := rc.PTTL(ctx, key).Result()
	if err != nil || ttl <= 0 || ttl > 2*time.Second {
		t.Errorf("the bucket's key lives %v (%v), want a little over the turns it holds", ttl, err)
	}
}

// TestBudgetBurstAndQuiet: after a quiet spell the bucket holds one turn
// (the burst), not the quiet spell's worth.
func TestBudgetBurstAndQuiet(t *testing.T) {
	rc := redistest.Client(t)
	key := redistest.Prefix(t, rc) + "wpcom-budget"
	b := newRedisBudget(rc, key, 20, slog.New(slog.DiscardHandler), nil)
	ctx := context.Background()
	if wait, ok := b.Take(ctx, wpcom.MaxBudgetWait); !ok || wait != 0 {
		t.Fatalf("first turn: %v %t", wait, ok)
	}
	time.Sleep(200 * time.Millisecond) // four intervals: the bucket fills, to one
	start := time.Now()
	for k := range 3 {
		wait, ok := b.Take(ctx, wpcom.MaxBudgetWait)
		if !ok {
			t.Fatalf("turn %d refused", k)
		}
		turnBetween(t, k, 50*time.Millisecond, wait, time.Since(start))
	}
}

// TestBudgetWithoutRedis: a Redis that does not answer is asked once,
// then left alone while this replica's own bucket, at the same rate,
// gives the turns; the outage is logged once and counted. When Redis
// answers again (after the quiet spell), the fleet's bucket is used again.
func TestBudgetWithoutRedis(t *testing.T) {
	srv := redistest.Start(t)
	rc := srv.Client()
	hook := &countingHook{}
	rc.AddHook(hook)
	logs := &testutil.SyncBuffer{}
	var failures atomic.Int64
	b := newRedisBudget(rc, "wpcom-budget", 10, slog.New(slog.NewTextHandler(logs, nil)), func() { failures.Add(1) })
	ctx := context.Background()
	if _, ok := b.Take(ctx, wpcom.MaxBudgetWait); !ok || hook.n.Load() == 0 {
		t.Fatalf("with Redis up: ok %t, %d Redis calls", ok, hook.n.Load())
	}
	up := hook.n.Load() // EVALSHA, and EVAL the first time

	srv.Stop()
	start := time.Now()
	for k := range 5 {
		wait, ok := b.Take(ctx, wpcom.MaxBudgetWait)
		if !ok {
			t.Fatalf("turn %d refused", k)
		}
		turnBetween(t, k, 100*time.Millisecond, wait, time.Since(start))
	}
	if n := hook.n.Load() - up; n != 1 {
		t.Errorf("Redis was asked %d times for 5 turns while it was down, want once", n)
	}
	if n := failures.Load(); n != 1 {
		t.Errorf("%d failures counted, want 1", n)
	}
	if n := strings.Count(logs.String(), "Redis does not answer"); n != 1 {
		t.Errorf("the outage was logged %d times, want once:\n%s", n, logs.String())
	}

	srv.Restart()
	b.quietUntil.Store(0) // the quiet spell is over
	if wait, ok := b.Take(ctx, wpcom.MaxBudgetWait); !ok || wait != 0 || hook.n.Load() <= up+1 {
		t.Errorf("Redis back: wait %v ok %t, %d Redis calls since (want a turn now, from the fleet's empty bucket in Redis)", wait, ok, hook.n.Load()-up-1)
	}
}

// A caller that gave up is not a Redis outage.
func TestBudgetCallerGoneIsNoOutage(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close() // it accepts and never answers
	// Short timeouts, as the service's client has: go-redis does not heed
	// the context while it sets up a connection.
	slow := redis.NewClient(&redis.Options{Addr: ln.Addr().String(), MaxRetries: -1,
		DialTimeout: 200 * time.Millisecond, ReadTimeout: 200 * time.Millisecond})
	t.Cleanup(func() { slow.Close() })
	b := newRedisBudget(slow, "wpcom-budget", 10, slog.New(slog.DiscardHandler), nil)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	b.Take(ctx, wpcom.MaxBudgetWait)
	if b.quietUntil.Load() != 0 {
		t.Error("a caller that gave up left Redis alone for the quiet spell")
	}
}

package cache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Memory is the in-process tier: decoded entries in a sync.Map, so a hit
// is one lookup that takes no lock (a read lock is a write to a word every
// core shares, and every cached embed looks its lists up here).
type Memory[V any] struct {
	now      func() time.Time
	items    sync.Map     // key → *memItem[V]
	swept    atomic.Int64 // when expired items were last dropped, Unix nanoseconds
	onLookup func(result string)
	mu       sync.Mutex
	locks    map[string]*memLock
}

// memItem is an entry and when it expires (Unix nanoseconds of the wall
// clock; 0 never).
type memItem[V any] struct {
	e       *Entry[V]
	expires int64
}

// sweepEvery is how often a Set looks for expired items to drop.
const sweepEvery = 10 * time.Minute

type memLock struct{ until time.Time }

// pruneLocksAt is how many locks the map holds before expired ones are
// dropped.
const pruneLocksAt = 1024

// NewMemory makes an in-process tier. now is the clock locks are timed by
// (time.Now when nil; entries expire by the wall clock); onLookup, if set,
// hears "hit" or "miss" for every Get: for metrics.
func NewMemory[V any](now func() time.Time, onLookup func(result string)) *Memory[V] {
	if now == nil {
		now = time.Now
	}
	return &Memory[V]{now: now, onLookup: onLookup, locks: map[string]*memLock{}}
}

// Get never fails and never waits.
func (m *Memory[V]) Get(_ context.Context, key string) (*Entry[V], bool, error) {
	e, ok := m.get(key)
	if m.onLookup != nil {
		if ok {
			m.onLookup("hit")
		} else {
			m.onLookup("miss")
		}
	}
	return e, ok, nil
}

func (m *Memory[V]) get(key string) (*Entry[V], bool) {
	x, ok := m.items.Load(key)
	if !ok {
		return nil, false
	}
	it := x.(*memItem[V])
	if it.expires > 0 && time.Now().UnixNano() > it.expires {
		return nil, false
	}
	return it.e, true
}

// Peek is Get without counting a lookup.
func (m *Memory[V]) Peek(key string) (*Entry[V], bool) { return m.get(key) }

// Latest is Get without counting a lookup: this process holds the only copy.
func (m *Memory[V]) Latest(_ context.Context, key string) (*Entry[V], bool, error) {
	e, ok := m.get(key)
	return e, ok, nil
}

// Set stores e for ttl (forever when ttl <= 0).
func (m *Memory[V]) Set(_ context.Context, key string, e *Entry[V], ttl time.Duration) error {
	now := time.Now().UnixNano()
	it := &memItem[V]{e: e}
	if ttl > 0 {
		it.expires = now + int64(ttl)
	}
	m.items.Store(key, it)
	if last := m.swept.Load(); now-last >= int64(sweepEvery) && m.swept.CompareAndSwap(last, now) {
		m.items.Range(func(k, x any) bool {
			if exp := x.(*memItem[V]).expires; exp > 0 && now > exp {
				m.items.CompareAndDelete(k, x)
			}
			return true
		})
	}
	return nil
}

// Delete removes key.
func (m *Memory[V]) Delete(_ context.Context, key string) error {
	m.DeleteLocal(key)
	return nil
}

// DeleteLocal is Delete: this process holds the only copy.
func (m *Memory[V]) DeleteLocal(key string) { m.items.Delete(key) }

// TryLock is a lock within this process: enough for one replica, and what
// Tiered falls back to while Redis is down.
func (m *Memory[V]) TryLock(_ context.Context, name string, ttl time.Duration) (func(), bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	now := m.now()
	if l, ok := m.locks[name]; ok && now.Before(l.until) {
		return nil, false, nil
	}
	if len(m.locks) >= pruneLocksAt { // locks never released (RefreshNow's) expire: drop them
		for k, l := range m.locks {
			if !now.Before(l.until) {
				delete(m.locks, k)
			}
		}
	}
	mine := &memLock{until: now.Add(ttl)}
	m.locks[name] = mine
	return func() {
		m.mu.Lock()
		defer m.mu.Unlock()
		if m.locks[name] == mine {
			delete(m.locks, name)
		}
	}, true, nil
}

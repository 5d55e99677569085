package cache

import (
	"context"
	"time"
)

// Entry is a loaded value and when it was fetched. Fetched is set once, by
// the replica that loaded it, and travels with the value through Redis, so
// every replica judges freshness alike and can name a version by it.
type Entry[V any] struct {
	Value   V
	Fetched time.Time
	// Version is random, made by the load that fetched the value: it names
	// this value on every replica, whatever their clocks say.
	Version uint64
	// RetryAt, when set, is the fleet's backoff: refreshing this value
	// failed Failures times in a row, and no replica tries again before
	// RetryAt (unless forced).
	RetryAt  time.Time
	Failures int
}

// Tier stores entries. Memory keeps them in this process; the fleet
// package adds Redis, which every replica shares, and Tiered, memory in
// front of Redis. The conformance suite in cachetest holds all three to
// the same contract.
type Tier[V any] interface {
	// Get returns the entry for key. For Tiered it is served from memory
	// when memory has it, with no I/O: this is the cached embed's path.
	Get(ctx context.Context, key string) (*Entry[V], bool, error)
	// Latest returns what the shared tier holds for key (the last value
	// any replica stored), reading past the local tier and updating it;
	// the local entry when the shared tier has none or does not answer.
	Latest(ctx context.Context, key string) (*Entry[V], bool, error)
	// Set stores e for ttl.
	Set(ctx context.Context, key string, e *Entry[V], ttl time.Duration) error
	// Delete removes key.
	Delete(ctx context.Context, key string) error
	// TryLock takes the lock called name for at most ttl, without waiting.
	// ok is false when someone else holds it. release gives it back only
	// if it is still ours (it may have expired and been taken since).
	TryLock(ctx context.Context, name string, ttl time.Duration) (release func(), ok bool, err error)
	// Peek returns what this process holds for key, with no I/O and no
	// lookup counted: nothing, for a tier with no part in this process.
	Peek(key string) (*Entry[V], bool)
	// DeleteLocal forgets key in this process only: another replica
	// changed it, and the shared part, if any, holds the truth already.
	DeleteLocal(key string)
}

package images

import (
	"sync"
	"time"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// maxFailures bounds the failures remembered: a key is 24 bytes and an
// error a pointer, so about 10 MB at most, however many pictures fail.
const maxFailures = 100_000

// failures remembers why pictures failed, each for its own time, the
// least recently failed forgotten first when full.
type failures struct {
	mu  sync.Mutex
	lru *simplelru.LRU[string, failure]
	now func() time.Time
}

type failure struct {
	err   error
	until time.Time
}

func newFailures(n int, now func() time.Time) *failures {
	lru, _ := simplelru.NewLRU[string, failure](n, nil)
	return &failures{lru: lru, now: now}
}

func (f *failures) add(key string, err error, life time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lru.Add(key, failure{err, f.now().Add(life)})
}

func (f *failures) get(key string) (error, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	e, ok := f.lru.Peek(key)
	if !ok {
		return nil, false
	}
	if !f.now().Before(e.until) {
		f.lru.Remove(key)
		return nil, false
	}
	return e.err, true
}

package images

import (
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// memory is the small tier in front of the disk: thumbnails up to a number
// of bytes (not of entries: a noisy transparent 192 px PNG can weigh
// 150 KB where a photo's weighs 2), least recently used out first.
type memory struct {
	mu        sync.Mutex
	lru       *simplelru.LRU[string, Image]
	size, max int64
}

func newMemory(max int64) *memory {
	m := &memory{max: max}
	m.lru, _ = simplelru.NewLRU(int(^uint(0)>>1), func(_ string, img Image) { m.size -= int64(len(img.Body)) })
	return m
}

func (m *memory) get(key string) (Image, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lru.Get(key)
}

func (m *memory) has(key string) bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.lru.Contains(key)
}

func (m *memory) add(key string, img Image) {
	n := int64(len(img.Body))
	if n > m.max {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.lru.Remove(key) // its bytes leave through the eviction callback
	m.lru.Add(key, img)
	m.size += n
	for m.size > m.max {
		m.lru.RemoveOldest()
	}
}

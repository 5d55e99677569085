package cache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis is the tier replicas share. Entries are JSON (the value and when it
// was fetched) under Prefix+key; locks live under Prefix+"lock:"+name.
type Redis[V any] struct {
	c      redis.UniversalClient
	prefix string
}

// NewRedis stores entries in c under prefix (e.g. "widgets:lists:").
func NewRedis[V any](c redis.UniversalClient, prefix string) *Redis[V] {
	return &Redis[V]{c: c, prefix: prefix}
}

type redisEntry[V any] struct {
	Value    V         `json:"v"`
	Fetched  time.Time `json:"f"`
	Version  uint64    `json:"n"`
	RetryAt  time.Time `json:"r,omitzero"`
	Failures int       `json:"x,omitzero"`
}

// Get reads and decodes key. An entry that does not decode (written by an
// incompatible version) counts as missing, so it is simply loaded again.
func (r *Redis[V]) Get(ctx context.Context, key string) (*Entry[V], bool, error) {
	b, err := r.c.Get(ctx, r.prefix+key).Bytes()
	if errors.Is(err, redis.Nil) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("redis get: %w", err)
	}
	var e redisEntry[V]
	if err := json.Unmarshal(b, &e); err != nil {
		return nil, false, nil
	}
	return &Entry[V]{Value: e.Value, Fetched: e.Fetched, Version: e.Version, RetryAt: e.RetryAt, Failures: e.Failures}, true, nil
}

// Latest is Get: Redis is the shared copy.
func (r *Redis[V]) Latest(ctx context.Context, key string) (*Entry[V], bool, error) {
	return r.Get(ctx, key)
}

// Set writes key with an expiry (none when ttl <= 0).
func (r *Redis[V]) Set(ctx context.Context, key string, e *Entry[V], ttl time.Duration) error {
	b, err := json.Marshal(redisEntry[V]{Value: e.Value, Fetched: e.Fetched, Version: e.Version, RetryAt: e.RetryAt, Failures: e.Failures})
	if err != nil {
		return fmt.Errorf("redis set: encoding: %w", err)
	}
	if ttl < 0 {
		ttl = 0
	}
	if err := r.c.Set(ctx, r.prefix+key, b, ttl).Err(); err != nil {
		return fmt.Errorf("redis set: %w", err)
	}
	return nil
}

// Delete removes key.
func (r *Redis[V]) Delete(ctx context.Context, key string) error {
	if err := r.c.Del(ctx, r.prefix+key).Err(); err != nil {
		return fmt.Errorf("redis del: %w", err)
	}
	return nil
}

// release deletes a lock only if it still holds our token: a lock that
// expired while we worked and was taken by another replica stays theirs.
var release = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// TryLock sets the lock key with NX and an expiry, holding a random token.
func (r *Redis[V]) TryLock(ctx context.Context, name string, ttl time.Duration) (func(), bool, error) {
	var t [16]byte
	rand.Read(t[:])
	token := hex.EncodeToString(t[:])
	key := r.prefix + "lock:" + name
	ok, err := r.c.SetNX(ctx, key, token, ttl).Result()
	if err != nil {
		return nil, false, fmt.Errorf("redis lock: %w", err)
	}
	if !ok {
		return nil, false, nil
	}
	return func() {
		// Released on a context of its own: the caller's may be done.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		release.Run(ctx, r.c, []string{key}, token)
	}, true, nil
}

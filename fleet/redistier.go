package fleet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/cache"
)

// RedisTier is the tier replicas share. Entries are JSON (the value and
// when it was fetched) under Prefix+key; locks live under
// Prefix+"lock:"+name.
type RedisTier[V any] struct {
	c      redis.UniversalClient
	prefix string
}

// NewRedisTier stores entries in c under prefix (e.g. "widgets:lists:").
func NewRedisTier[V any](c redis.UniversalClient, prefix string) *RedisTier[V] {
	return &RedisTier[V]{c: c, prefix: prefix}
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
func (r *RedisTier[V]) Get(ctx context.Context, key string) (*cache.Entry[V], bool, error) {
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
	return &cache.Entry[V]{Value: e.Value, Fetched: e.Fetched, Version: e.Version, RetryAt: e.RetryAt, Failures: e.Failures}, true, nil
}

// Latest is Get: Redis is the shared copy.
func (r *RedisTier[V]) Latest(ctx context.Context, key string) (*cache.Entry[V], bool, error) {
	return r.Get(ctx, key)
}

// Set writes key with an expiry (none when ttl <= 0).
func (r *RedisTier[V]) Set(ctx context.Context, key string, e *cache.Entry[V], ttl time.Duration) error {
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

// Peek finds nothing: Redis holds no part of its entries in this process.
func (r *RedisTier[V]) Peek(string) (*cache.Entry[V], bool) { return nil, false }

// DeleteLocal does nothing, for the same reason.
func (r *RedisTier[V]) DeleteLocal(string) {}

// Delete removes key.
func (r *RedisTier[V]) Delete(ctx context.Context, key string) error {
	if err := r.c.Del(ctx, r.prefix+key).Err(); err != nil {
		return fmt.Errorf("redis del: %w", err)
	}
	return nil
}

// release deletes a lock only if it still holds our token: a lock that
// expired while we worked and was taken by another replica stays theirs.
var release = redis.NewScript(`if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) end return 0`)

// TryLock sets the lock key with NX and an expiry, holding a random token.
func (r *RedisTier[V]) TryLock(ctx context.Context, name string, ttl time.Duration) (func(), bool, error) {
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

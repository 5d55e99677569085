package app

import (
	"context"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/wpcom"
)

// redisPause is wpcom.Pause for a fleet: when WordPress.com throttles the
// app, every replica holds its calls, and throttles in a row, whichever
// replica met them, lengthen the pause. Redis keeps one hash: "until"
// (Unix milliseconds) and "strikes". This replica's own memory stands in
// while Redis does not answer.
type redisPause struct {
	rc    *redis.Client
	key   string
	local *wpcom.MemoryPause
	log   *slog.Logger
	// struck is set after a throttle until a call goes through, so calls
	// that go through in ordinary times cost no Redis write.
	struck atomic.Bool
}

func newRedisPause(rc *redis.Client, key string, log *slog.Logger) *redisPause {
	return &redisPause{rc: rc, key: key, local: wpcom.NewMemoryPause(), log: log}
}

var _ wpcom.Pause = (*redisPause)(nil)

// pauseTimeout bounds each Redis call: a slow Redis must not hold up
// refreshes; the local pause still applies.
const pauseTimeout = 500 * time.Millisecond

func (p *redisPause) Until(ctx context.Context) time.Time {
	local := p.local.Until(ctx)
	ctx, cancel := context.WithTimeout(ctx, pauseTimeout)
	defer cancel()
	ms, err := p.rc.HGet(ctx, p.key, "until").Int64()
	if err != nil {
		return local
	}
	if shared := time.UnixMilli(ms); shared.After(local) {
		p.struck.Store(true)
		return shared
	}
	return local
}

func (p *redisPause) Throttled(ctx context.Context, now time.Time) time.Time {
	p.struck.Store(true)
	until := p.local.Throttled(ctx, now)
	ctx, cancel := context.WithTimeout(ctx, pauseTimeout)
	defer cancel()
	n, err := p.rc.HIncrBy(ctx, p.key, "strikes", 1).Result()
	if err != nil {
		p.log.Warn("Redis did not take the throttle pause: this replica pauses alone", "err", err)
		return until
	}
	if shared := now.Add(wpcom.PauseFor(int(n))); shared.After(until) {
		until = shared
	}
	pipe := p.rc.TxPipeline()
	pipe.HSet(ctx, p.key, "until", strconv.FormatInt(until.UnixMilli(), 10))
	// Strikes are forgotten after a long quiet spell, even if no call
	// ever clears them.
	pipe.PExpire(ctx, p.key, until.Sub(now)+2*wpcom.PauseMax)
	if _, err := pipe.Exec(ctx); err != nil {
		p.log.Warn("Redis did not take the throttle pause: this replica pauses alone", "err", err)
	}
	return until
}

func (p *redisPause) Cleared(ctx context.Context) {
	p.local.Cleared(ctx)
	if !p.struck.Swap(false) {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, pauseTimeout)
	defer cancel()
	_ = p.rc.Del(ctx, p.key).Err() // a stale pause ends by itself
}

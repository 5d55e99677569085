package fleet

import (
	"context"
	"errors"
	"log/slog"
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
	// quietUntil (Unix nanoseconds): after Redis failed to answer, the
	// local pause alone is read for a while, so a Redis that is down does
	// not add its timeout to every call to WordPress.com (a member's
	// blogroll is many pages).
	quietUntil atomic.Int64
}

// quietFor is how long the pause leaves a Redis that did not answer alone.
const quietFor = 5 * time.Second

func newRedisPause(rc *redis.Client, key string, log *slog.Logger) *redisPause {
	return &redisPause{rc: rc, key: key, local: wpcom.NewMemoryPause(), log: log}
}

var _ wpcom.Pause = (*redisPause)(nil)

// pauseTimeout bounds each Redis call: a slow Redis must not hold up
// refreshes; the local pause still applies.
const pauseTimeout = 500 * time.Millisecond

func (p *redisPause) Until(ctx context.Context) time.Time {
	local := p.local.Until(ctx)
	if time.Now().UnixNano() < p.quietUntil.Load() {
		return local
	}
	ctx, cancel := context.WithTimeout(ctx, pauseTimeout)
	defer cancel()
	ms, err := p.rc.HGet(ctx, p.key, "until").Int64()
	if err != nil {
		if !errors.Is(err, redis.Nil) { // no pause is not an outage
			p.quietUntil.Store(time.Now().Add(quietFor).UnixNano())
		}
		return local
	}
	if shared := time.UnixMilli(ms); shared.After(local) {
		p.struck.Store(true)
		return shared
	}
	return local
}

// throttle adds a strike only when no pause runs (a burst of answers met
// together is one throttle), and sets the pause and the key's life in the
// same step. ARGV: now, the first pause, the longest, extra life (ms).
var throttle = redis.NewScript(`
local untilMS = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
local now = tonumber(ARGV[1])
if now < untilMS then return untilMS end
local n = redis.call('HINCRBY', KEYS[1], 'strikes', 1)
local d = tonumber(ARGV[2]) * 2 ^ (n - 1)
if d > tonumber(ARGV[3]) then d = tonumber(ARGV[3]) end
untilMS = now + d
redis.call('HSET', KEYS[1], 'until', untilMS)
redis.call('PEXPIRE', KEYS[1], d + tonumber(ARGV[4]))
return untilMS
`)

// clear forgets the strikes once the pause is over; a call that was under
// way when the throttle came clears nothing. ARGV: now (ms).
var clear = redis.NewScript(`
local untilMS = tonumber(redis.call('HGET', KEYS[1], 'until') or '0')
if tonumber(ARGV[1]) >= untilMS then redis.call('DEL', KEYS[1]) return 1 end
return 0
`)

func (p *redisPause) Throttled(ctx context.Context, now time.Time) time.Time {
	p.struck.Store(true)
	until := p.local.Throttled(ctx, now)
	ctx, cancel := context.WithTimeout(ctx, pauseTimeout)
	defer cancel()
	ms, err := throttle.Run(ctx, p.rc, []string{p.key}, now.UnixMilli(), wpcom.PauseMin.Milliseconds(),
		wpcom.PauseMax.Milliseconds(), (2 * wpcom.PauseMax).Milliseconds()).Int64()
	if err != nil {
		p.log.Warn("Redis did not take the throttle pause: this replica pauses alone", "err", err)
		return until
	}
	if shared := time.UnixMilli(ms); shared.After(until) {
		until = shared
	}
	return until
}

func (p *redisPause) Cleared(ctx context.Context, now time.Time) {
	p.local.Cleared(ctx, now)
	if !p.struck.Load() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, pauseTimeout)
	defer cancel()
	if done, err := clear.Run(ctx, p.rc, []string{p.key}, now.UnixMilli()).Int(); err == nil && done == 1 {
		p.struck.Store(false)
	}
}

package fleet

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/logs"
	"github.com/wpcom-widgets/service/wpcom"
)

// redisBudget is wpcom.Budget for a fleet: one bucket in Redis, so the
// rate (WIDGETS_UPSTREAM_RATE) holds for all replicas together. Turns are
// handed out, not polled for: each call is given the next free turn and
// waits for it, so calls go in the order they asked, at one Redis round
// trip each. (go-redis/redis_rate answers only "now, or try again in",
// which would have every waiting call ask again at the same moment.)
// While Redis does not answer, this replica's own bucket at the same rate
// stands in: the fleet may then make the rate once per replica.
type redisBudget struct {
	rc       *redis.Client
	key      string
	interval time.Duration // between turns: a second over the rate
	local    *wpcom.MemoryBudget
	log      *slog.Logger
	onError  func() // a Redis call that failed; may be nil
	// quietUntil (Unix nanoseconds): after Redis failed to answer, the
	// local bucket alone is used for a while, so a Redis that is down
	// does not add its timeout to every call (as redisPause does).
	quietUntil atomic.Int64
	outage     *logs.Sometimes
}

// budgetTimeout bounds each Redis call: a slow Redis must not hold up
// calls to WordPress.com; this replica's own bucket stands in.
const budgetTimeout = 500 * time.Millisecond

var _ wpcom.Budget = (*redisBudget)(nil)

func newRedisBudget(rc *redis.Client, key string, perSecond float64, log *slog.Logger, onError func()) *redisBudget {
	return &redisBudget{rc: rc, key: key, interval: time.Duration(float64(time.Second) / perSecond),
		local: wpcom.NewMemoryBudget(perSecond, wpcom.BudgetBurst, nil), log: log, onError: onError,
		outage: logs.NewSometimes(1, 10*time.Minute)}
}

// takeTurn is GCRA: the token bucket kept as one number, "full", when
// it would hold its whole burst again, moved on one interval by each turn
// given. A turn comes when the bucket holds a token: at full, less the
// burst's other turns. Redis's clock (TIME) reckons it, so replicas'
// clocks need not agree (Redis 5 or later: a script may write after TIME).
// KEYS[1]: the bucket. ARGV: the interval, the burst (a count), the
// longest wait, times in microseconds. Returns {1, wait} with a turn
// taken, or {0, wait} when the turn is further off than the longest wait,
// and nothing is taken. The key lives as long as it means anything.
var takeTurn = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local full = tonumber(redis.call('GET', KEYS[1]) or '0')
if full < now then full = now end
local wait = full - (tonumber(ARGV[2]) - 1) * interval - now
if wait < 0 then wait = 0 end
if wait > tonumber(ARGV[3]) then return {0, wait} end
full = full + interval
redis.call('SET', KEYS[1], string.format('%.0f', full), 'PX', math.ceil((full - now) / 1000) + 1000)
return {1, wait}
`)

// Take implements wpcom.Budget.
func (b *redisBudget) Take(ctx context.Context, within time.Duration) (time.Duration, bool) {
	if time.Now().UnixNano() < b.quietUntil.Load() {
		return b.local.Take(ctx, within)
	}
	rctx, cancel := context.WithTimeout(ctx, budgetTimeout)
	defer cancel()
	r, err := takeTurn.Run(rctx, b.rc, []string{b.key}, b.interval.Microseconds(), wpcom.BudgetBurst, within.Microseconds()).Int64Slice()
	if err == nil && len(r) == 2 {
		return time.Duration(r[1]) * time.Microsecond, r[0] == 1
	}
	if ctx.Err() == nil { // a caller that gave up is no outage
		b.quietUntil.Store(time.Now().Add(quietFor).UnixNano())
		if b.onError != nil {
			b.onError()
		}
		b.outage.Do(func(n int64) {
			b.log.Warn("Redis does not answer: this replica spaces its calls to WordPress.com alone, so the fleet may make WIDGETS_UPSTREAM_RATE once per replica",
				"err", err, "failures_since_last_line", n)
		})
	}
	return b.local.Take(ctx, within)
}

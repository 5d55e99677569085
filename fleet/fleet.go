package fleet

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/metrics"
	"github.com/wpcom-widgets/service/widgets"
	"github.com/wpcom-widgets/service/wpcom"
)

// redisPrefix starts every key and channel the service uses, so a Redis
// shared with other programs stays tidy.
const redisPrefix = "widgets:"

// Fleet is everything one replica shares with the others, all through one
// Redis: members' lists (memory in front of Redis), notices of what
// changed, WordPress.com's throttle pause, and the budget of calls to it.
type Fleet struct {
	client *redis.Client
	log    *slog.Logger
	// Lists is the tier members' lists are kept in (widgets.Config.Lists).
	Lists *Tiered[*widgets.Lists]
	// Notices tells the others what this replica changed
	// (widgets.Config.Peers).
	Notices Notices
	// Pause is WordPress.com's throttle, for the whole fleet
	// (wpcom.Options.Pause).
	Pause wpcom.Pause
	// Budget spaces the fleet's calls to WordPress.com
	// (wpcom.Options.Budget); nil when they are not limited.
	Budget wpcom.Budget
}

// Join connects to the Redis at rawURL (WIDGETS_REDIS_URL) and puts memory
// in front of it. upstreamRate is the fleet's budget of calls to
// WordPress.com a second (WIDGETS_UPSTREAM_RATE; 0: no limit). A Redis
// that does not answer yet is not an error: the replica works alone until
// it does.
func Join(ctx context.Context, rawURL string, memory *cache.Memory[*widgets.Lists], m *metrics.Metrics, log *slog.Logger, now func() time.Time,
	upstreamRate float64) (*Fleet, error) {
	rc, err := connectRedis(ctx, rawURL, log)
	if err != nil {
		return nil, err
	}
	// v2: lists stored before private items were left out must never be
	// read again, so the key changed with them.
	lists := NewTiered(memory, NewRedisTier[*widgets.Lists](rc, redisPrefix+"lists:v2:"), TieredOptions{
		Logger:   log,
		OnLookup: func(result string) { m.Lookup("redis", result) },
		OnError:  func(op string) { m.RedisErrors.WithLabelValues(op).Inc() },
		OnState:  m.RedisState,
		Now:      now,
	})
	// Channels are shared by every database of a Redis server: name the
	// database, so fleets kept apart by database number stay apart.
	bus := NewBus(rc, redisPrefix+"changes:"+strconv.Itoa(rc.Options().DB), log)
	bus.OnError = m.RedisErrors.WithLabelValues("publish").Inc
	f := &Fleet{client: rc, log: log, Lists: lists, Notices: Notices{bus: bus},
		Pause: newRedisPause(rc, redisPrefix+"wpcom-pause", log)}
	if upstreamRate > 0 {
		f.Budget = newRedisBudget(rc, redisPrefix+"wpcom-budget", upstreamRate, log, m.RedisErrors.WithLabelValues("budget").Inc)
	}
	return f, nil
}

// Ping says whether Redis answers (for /readyz).
func (f *Fleet) Ping(ctx context.Context) error { return f.client.Ping(ctx).Err() }

// Run hears the other replicas' news until ctx ends, and watches Redis
// while it is down, so the replica knows as soon as it is back.
func (f *Fleet) Run(ctx context.Context, r Listener) {
	go f.Lists.Watch(ctx, f.Ping)
	f.Notices.bus.Listen(ctx, func(msg string) { hear(r, msg, f.log) }, r.Resync)
}

// Close closes the connection to Redis.
func (f *Fleet) Close() error { return f.client.Close() }

// connectRedis makes a client with short timeouts: Redis is a cache, and a
// slow one must cost a visitor milliseconds, not seconds. A Redis that
// does not answer at start is reported, not fatal: replicas work without it
// and use it once it answers.
func connectRedis(ctx context.Context, rawURL string, log *slog.Logger) (*redis.Client, error) {
	opts, err := redis.ParseURL(rawURL)
	if err != nil {
		return nil, fmt.Errorf("WIDGETS_REDIS_URL: %w", err)
	}
	opts.DialTimeout = time.Second
	opts.ReadTimeout = 500 * time.Millisecond
	opts.WriteTimeout = 500 * time.Millisecond
	opts.PoolTimeout = time.Second
	opts.MaxRetries = 1
	redis.SetLogger(redisLogger{log})
	c := redis.NewClient(opts)
	pctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	if err := c.Ping(pctx).Err(); err != nil {
		log.Warn("Redis does not answer yet: starting with this replica's own cache; Redis is used once it answers",
			"redis", opts.Addr, "err", err)
	} else {
		log.Info("shared cache ready", "redis", opts.Addr, "db", opts.DB)
	}
	return c, nil
}

// redisLogger sends go-redis's own messages (reconnection attempts) to the
// service's log at debug level: the cache reports outages once, itself.
type redisLogger struct{ log *slog.Logger }

func (l redisLogger) Printf(ctx context.Context, format string, v ...any) {
	l.log.Debug("redis: " + fmt.Sprintf(format, v...))
}

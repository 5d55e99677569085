package app

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/wpcom-widgets/service/broadcast"
	"github.com/wpcom-widgets/service/cache"
	"github.com/wpcom-widgets/service/metrics"
	"github.com/wpcom-widgets/service/widgets"
)

// redisPrefix starts every key and channel the service uses, so a Redis
// shared with other programs stays tidy.
const redisPrefix = "widgets:"

// sharedCache is what replicas share through Redis: members' lists (memory
// in front of Redis), change notices, and WordPress.com's throttle pause.
type sharedCache struct {
	client *redis.Client
	lists  *cache.Tiered[*widgets.Lists]
	bus    *broadcast.Redis
	pause  *redisPause // WordPress.com's throttle, for the whole fleet
}

func newSharedCache(ctx context.Context, rawURL string, memory *cache.Memory[*widgets.Lists], m *metrics.Metrics, log *slog.Logger, now func() time.Time) (*sharedCache, error) {
	rc, err := connectRedis(ctx, rawURL, log)
	if err != nil {
		return nil, err
	}
	// v2: lists stored before private items were left out must never be
	// read again, so the key changed with them.
	lists := cache.NewTiered(memory, cache.NewRedis[*widgets.Lists](rc, redisPrefix+"lists:v2:"), cache.TieredOptions{
		Logger:   log,
		OnLookup: func(result string) { m.Lookup("redis", result) },
		OnError:  func(op string) { m.RedisErrors.WithLabelValues(op).Inc() },
		OnState:  m.RedisState,
		Now:      now,
	})
	// Channels are shared by every database of a Redis server: name the
	// database, so fleets kept apart by database number stay apart.
	bus := broadcast.New(rc, redisPrefix+"changes:"+strconv.Itoa(rc.Options().DB), log)
	bus.OnError = m.RedisErrors.WithLabelValues("publish").Inc
	return &sharedCache{client: rc, lists: lists, bus: bus, pause: newRedisPause(rc, redisPrefix+"wpcom-pause", log)}, nil
}

func (s *sharedCache) ping(ctx context.Context) error { return s.client.Ping(ctx).Err() }

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

package fleet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync/atomic"

	"github.com/redis/go-redis/v9"
)

// Bus carries short messages between replicas over Redis publish and
// subscribe: "this widget changed", "these lists were refreshed".
// Messages are best effort. A replica whose subscription was down is told
// when it is made again (Listen's onSubscribed), so it can drop what it
// may have missed news of. It publishes to and listens on one channel.
type Bus struct {
	c       redis.UniversalClient
	channel string
	origin  string // this replica, so it can skip its own messages
	log     *slog.Logger
	failing atomic.Bool
	// OnError, if set, hears of every failed publish: for metrics.
	OnError func()
}

// NewBus makes a bus on channel.
func NewBus(c redis.UniversalClient, channel string, log *slog.Logger) *Bus {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	var b [8]byte
	rand.Read(b[:])
	return &Bus{c: c, channel: channel, origin: hex.EncodeToString(b[:]), log: log}
}

// Publish sends msg to every other replica. Failures are logged once per
// outage, not per message.
func (r *Bus) Publish(ctx context.Context, msg string) {
	if err := r.c.Publish(ctx, r.channel, r.origin+" "+msg).Err(); err != nil {
		if r.OnError != nil {
			r.OnError()
		}
		if !r.failing.Swap(true) {
			r.log.Warn("could not tell the other replicas of a change; they catch up when Redis answers again", "err", err)
		}
		return
	}
	r.failing.Store(false)
}

// Listen delivers other replicas' messages to handle until ctx ends.
// onSubscribed runs each time the subscription is made, the first time and
// after every reconnection (go-redis reconnects by itself).
func (r *Bus) Listen(ctx context.Context, handle func(msg string), onSubscribed func()) {
	ps := r.c.Subscribe(ctx, r.channel)
	defer ps.Close()
	ch := ps.ChannelWithSubscriptions()
	for {
		select {
		case <-ctx.Done():
			return
		case m, ok := <-ch:
			if !ok {
				return
			}
			switch m := m.(type) {
			case *redis.Subscription:
				if m.Kind == "subscribe" {
					r.log.Debug("listening to the other replicas", "channel", r.channel)
					if onSubscribed != nil {
						onSubscribed()
					}
				}
			case *redis.Message:
				origin, msg, found := strings.Cut(m.Payload, " ")
				if !found || origin == r.origin {
					continue
				}
				handle(msg)
			}
		}
	}
}

package fleet

import (
	"context"
	"log/slog"
	"strings"
	"time"
)

// What replicas tell each other, one line each, over the Bus. A message
// can be lost while Redis is down; Resync, run whenever the subscription is
// (re)made, covers that.
const (
	msgWidget  = "widget "  // + id: settings created, changed or deleted
	msgAccount = "account " // + account key and its widget ids: disconnected
	msgLists   = "lists "   // + account key: fresh lists are in the shared cache
)

// Listener is what news from the other replicas changes here
// (widgets.Service).
type Listener interface {
	HeardWidgetChanged(widgetID string)
	HeardAccountGone(accountKey string, widgetIDs []string)
	HeardListsStored(ctx context.Context, accountKey string)
	Resync()
}

// Notices tells the other replicas what this one changed (it is
// widgets.Peers).
type Notices struct{ bus *Bus }

func (n Notices) publish(msg string) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	n.bus.Publish(ctx, msg)
}

// WidgetChanged tells the others to read a widget's settings again.
func (n Notices) WidgetChanged(widgetID string) { n.publish(msgWidget + widgetID) }

// AccountGone tells the others to drop a member's lists and widgets.
func (n Notices) AccountGone(accountKey string, widgetIDs []string) {
	n.publish(msgAccount + strings.Join(append([]string{accountKey}, widgetIDs...), " "))
}

// ListsStored tells the others to take a member's fresh lists from Redis.
func (n Notices) ListsStored(accountKey string) { n.publish(msgLists + accountKey) }

// hear applies one message another replica sent.
func hear(r Listener, msg string, log *slog.Logger) {
	switch {
	case strings.HasPrefix(msg, msgWidget):
		r.HeardWidgetChanged(strings.TrimPrefix(msg, msgWidget))
	case strings.HasPrefix(msg, msgAccount):
		f := strings.Fields(strings.TrimPrefix(msg, msgAccount))
		if len(f) == 0 {
			return
		}
		r.HeardAccountGone(f[0], f[1:])
	case strings.HasPrefix(msg, msgLists):
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		r.HeardListsStored(ctx, strings.TrimPrefix(msg, msgLists))
	default:
		log.Warn("ignored an unknown message from another replica", "msg", msg)
	}
}

package widgets

import (
	"context"
	"strings"
	"time"
)

// Replicas tell each other what changed over the Bus (Redis publish and
// subscribe), rather than checking a version in Redis on every request:
// the cached embed must stay free of I/O. A message can be lost while
// Redis is down; Resync, run whenever the subscription is (re)made, covers
// that by dropping every widget's settings held in memory.
const (
	msgWidget  = "widget "  // + id: settings created, changed or deleted
	msgAccount = "account " // + account id and its widget ids: disconnected
	msgLists   = "lists "   // + account id: fresh lists are in the shared cache
)

func (s *Service) announce(msg string) {
	if s.cfg.Bus == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	s.cfg.Bus.Publish(ctx, msg)
}

// Handle applies a message another replica sent (announce).
func (s *Service) Handle(msg string) {
	switch {
	case strings.HasPrefix(msg, msgWidget):
		s.forgetWidget(strings.TrimPrefix(msg, msgWidget))
	case strings.HasPrefix(msg, msgAccount):
		f := strings.Fields(strings.TrimPrefix(msg, msgAccount))
		if len(f) == 0 {
			return
		}
		s.lists.DropLocal(f[0])
		for _, id := range f[1:] {
			s.forgetWidget(id)
		}
	case strings.HasPrefix(msg, msgLists):
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		s.lists.Sync(ctx, strings.TrimPrefix(msg, msgLists))
	default:
		s.log.Warn("ignored an unknown message from another replica", "msg", msg)
	}
}

// Resync drops all widget settings held in memory, after messages may have
// been missed (the subscription was down); each is read again on its next
// request.
func (s *Service) Resync() {
	s.widgets.Flush()
	s.missing.Flush()
}

// Package logs keeps log lines bounded: whatever a request sends, a value
// in a line of ours is at most MaxValue bytes (Clip), and a handler made
// with Clipped holds every attribute of every line to that.
package logs

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"

	"github.com/wpcom-widgets/service/clean"
)

// MaxValue bounds what one value adds to a log line: a stranger's 900 KB
// header is theirs to send, not ours to store.
const MaxValue = 512

// Clip cuts s on a character boundary to at most MaxValue bytes, saying
// how long it was; clipping again changes nothing.
func Clip(s string) string {
	if len(s) <= MaxValue {
		return s
	}
	note := "…[" + strconv.Itoa(len(s)) + " bytes]"
	return clean.Bytes(s, MaxValue-len(note)) + note
}

// Clipped is h with every string, error and Stringer attribute clipped
// (Clip), in groups too, and the message as well.
func Clipped(h slog.Handler) slog.Handler {
	if c, ok := h.(clipped); ok {
		return c // already
	}
	return clipped{h}
}

type clipped struct{ next slog.Handler }

func (c clipped) Enabled(ctx context.Context, l slog.Level) bool { return c.next.Enabled(ctx, l) }

func (c clipped) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, Clip(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(clipAttr(a))
		return true
	})
	return c.next.Handle(ctx, out)
}

func (c clipped) WithAttrs(as []slog.Attr) slog.Handler {
	for i, a := range as {
		as[i] = clipAttr(a)
	}
	return clipped{c.next.WithAttrs(as)}
}

func (c clipped) WithGroup(name string) slog.Handler { return clipped{c.next.WithGroup(name)} }

func clipAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		if len(v.String()) > MaxValue {
			a.Value = slog.StringValue(Clip(v.String()))
		}
	case slog.KindGroup:
		group := v.Group()
		out := make([]slog.Attr, len(group))
		for i, g := range group {
			out[i] = clipAttr(g)
		}
		a.Value = slog.GroupValue(out...)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case error:
			a.Value = slog.StringValue(Clip(x.Error()))
		case fmt.Stringer:
			a.Value = slog.StringValue(Clip(x.String()))
		case []byte:
			a.Value = slog.StringValue(Clip(string(x)))
		default:
			if s := fmt.Sprint(x); len(s) > MaxValue {
				a.Value = slog.StringValue(Clip(s))
			}
		}
	}
	return a
}

// Sometimes logs a line now and then for events a stranger can cause at
// will (refused requests, an outage seen by every request): the first
// few, then one an interval, each saying how many were not logged.
type Sometimes struct {
	sample rate.Sometimes
	quiet  atomic.Int64
}

// NewSometimes logs the first first events, then one an interval.
func NewSometimes(first int, interval time.Duration) *Sometimes {
	return &Sometimes{sample: rate.Sometimes{First: first, Interval: interval}}
}

// Do counts an event and calls log, when it is one to log, with the
// number of events since the last one logged, this one included.
func (s *Sometimes) Do(log func(events int64)) {
	s.quiet.Add(1)
	s.sample.Do(func() { log(s.quiet.Swap(0)) })
}

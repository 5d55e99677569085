package fleet

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/fleet/redistest"
	"github.com/wpcom-widgets/service/internal/testutil"
)

// heard records what a replica was told, one line per call.
type heard struct {
	mu    sync.Mutex
	lines []string
}

func (h *heard) add(format string, a ...any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lines = append(h.lines, fmt.Sprintf(format, a...))
}
func (h *heard) got() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.lines...)
}
func (h *heard) HeardWidgetChanged(id string) { h.add("widget %s", id) }
func (h *heard) HeardAccountGone(key string, ids []string) {
	h.add("account %s %v", key, ids)
}
func (h *heard) HeardListsStored(ctx context.Context, key string) {
	if _, ok := ctx.Deadline(); !ok {
		h.add("lists %s without a deadline", key)
		return
	}
	h.add("lists %s", key)
}
func (h *heard) Resync() { h.add("resync") }

func TestHear(t *testing.T) {
	for _, tc := range []struct{ msg, want, log string }{
		{"widget w-1", "widget w-1", ""},
		{"account 42 w-1 w-2", "account 42 [w-1 w-2]", ""},
		{"account 42", "account 42 []", ""},
		{"account ", "", ""},
		{"lists 42", "lists 42", ""},
		{"bogus 1", "", "unknown message"},
	} {
		t.Run(tc.msg, func(t *testing.T) {
			var h heard
			var logs bytes.Buffer
			hear(&h, tc.msg, slog.New(slog.NewTextHandler(&logs, nil)))
			if got := strings.Join(h.got(), "; "); got != tc.want {
				t.Errorf("heard %q, want %q", got, tc.want)
			}
			if !strings.Contains(logs.String(), tc.log) || (tc.log == "" && logs.Len() > 0) {
				t.Errorf("logged %q, want %q", logs.String(), tc.log)
			}
		})
	}
}

// What one replica's Notices say, another replica's Run hears, through a
// real Redis; a replica does not hear itself.
func TestNoticesReachTheOtherReplicas(t *testing.T) {
	rc := redistest.Client(t)
	channel := redistest.Prefix(t, rc) + "changes"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	a, b := NewBus(rc, channel, nil), NewBus(rc, channel, nil)
	var ha, hb heard
	for _, r := range []struct {
		bus *Bus
		h   *heard
	}{{a, &ha}, {b, &hb}} {
		go r.bus.Listen(ctx, func(msg string) { hear(r.h, msg, slog.New(slog.DiscardHandler)) }, r.h.Resync)
	}
	testutil.Eventually(t, 5*time.Second, "both subscribed", func() bool { return len(ha.got()) == 1 && len(hb.got()) == 1 })
	n := Notices{bus: a}
	n.WidgetChanged("w-1")
	n.AccountGone("42", []string{"w-1", "w-2"})
	n.ListsStored("42")
	want := "resync; widget w-1; account 42 [w-1 w-2]; lists 42"
	testutil.Eventually(t, 5*time.Second, "the other replica hears all three", func() bool { return len(hb.got()) == 4 })
	if got := strings.Join(hb.got(), "; "); got != want {
		t.Errorf("the other replica heard %q, want %q", got, want)
	}
	time.Sleep(50 * time.Millisecond) // as long again as the others took
	if got := ha.got(); len(got) != 1 {
		t.Errorf("the replica heard itself: %q", got)
	}
}

package widgets

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// told records what the peers were told.
type told struct {
	mu    sync.Mutex
	lines []string
}

func (r *told) add(s string)            { r.mu.Lock(); r.lines = append(r.lines, s); r.mu.Unlock() }
func (r *told) WidgetChanged(id string) { r.add("widget " + id) }
func (r *told) AccountGone(key string, ids []string) {
	r.add(fmt.Sprintf("account %s %v", key, ids))
}
func (r *told) ListsStored(key string) { r.add("lists " + key) }
func (r *told) String() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.lines, "; ")
}

// What this replica changes, its peers are told, once each.
func TestPeersAreTold(t *testing.T) {
	for _, tc := range []struct {
		name string
		do   func(s *Service, id string)
		want func(id string) string
	}{
		{"a widget changed", func(s *Service, id string) { s.Forget(id) }, func(id string) string { return "widget " + id }},
		{"a member left", func(s *Service, id string) { s.ForgetAccount(1, id) }, func(id string) string { return "account 1 [" + id + "]" }},
		{"lists stored", func(s *Service, id string) {
			s.View(context.Background(), id)
			s.bg.Wait()
		}, func(string) string { return "lists 1" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, fs, _ := newFixture(t)
			var r told
			s.cfg.Peers = &r
			id := widgetOf(fs, "liked", 5)
			tc.do(s, id)
			if got, want := r.String(), tc.want(id); got != want {
				t.Errorf("told %q, want %q", got, want)
			}
		})
	}
}

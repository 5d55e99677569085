package widgets

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/wpcom"
)

// The owner is told when their lists were fetched and why a fetch failed;
// "refresh now" fetches through a failure's backoff, once a minute.
func TestFreshnessAndRefreshNow(t *testing.T) {
	s, fs, api := newFixture(t)
	if f := s.Freshness(1); !f.Fetched.IsZero() || f.Problem != "" {
		t.Errorf("before any fetch: %+v", f)
	}
	s.View(context.Background(), widgetOf(fs, "liked", 5))
	first := s.Freshness(1)
	if first.Fetched.IsZero() || first.Problem != "" {
		t.Fatalf("after a fetch: %+v", first)
	}
	for _, tc := range []struct {
		err       error
		problem   string
		reconnect bool
	}{
		{&wpcom.Error{Kind: wpcom.ErrThrottled}, "asked this service to slow down", false},
		{&wpcom.Error{Kind: wpcom.ErrOverBudget}, "wait their turn", false},
		{&wpcom.Error{Kind: wpcom.ErrServer}, "did not answer", false},
		{&wpcom.Error{Kind: wpcom.ErrReconnect}, "connect again", true},
	} {
		t.Run(tc.problem, func(t *testing.T) {
			s, fs, api := newFixture(t)
			s.View(context.Background(), widgetOf(fs, "liked", 5))
			api.mu.Lock()
			api.err = tc.err
			api.mu.Unlock()
			if err := s.RefreshNow(context.Background(), 1); !errors.Is(err, tc.err) {
				t.Fatalf("RefreshNow = %v, want the fetch's error", err)
			}
			f := s.Freshness(1)
			if !strings.Contains(f.Problem, tc.problem) || f.Reconnect != tc.reconnect || f.Fetched.IsZero() ||
				(!tc.reconnect && f.NextTry.IsZero()) {
				t.Errorf("after a failed fetch: %+v", f)
			}
		})
	}
	calls := len(api.liked)
	if err := s.RefreshNow(context.Background(), 1); err != nil || len(api.liked) != calls+1 {
		t.Fatalf("RefreshNow: %v, %d fetches", err, len(api.liked)-calls)
	}
	if err := s.RefreshNow(context.Background(), 1); !errors.Is(err, ErrTooSoon) || len(api.liked) != calls+1 {
		t.Errorf("a second RefreshNow at once: %v, %d fetches; want ErrTooSoon and none", err, len(api.liked)-calls-1)
	}
	if f := s.Freshness(1); !f.Fetched.After(first.Fetched) {
		t.Errorf("fetched %v, not after the first fetch %v", f.Fetched, first.Fetched)
	}
}

package widgets

import (
	"context"
	"errors"
	"time"

	"github.com/wpcom-widgets/service/wpcom"
)

// Freshness is what an owner is told of their lists: when they were last
// fetched and, in plain words, why not since when a fetch failed.
type Freshness struct {
	Fetched time.Time // zero: never yet
	// Problem is why the lists are not being updated, "" when the last
	// fetch worked; NextTry is when it is tried again (zero: unknown).
	Problem string
	NextTry time.Time
	// Reconnect: nothing is fetched until the owner connects again.
	Reconnect bool
	// Every is how often the lists are fetched on their own.
	Every time.Duration
}

// Freshness says how fresh the member's lists are, from what this replica
// knows (another replica's failed fetch shows without its reason).
func (s *Service) Freshness(accountID int64) Freshness {
	st := s.lists.Status(accountKey(accountID))
	f := Freshness{Every: s.cfg.Interval}
	failures := 0
	if st.Entry != nil {
		f.Fetched, failures = st.Entry.Fetched, st.Entry.Failures
		if failures > 0 {
			f.NextTry = st.Entry.RetryAt
		}
	}
	if st.LastErr == nil && failures == 0 {
		return f
	}
	if !st.NextTry.IsZero() && !st.Blocked {
		f.NextTry = st.NextTry
	}
	err := st.LastErr
	switch {
	case errors.Is(err, wpcom.ErrReconnect) || st.Blocked:
		f.Problem, f.Reconnect, f.NextTry = "WordPress.com no longer accepts this service's access to your account: connect again to update your lists.", true, time.Time{}
	case errors.Is(err, wpcom.ErrThrottled):
		f.Problem = "WordPress.com asked this service to slow down, so your lists wait."
	case errors.Is(err, wpcom.ErrOverBudget):
		f.Problem = "Many lists are being fetched from WordPress.com at once: yours wait their turn."
	case errors.Is(err, wpcom.ErrTimeout), errors.Is(err, wpcom.ErrNetwork), errors.Is(err, wpcom.ErrServer):
		f.Problem = "WordPress.com did not answer the last time we asked."
	default:
		f.Problem = "The last fetch from WordPress.com failed."
	}
	return f
}

// RefreshGap is how often an owner may ask for their lists at once.
const RefreshGap = time.Minute

var (
	// ErrTooSoon: the owner asked for their lists less than RefreshGap ago.
	ErrTooSoon = errors.New("widgets: lists asked for less than a minute ago")
	// ErrNotYet: the fetch asked for is under way, not done.
	ErrNotYet = errors.New("widgets: the fetch goes on")
)

// ThrottledError: WordPress.com asked this service to slow down, and a
// fetch now would only lengthen the wait; the next try is at Until.
type ThrottledError struct{ Until time.Time }

func (e *ThrottledError) Error() string {
	return "widgets: WordPress.com asked to wait until " + e.Until.UTC().Format(time.RFC3339)
}

// RefreshNow fetches the member's lists at once, through a failure's
// backoff but not through WordPress.com asking us to wait
// (*ThrottledError), at most once per RefreshGap across the fleet
// (ErrTooSoon), and waits for them as long as ctx allows (ErrNotYet
// when the fetch goes on after).
func (s *Service) RefreshNow(ctx context.Context, accountID int64) error {
	key, now := accountKey(accountID), s.cfg.Now()
	if st := s.lists.Status(key); errors.Is(st.LastErr, wpcom.ErrThrottled) && st.NextTry.After(now) {
		return &ThrottledError{Until: st.NextTry}
	}
	e, ok, err := s.lists.RefreshNow(ctx, key, s.loader(accountID), RefreshGap)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		return ErrNotYet
	case err != nil:
		return err
	case !ok:
		return ErrTooSoon
	case e == nil || e.Fetched.Before(now):
		return ErrNotYet // a load already under way answered, with what it had
	}
	return nil
}

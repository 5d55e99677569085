package wpcomtest

import (
	"math/rand/v2"
	"net/http"
	"time"
)

// Latency makes every REST call take a while before it answers, as
// WordPress.com's do over the internet: a time drawn evenly between Min
// and Max (Max below Min is taken as Min). The zero value answers at once.
type Latency struct {
	Min, Max time.Duration
}

// RateLimit is WordPress.com's own limit on an app, which it does not
// publish (§7 of the reference): more than Calls REST calls within Per
// and the call that goes over is answered "Limit reached" (a 403 with a
// non-JSON body, as a LimitReached fault answers), and a penalty of
// Penalty (a minute when 0, as the message says) starts, which every call
// made before it ends starts again. The zero value sets no limit.
type RateLimit struct {
	Calls   int
	Per     time.Duration
	Penalty time.Duration
}

// wait sleeps for the call's latency, or until its client gives up.
func (l Latency) wait(r *http.Request) {
	if l.Min <= 0 && l.Max <= 0 {
		return
	}
	d := l.Min
	if l.Max > l.Min {
		d += rand.N(l.Max - l.Min + 1)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	}
}

// overLimit records a REST call as it arrives, at the simulator's clock,
// and reports whether it goes over Options.RateLimit; if so, the penalty
// starts, as a LimitReached fault on every endpoint, which answers it.
// Calls during a penalty are not counted towards the limit: the penalty
// is what they cost.
func (s *Simulator) overLimit() bool {
	lim := s.opts.RateLimit
	if lim.Calls <= 0 || lim.Per <= 0 {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.opts.Now()
	if now.Before(s.penaltyUntil) {
		return false
	}
	// The window holds the times of the last Calls calls let through,
	// oldest first: the next one goes over when the oldest is within Per.
	if len(s.window) == lim.Calls && now.Sub(s.window[0]) < lim.Per {
		penalty := lim.Penalty
		if penalty <= 0 {
			penalty = time.Minute
		}
		s.faults[""] = Fault{Kind: LimitReached, Window: penalty}
		s.penaltyUntil, s.penalty = now.Add(penalty), penalty
		return true
	}
	if len(s.window) == lim.Calls {
		s.window = append(s.window[:0], s.window[1:]...)
	}
	s.window = append(s.window, now)
	return false
}

// Limited counts the calls answered "Limit reached": the one that went
// over Options.RateLimit and those during its penalty (or a LimitReached
// fault's).
func (s *Simulator) Limited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

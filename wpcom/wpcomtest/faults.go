package wpcomtest

import (
	"net/http"
	"time"
)

// FaultKind is a way for the REST endpoints to misbehave.
type FaultKind int

// The faults. Each answers as WordPress.com has been seen to (see §7 of the
// reference) or, for Garbage and Slow, as any overloaded server might.
const (
	NoFault FaultKind = iota
	// Throttle: 403 {"error":"throttled","message":"Limit reached. …"}.
	Throttle
	// ThrottleHTML: an HTML page containing "Limit reached", status 500 as in
	// the iOS client's test stub.
	ThrottleHTML
	// ServerError: a 5xx (Status, default 500) with an HTML body.
	ServerError
	// Garbage: 200 with JSON cut off half-way.
	Garbage
	// Slow: wait Delay (or until the client gives up), then answer normally.
	Slow
	// LimitReached: WordPress.com throttling the app as the iOS client
	// knows it: a non-JSON body saying "Limit reached", no Retry-After, and
	// a penalty of Window (a minute when 0) that every call made before it
	// ends starts again, as the message warns. Once a penalty runs out with
	// no call, the fault is over.
	LimitReached
)

// Fault makes an endpoint misbehave until cleared.
type Fault struct {
	Kind   FaultKind
	Status int           // ServerError only; 500 when 0
	Delay  time.Duration // Slow only
	// RetryAfter, when set, is sent as a Retry-After header (Throttle kinds).
	RetryAfter string
	// Window is LimitReached's first penalty.
	Window time.Duration
}

// limitMessage is the body of a throttled app (WordPressKit's
// WordPressComRestApi.swift quotes it).
const limitMessage = "Limit reached. You can try again in 1 minute. Trying again before that will only increase the time you have to wait. " +
	"If you think you are getting this message in error, please contact support."

// SetFault makes one REST endpoint (EndpointMe, EndpointFollowing,
// EndpointLiked), or every REST endpoint when endpoint is "", misbehave.
func (s *Simulator) SetFault(endpoint string, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f.Kind == NoFault {
		delete(s.faults, endpoint)
		return
	}
	if f.Kind == LimitReached {
		if f.Window <= 0 {
			f.Window = time.Minute
		}
		s.penaltyUntil, s.penalty = s.opts.Now().Add(f.Window), f.Window
	}
	s.faults[endpoint] = f
}

// PenaltyUntil is when a LimitReached penalty ends; zero when none runs.
func (s *Simulator) PenaltyUntil() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.penaltyUntil
}

// limitReached answers a call made under a LimitReached fault: throttled,
// with the penalty started again, while the penalty lasts; after it, the
// fault is over and the call goes through.
func (s *Simulator) limitReached(w http.ResponseWriter, endpoint string) bool {
	s.mu.Lock()
	now := s.opts.Now()
	if !now.Before(s.penaltyUntil) {
		delete(s.faults, endpoint)
		delete(s.faults, "")
		s.penaltyUntil, s.penalty = time.Time{}, 0
		s.mu.Unlock()
		return false
	}
	s.penaltyUntil = now.Add(s.penalty)
	s.limited++
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write([]byte(limitMessage + "\n"))
	return true
}

// ClearFaults removes every fault, and ends a penalty of Options.RateLimit
// with the calls it counted, as if WordPress.com had not been called for
// a long while.
func (s *Simulator) ClearFaults() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = map[string]Fault{}
	s.penaltyUntil, s.penalty, s.window = time.Time{}, 0, nil
}

func (s *Simulator) faultFor(endpoint string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := s.faults[endpoint]; ok {
		return f, true
	}
	f, ok := s.faults[""]
	return f, ok
}

// serveFault answers for a fault and reports whether the request is done.
func serveFault(w http.ResponseWriter, r *http.Request, f Fault) bool {
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	switch f.Kind {
	case Throttle:
		writeJSON(w, http.StatusForbidden, restErr{"throttled",
			"Limit reached. You can try again in 60 minutes. If you think you are getting this message in error, please contact support."})
	case ThrottleHTML:
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(http.StatusInternalServerError)
		_, _ = w.Write([]byte("<html><head><title>Limit reached</title></head><body>Limit reached</body></html>\n"))
	case ServerError:
		status := f.Status
		if status == 0 {
			status = http.StatusInternalServerError
		}
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><body><h1>" + http.StatusText(status) + "</h1></body></html>\n"))
	case Garbage:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"subscriptions":[{"ID":"1","blog_ID":`))
	case Slow:
		select {
		case <-time.After(f.Delay):
			return false
		case <-r.Context().Done():
		}
	default:
		return false
	}
	return true
}

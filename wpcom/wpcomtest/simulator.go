package wpcomtest

import (
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// The endpoint names used by Calls and SetFault.
const (
	EndpointAuthorize = "oauth2/authorize"
	EndpointToken     = "oauth2/token"
	EndpointTokenInfo = "oauth2/token-info"
	EndpointMe        = "me"
	EndpointFollowing = "read/following/mine"
	EndpointLiked     = "read/liked"
	// EndpointImages counts requests for the simulator's pictures
	// (/images/, Options.ImageBase): what an image proxy fetched.
	EndpointImages = "images"
)

// linkBase is what meta.links point at, as on WordPress.com.
const linkBase = "https://public-api.wordpress.com"

// App is an application registered at developer.wordpress.com/apps.
type App struct {
	ClientID     string // numeric on WordPress.com, e.g. "81234"
	Secret       string
	Name         string
	RedirectURIs []string // exact matches only
}

// Options configure a Simulator.
type Options struct {
	Apps []App
	// Members to serve; nil means DemoMembers().
	Members []*Member
	// ImageBase, when set, makes icons and post images point at the
	// simulator's own /images/ path under this URL (for an offline demo);
	// when empty they point at WordPress.com's CDNs as real data does.
	ImageBase string
	// SelfImages (NewServer only) sets ImageBase to the server's own URL,
	// for browser tests without internet access.
	SelfImages bool
	// HeavyPictures serves HeavyPicture's names: pictures that take
	// hundreds of megabytes to decode and origins that stall, for the
	// image proxy's tests. Off in -demo, which anyone may reach.
	HeavyPictures bool
	// LikedBeforeInclusive makes read/liked's before= include posts liked at
	// exactly that time, as older WordPress.com list code did (<=); the
	// default is strict (<), as newer code does. Clients must cope with both.
	LikedBeforeInclusive bool
	// Now is the clock for code expiry; time.Now when nil.
	Now func() time.Time
	// LogCalls keeps when each request arrived (CallLog), for tests that
	// measure the rate of calls. Off in -demo, which may run for months.
	LogCalls bool
	// Latency delays every REST answer, as the internet does; RateLimit
	// is WordPress.com's own limit on the app (limits.go). Both off when
	// zero, as in -demo.
	Latency   Latency
	RateLimit RateLimit
}

// Simulator is the WordPress.com stand-in. Use New, then serve it.
type Simulator struct {
	opts Options
	mux  *http.ServeMux

	mu          sync.Mutex
	apps        map[string]App
	members     []*Member
	codes       map[string]*authCode
	tokens      map[string]*grant
	autoApprove string // username; "" = show the consent page
	faults      map[string]Fault
	// A LimitReached fault's penalty: when it ends, and its length.
	penaltyUntil time.Time
	penalty      time.Duration
	calls        map[callKey]int
	callLog      []Call // with Options.LogCalls
	// window: when the last RateLimit.Calls calls let through came;
	// limited: calls answered "Limit reached" (limits.go).
	window    []time.Time
	limited   int
	blogIDStr bool
}

// Call is one request the simulator received: its endpoint, and when it
// arrived by the machine's clock (not Options.Now, which tests move).
type Call struct {
	Endpoint string
	At       time.Time
}

type callKey struct{ endpoint, token string }

// New builds a simulator.
func New(opts Options) *Simulator {
	if opts.Members == nil {
		opts.Members = DemoMembers()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	s := &Simulator{
		opts: opts, apps: map[string]App{}, members: opts.Members,
		codes: map[string]*authCode{}, tokens: map[string]*grant{},
		faults: map[string]Fault{}, calls: map[callKey]int{},
	}
	for _, a := range opts.Apps {
		s.apps[a.ClientID] = a
	}
	s.routes()
	return s
}

func (s *Simulator) routes() {
	s.mux = http.NewServeMux()
	s.mux.HandleFunc("GET /oauth2/authorize", s.authorizePage)
	s.mux.HandleFunc("POST /oauth2/authorize", s.authorizeDecision)
	s.mux.HandleFunc("/oauth2/token", s.token)
	s.mux.HandleFunc("GET /oauth2/token-info", s.tokenInfo)
	for _, v := range []string{"v1.1", "v1.2"} {
		s.mux.HandleFunc("GET /rest/"+v+"/me", s.rest(EndpointMe, false, s.me))
		s.mux.HandleFunc("GET /rest/"+v+"/read/following/mine", s.rest(EndpointFollowing, true, s.following))
		s.mux.HandleFunc("GET /rest/"+v+"/read/liked", s.rest(EndpointLiked, true, s.liked))
		s.mux.HandleFunc("GET /rest/"+v+"/read/liked/", s.rest(EndpointLiked, true, s.liked))
	}
	s.mux.HandleFunc("GET /images/{name}", s.image)
	s.mux.HandleFunc("GET /images/hostile/{name}", s.hostileImage)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// [I] the exact body for an unknown path was not seen.
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "unknown_endpoint", "message": "Unknown endpoint"})
	})
}

// ServeHTTP implements http.Handler.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// AddApp registers an application (or replaces one with the same client id).
func (s *Simulator) AddApp(a App) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apps[a.ClientID] = a
}

// AutoApprove makes /oauth2/authorize approve at once as the member with
// this username, skipping the consent page; "" restores the page.
func (s *Simulator) AutoApprove(username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.autoApprove = username
}

// BlogIDAsString makes the token endpoint send blog_id as "0" instead of 0;
// both occur on the wire.
func (s *Simulator) BlogIDAsString(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.blogIDStr = on
}

// Calls counts requests to an endpoint, for all tokens.
func (s *Simulator) Calls(endpoint string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for k, v := range s.calls {
		if k.endpoint == endpoint {
			n += v
		}
	}
	return n
}

// CallsWithToken counts requests to an endpoint that carried this token.
func (s *Simulator) CallsWithToken(endpoint, token string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[callKey{endpoint, token}]
}

// CallSummary lists "endpoint: n" for every endpoint called, for failing tests.
func (s *Simulator) CallSummary() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	per := map[string]int{}
	for k, v := range s.calls {
		per[k.endpoint] += v
	}
	var lines []string
	for _, e := range slices.Sorted(maps.Keys(per)) {
		lines = append(lines, fmt.Sprintf("%s: %d", e, per[e]))
	}
	return strings.Join(lines, ", ")
}

// ResetCalls sets every counter to zero and empties the call log.
func (s *Simulator) ResetCalls() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls, s.callLog = map[callKey]int{}, nil
}

// CallLog is every request received, in the order they arrived, when
// Options.LogCalls is set.
func (s *Simulator) CallLog() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.callLog)
}

func (s *Simulator) count(endpoint, token string) {
	at := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls[callKey{endpoint, token}]++
	if s.opts.LogCalls {
		s.callLog = append(s.callLog, Call{Endpoint: endpoint, At: at})
	}
}

// Member returns the member with this username, or nil.
func (s *Simulator) Member(username string) *Member {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.memberLocked(username)
}

func (s *Simulator) memberLocked(username string) *Member {
	for _, m := range s.members {
		if m.Username == username {
			return m
		}
	}
	return nil
}

// Update changes a member's data under the simulator's lock, so tests can
// follow, unfollow and like between refreshes.
func (s *Simulator) Update(username string, fn func(*Member)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.memberLocked(username)
	if m == nil {
		return fmt.Errorf("wpcomtest: no member %q", username)
	}
	fn(m)
	return nil
}

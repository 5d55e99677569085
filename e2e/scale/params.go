package scale

import (
	"fmt"
	"time"

	"github.com/wpcom-widgets/service/wpcom/wpcomtest"
)

// Params size a scale run.
type Params struct {
	Widgets  int // widgets in PostgreSQL, spread evenly over the members
	Members  int // members of WordPress.com who connected
	Replicas int
	// Rate is the embed requests a second the visitors send (an open
	// loop: each is due at its time, and its latency counts from then,
	// so a fleet that falls behind is not flattered); InFlight bounds
	// how many may be under way at once.
	Rate     int
	InFlight int
	// Warmup is sent before the measured Duration of each phase, from
	// cold caches; only Duration is measured.
	Warmup, Duration time.Duration
	// ZipfS is the Zipf exponent of how popular widgets are (> 1): the
	// k-th most popular is asked for in proportion to 1/k^s.
	ZipfS float64
	// Latency and Limit are WordPress.com's, as the simulator plays it.
	Latency wpcomtest.Latency
	Limit   wpcomtest.RateLimit
	// UpstreamRate is each replica's WIDGETS_UPSTREAM_RATE, the fleet's
	// budget of calls to WordPress.com a second.
	UpstreamRate float64
	// Refresh is WIDGETS_REFRESH_INTERVAL.
	Refresh time.Duration
	// Edge adds a phase through nginx in front of the replicas.
	Edge bool
	// Seed makes the stream of requests the same from run to run.
	Seed uint64
}

// Full is make scale: 100,000 widgets of 20,000 members, three replicas,
// the service's default budget (10 calls a second) and refresh interval,
// WordPress.com at 100-400 ms throttling above 15 calls a second, 500
// embed requests a second.
func Full() Params {
	return Params{Widgets: 100_000, Members: 20_000, Replicas: 3, Rate: 500, InFlight: 2000,
		Warmup: 30 * time.Second, Duration: 60 * time.Second, ZipfS: 1.1,
		Latency:      wpcomtest.Latency{Min: 100 * time.Millisecond, Max: 400 * time.Millisecond},
		Limit:        wpcomtest.RateLimit{Calls: 15, Per: time.Second},
		UpstreamRate: 10, Refresh: 10 * time.Minute, Edge: true, Seed: 22}
}

// Small is the form CI runs: the same shape at a fiftieth of the data and
// a fifth of the traffic, sized to take about a minute and a quarter with
// the race detector on two cores (most of it waiting, as visitors of cold
// widgets wait for turns in the budget).
func Small() Params {
	p := Full()
	p.Widgets, p.Members, p.Rate, p.InFlight = 2_000, 400, 100, 500
	p.Warmup, p.Duration = 5*time.Second, 8*time.Second
	// Twice the budget, not one and a half: replicas built with the race
	// detector on a busy machine send turns late and so bunched (one CI
	// run had 16 calls arrive within a second at 10 a second).
	p.Limit.Calls = 20
	return p
}

// check says what is wrong with p, if anything.
func (p Params) check() error {
	switch {
	case p.Members <= 0 || p.Widgets < p.Members:
		return fmt.Errorf("scale: %d widgets of %d members: every member needs a widget", p.Widgets, p.Members)
	case p.Replicas <= 0 || p.Rate <= 0 || p.InFlight <= 0 || p.Duration <= 0 || p.Warmup < 0:
		return fmt.Errorf("scale: replicas, rate, connections and duration must be positive: %+v", p)
	case p.ZipfS <= 1:
		return fmt.Errorf("scale: the Zipf exponent must be over 1, not %g", p.ZipfS)
	}
	return nil
}

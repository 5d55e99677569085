package scale

import (
	"fmt"
	"strings"
	"time"
)

// Report is what a scale run saw.
type Report struct {
	Params Params
	Seed   time.Duration // making the members and filling PostgreSQL
	Took   time.Duration // the whole run
	Phases []Phase
}

// Phase is one phase's measured part: straight to the replicas, or
// through the edge.
type Phase struct {
	Name string
	// Measured is the time whose requests are tallied; Span runs from its
	// start until the last of them was answered (visitors of cold widgets
	// wait): what the replicas and WordPress.com did is counted over Span.
	Measured, Span time.Duration
	// What the visitors got: 200 with the lists, 200 waiting for them
	// (no-store), anything else; requests not sent as the run fell too
	// far behind; answers nginx gave alone.
	Requests, Filled, Pending, Failed, Late, FromEdge int
	Example                                           string // the first failure
	P50, P90, P99, Max                                time.Duration
	// Quick are the requests answered within QuickAnswer.
	Quick                        int
	MembersViewed, WidgetsViewed int
	// UpstreamCalls are the list calls WordPress.com (the simulator)
	// received over Span; Limited its "Limit reached" answers in the
	// whole phase; BudgetRefused the calls the fleet's budget did not send.
	UpstreamCalls int
	BusiestSecond int // the most list calls that arrived within a second, in the whole phase
	Limited       int
	BudgetRefused float64
	// Loads of a member's lists (each one call per kind their widgets
	// show) that filled them, and that failed (most for want of a turn).
	LoadsOK, LoadsFailed float64
	// RedisErrors are Redis calls that failed or timed out, all and those
	// of the budget: each of those has a replica take turns from its own
	// bucket for a while, so the fleet may go over its rate.
	RedisErrors, BudgetRedisErrors float64
	// Lookups of members' lists: in each replica's memory, then in Redis
	// for what memory lacked. ReplicaRequests are the embeds replicas
	// answered from the start of the measured time until its last answer
	// (so with the warm-up's slowest among them).
	MemoryHits, MemoryLookups, RedisHits, RedisLookups float64
	ReplicaRequests                                    float64
	Heap                                               []Memory
}

// Memory is one replica's, at the end of a phase; PeakHeap is the most
// heap in use seen (looked at every 2 s); CPU the cores it kept busy on
// average while measuring.
type Memory struct {
	Replica                  string
	HeapInuse, PeakHeap, RSS float64
	CPU                      float64
}

// QuickAnswer is what counts as an answer from memory, with room for a
// race-detector build on a busy machine; a visitor who waits for
// WordPress.com waits at least its 100 ms, most of them seconds.
const QuickAnswer = 250 * time.Millisecond

// HitRatio is the share of list lookups memory answered.
func (ph Phase) HitRatio() float64 { return ratio(ph.MemoryHits, ph.MemoryLookups) }

// UpstreamPerMinute is WordPress.com calls a minute over Span.
func (ph Phase) UpstreamPerMinute() float64 { return float64(ph.UpstreamCalls) / ph.Span.Minutes() }

// Rate is the requests a second answered while measuring.
func (ph Phase) Rate() float64 { return float64(ph.Requests) / ph.Measured.Seconds() }

func ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func pct(a, b float64) string { return fmt.Sprintf("%.1f %%", 100*ratio(a, b)) }

func mb(b float64) string { return fmt.Sprintf("%.0f MB", b/(1<<20)) }

func ms(d time.Duration) string {
	if d < 10*time.Millisecond {
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
}

// Markdown is the report as the README shows it.
func (r Report) Markdown() string {
	p := r.Params
	var b strings.Builder
	fmt.Fprintf(&b, "%d widgets of %d members in PostgreSQL, %d replicas with Redis; WordPress.com answering in %v-%v and throttling above %d calls in %v; "+
		"budget %g calls/s; %d requests/s (Zipf s=%g, at most %d at once), %v measured after %v of warm-up, from cold; seeding took %v, the run %v.\n\n",
		p.Widgets, p.Members, p.Replicas, p.Latency.Min, p.Latency.Max, p.Limit.Calls, p.Limit.Per, p.UpstreamRate,
		p.Rate, p.ZipfS, p.InFlight, p.Duration, p.Warmup, r.Seed.Round(100*time.Millisecond), r.Took.Round(time.Second))
	fmt.Fprintf(&b, "Replicas and WordPress.com are counted from the start of the measured time until its last visitor was answered: ")
	for i, ph := range r.Phases {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%v (%s)", ph.Span.Round(100*time.Millisecond), ph.Name)
	}
	b.WriteString(".\n\n")
	row := func(name string, f func(Phase) string) {
		fmt.Fprintf(&b, "| %s |", name)
		for _, ph := range r.Phases {
			fmt.Fprintf(&b, " %s |", f(ph))
		}
		b.WriteString("\n")
	}
	b.WriteString("| |")
	for _, ph := range r.Phases {
		if ph.Name == "edge" {
			b.WriteString(" through the edge (nginx) |")
		} else {
			b.WriteString(" straight to the replicas |")
		}
	}
	b.WriteString("\n|---|")
	for range r.Phases {
		b.WriteString("---|")
	}
	b.WriteString("\n")
	row("requests answered a second", func(ph Phase) string { return fmt.Sprintf("%.0f (%d)", ph.Rate(), ph.Requests) })
	row("with the lists / still waiting for them / failed", func(ph Phase) string {
		return fmt.Sprintf("%s / %s / %d", pct(float64(ph.Filled), float64(ph.Requests)), pct(float64(ph.Pending), float64(ph.Requests)), ph.Failed)
	})
	row("latency p50 / p90 / p99 / max", func(ph Phase) string {
		return fmt.Sprintf("%s / %s / %s / %s", ms(ph.P50), ms(ph.P90), ms(ph.P99), ms(ph.Max))
	})
	row("answered within 250 ms", func(ph Phase) string { return pct(float64(ph.Quick), float64(ph.Requests)) })
	row("answered by the edge alone", func(ph Phase) string { return pct(float64(ph.FromEdge), float64(ph.Requests)) })
	row("requests reaching a replica", func(ph Phase) string { return fmt.Sprintf("%.0f", ph.ReplicaRequests) })
	row("list cache hit ratio (replica memory)", func(ph Phase) string { return pct(ph.MemoryHits, ph.MemoryLookups) })
	row("of memory's misses, found in Redis", func(ph Phase) string { return pct(ph.RedisHits, ph.RedisLookups) })
	row("widgets / members viewed", func(ph Phase) string { return fmt.Sprintf("%d / %d", ph.WidgetsViewed, ph.MembersViewed) })
	row("calls to WordPress.com a minute", func(ph Phase) string { return fmt.Sprintf("%.0f", ph.UpstreamPerMinute()) })
	row("calls / members' lists loaded / loads failed", func(ph Phase) string {
		return fmt.Sprintf("%d / %.0f / %.0f", ph.UpstreamCalls, ph.LoadsOK, ph.LoadsFailed)
	})
	row("most calls to arrive within a second", func(ph Phase) string { return fmt.Sprint(ph.BusiestSecond) })
	row("calls the budget refused / \"Limit reached\"", func(ph Phase) string { return fmt.Sprintf("%.0f / %d", ph.BudgetRefused, ph.Limited) })
	row("Redis calls failed (of them, the budget's)", func(ph Phase) string { return fmt.Sprintf("%.0f (%.0f)", ph.RedisErrors, ph.BudgetRedisErrors) })
	row("heap in use per replica, end (peak)", func(ph Phase) string {
		var parts []string
		for _, m := range ph.Heap {
			parts = append(parts, fmt.Sprintf("%s (%s)", mb(m.HeapInuse), mb(m.PeakHeap)))
		}
		return strings.Join(parts, ", ")
	})
	row("resident memory per replica", func(ph Phase) string {
		var parts []string
		for _, m := range ph.Heap {
			parts = append(parts, mb(m.RSS))
		}
		return strings.Join(parts, ", ")
	})
	row("CPU per replica (cores)", func(ph Phase) string {
		var parts []string
		for _, m := range ph.Heap {
			parts = append(parts, fmt.Sprintf("%.2f", m.CPU))
		}
		return strings.Join(parts, ", ")
	})
	if r.late() > 0 {
		row("requests never sent (the run fell 5 s behind)", func(ph Phase) string { return fmt.Sprint(ph.Late) })
	}
	return b.String()
}

func (r Report) late() int {
	n := 0
	for _, ph := range r.Phases {
		n += ph.Late
	}
	return n
}

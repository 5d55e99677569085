// Package scale is the scale run of issue 22: a fleet of replicas (each
// its own process, so each has a heap of its own to measure) sharing
// PostgreSQL and a Redis, with tens of thousands of members' widgets,
// against a WordPress.com simulator that answers in 100-400 ms and
// throttles the app as WordPress.com does, under a Zipf-distributed
// stream of embed requests on 127.0.0.1: first straight to the replicas,
// then through the shipped edge (Debian's nginx with deploy/nginx.conf).
// Run returns a Report: heap per replica, cache hit ratios, calls to
// WordPress.com a minute against the members viewed, and latency.
//
// TestScale runs a small form of it (in CI, with the race detector);
// make scale runs the full one (go test -run TestScale -scale.full). Like
// the other e2e tests it fails, never skips, when PostgreSQL, Redis or
// nginx is missing.
package scale

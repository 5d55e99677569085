// Package cache holds members' lists between refreshes: Memory (go-cache)
// in process, Redis as a shared tier when several replicas run, Tiered for
// the two together. SWR over a tier serves fresh values, serves stale ones
// while one load per key refreshes them (singleflight in process, the
// tier's lock across replicas), and backs off after failures (swr.go,
// load.go, fetch.go, backoff.go). It knows nothing of what a widget is.
package cache

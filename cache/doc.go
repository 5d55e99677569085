// Package cache holds members' lists between refreshes: Memory (go-cache)
// in process, behind the Tier interface that the fleet package's shared
// tiers (Redis, and memory in front of Redis) also keep. SWR over a tier
// serves fresh values, serves stale ones while one load per key refreshes
// them (singleflight in process, the tier's lock across replicas), and
// backs off after failures (swr.go, load.go, fetch.go, backoff.go). It
// knows nothing of what a widget is, nor of Redis.
package cache

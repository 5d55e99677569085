// Package cache keeps pre-rendered feeds: go-cache in process, and Redis as
// a shared second tier when several replicas run. It serves stale entries
// while one refresh per key runs (singleflight in process, a Redis lock
// across replicas). It knows nothing of what a widget is.
package cache

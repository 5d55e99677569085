// Package store keeps accounts (with sealed tokens), widgets, sessions and
// pending OAuth states. Two implementations share one interface (Store) and
// one conformance suite (storetest): SQLite without cgo (modernc.org/sqlite,
// WAL) for one machine, and PostgreSQL (pgx) for several replicas. Their
// schemas are embedded goose migrations, applied by Open.
//
// The store never sees a token in clear: callers seal it first (package
// seal). Times are stored as Unix milliseconds so both databases agree.
package store

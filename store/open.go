package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"time"
)

// SQLiteFileName is the database file in the data directory.
const SQLiteFileName = "widgets.db"

// Open picks the store the configuration asks for: PostgreSQL when
// databaseURL is set, else SQLite in dataDir.
func Open(ctx context.Context, databaseURL, dataDir string, opts ...Option) (Store, error) {
	if databaseURL != "" {
		return OpenPostgres(ctx, databaseURL, opts...)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, SQLiteFileName), opts...)
}

// Option changes how a store is opened.
type Option func(*sqlStore)

// WithClock sets the clock rows are dated by (created_at, updated_at);
// time.Now by default.
func WithClock(now func() time.Time) Option {
	return func(s *sqlStore) {
		if now != nil {
			s.now = now
		}
	}
}

// newSQLStore is the store over db, with opts applied.
func newSQLStore(db *sql.DB, name, forUpdate string, opts []Option) *sqlStore {
	s := &sqlStore{db: db, name: name, forUpdate: forUpdate, now: time.Now}
	for _, o := range opts {
		o(s)
	}
	return s
}

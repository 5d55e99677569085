package store

import (
	"context"
	"path/filepath"
)

// SQLiteFileName is the database file in the data directory.
const SQLiteFileName = "widgets.db"

// Open picks the store the configuration asks for: PostgreSQL when
// databaseURL is set, else SQLite in dataDir.
func Open(ctx context.Context, databaseURL, dataDir string) (Store, error) {
	if databaseURL != "" {
		return OpenPostgres(ctx, databaseURL)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, SQLiteFileName))
}

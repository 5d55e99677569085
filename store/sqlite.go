package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // the "sqlite" driver, pure Go
)

// SQLite is the store for one machine: a file in the data directory.
type SQLite struct{ *sqlStore }

var _ Store = (*SQLite)(nil)

// OpenSQLite opens (creating if needed) the database at path in WAL mode
// with foreign keys on, and migrates it.
func OpenSQLite(ctx context.Context, path string, opts ...Option) (*SQLite, error) {
	// _txlock=immediate takes the write lock at BEGIN, so a read-then-write
	// transaction cannot deadlock against another writer.
	q := url.Values{"_txlock": {"immediate"}}
	for _, p := range []string{"journal_mode(WAL)", "foreign_keys(1)", "busy_timeout(5000)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	// Create the file owner-only first: it holds sealed tokens and session
	// hashes, and SQLite gives its -wal and -shm files the same mode.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	f.Close()
	// An older install may have left them readable by others.
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !os.IsNotExist(err) {
			return nil, fmt.Errorf("store: sqlite %s: %w", p, err)
		}
	}
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: sqlite %s: %w", path, err)
	}
	if err := migrate(ctx, db, goose.DialectSQLite3, "sqlite"); err != nil {
		db.Close()
		return nil, err
	}
	return &SQLite{newSQLStore(db, "sqlite", "", opts)}, nil
}

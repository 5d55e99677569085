package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	"github.com/pressly/goose/v3"
)

// Postgres is the store several replicas share.
type Postgres struct{ *sqlStore }

var _ Store = (*Postgres)(nil)

// OpenPostgres connects to a postgres:// URL and migrates the database.
func OpenPostgres(ctx context.Context, databaseURL string, opts ...Option) (*Postgres, error) {
	db, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: postgres: %w", err)
	}
	db.SetMaxOpenConns(20)
	db.SetMaxIdleConns(5)
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		// pgx errors name host and user but not the password.
		return nil, fmt.Errorf("store: cannot reach PostgreSQL: %w", err)
	}
	if err := migrate(ctx, db, goose.DialectPostgres, "postgres"); err != nil {
		db.Close()
		return nil, err
	}
	return &Postgres{newSQLStore(db, "postgres", " FOR NO KEY UPDATE", opts)}, nil
}

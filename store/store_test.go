package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return storetest.FreshSQLite(t) })
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return storetest.FreshPostgres(t) })
}

func TestOpenPicksTheDatabase(t *testing.T) {
	dir := t.TempDir()
	s, err := store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, store.SQLiteFileName)); err != nil {
		t.Errorf("no SQLite file in the data dir: %v", err)
	}
	// Migrations are idempotent: opening again applies nothing new.
	s, err = store.Open(context.Background(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	pg, err := store.Open(context.Background(), storetest.FreshPostgresURL(t), dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pg.(*store.Postgres); !ok {
		t.Errorf("a postgres URL opened %T", pg)
	}
	pg.Close()
	if _, err := store.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", dir); err == nil ||
		!strings.Contains(err.Error(), "cannot reach PostgreSQL") {
		t.Errorf("unreachable PostgreSQL: %v", err)
	}
}

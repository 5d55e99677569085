package store_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "w.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return FreshPostgres(t) })
}

// adminURL reaches the PostgreSQL server that .ci/run makes sure is running.
func adminURL() string {
	if u := os.Getenv("WIDGETS_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// FreshPostgres creates an empty database for one test and drops it after.
func FreshPostgres(t *testing.T) *store.Postgres {
	t.Helper()
	admin, err := sql.Open("pgx", adminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "widgets_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("PostgreSQL at %s is needed (bash .ci/run starts it): %v", adminURL(), err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", adminURL())
		if err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u := strings.Replace(adminURL(), "/postgres?", "/"+name+"?", 1)
	s, err := store.OpenPostgres(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
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
	if _, err := store.Open(context.Background(), "postgres://nobody@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", dir); err == nil ||
		!strings.Contains(err.Error(), "cannot reach PostgreSQL") {
		t.Errorf("unreachable PostgreSQL: %v", err)
	}
}

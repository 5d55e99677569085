package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/wpcom-widgets/service/store"
)

// PostgresAdminURL is the server the tests use; .ci/run makes sure it runs.
// WIDGETS_TEST_POSTGRES_URL overrides it.
func PostgresAdminURL() string {
	if u := os.Getenv("WIDGETS_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

// FreshPostgresURL creates an empty database for one test, drops it when
// the test ends, and returns its URL. It fails (never skips) when no
// server answers.
func FreshPostgresURL(t testing.TB) string {
	t.Helper()
	admin, err := sql.Open("pgx", PostgresAdminURL())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "widgets_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE DATABASE " + name); err != nil {
		t.Fatalf("PostgreSQL at %s does not answer: start it, or run make test, which does (%v)", PostgresAdminURL(), err)
	}
	t.Cleanup(func() {
		if a, err := sql.Open("pgx", PostgresAdminURL()); err == nil {
			_, _ = a.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			a.Close()
		}
	})
	u := PostgresAdminURL()
	if i := strings.LastIndex(u, "/"); i >= 0 {
		rest := ""
		if q := strings.Index(u[i:], "?"); q >= 0 {
			rest = u[i+q:]
		}
		u = u[:i] + "/" + name + rest
	}
	return u
}

// FreshPostgres opens a migrated store on a fresh database.
func FreshPostgres(t testing.TB, opts ...store.Option) *store.Postgres {
	t.Helper()
	s, err := store.OpenPostgres(context.Background(), FreshPostgresURL(t), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// FreshSQLite opens a migrated store in a temporary directory.
func FreshSQLite(t testing.TB, opts ...store.Option) *store.SQLite {
	t.Helper()
	s, err := store.OpenSQLite(context.Background(), t.TempDir()+"/widgets.db", opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

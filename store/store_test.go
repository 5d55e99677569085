package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wpcom-widgets/service/model"

	"github.com/wpcom-widgets/service/store"
	"github.com/wpcom-widgets/service/store/storetest"
)

func TestSQLite(t *testing.T) {
	storetest.Run(t, func(t *testing.T, o ...store.Option) store.Store { return storetest.FreshSQLite(t, o...) })
}

func TestPostgres(t *testing.T) {
	storetest.Run(t, func(t *testing.T, o ...store.Option) store.Store { return storetest.FreshPostgres(t, o...) })
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

// TestSQLiteFilesAreOwnerOnly: the database holds sealed tokens and session
// hashes; no other local user may read it, whatever the umask.
func TestSQLiteFilesAreOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	s, err := store.OpenSQLite(context.Background(), filepath.Join(dir, store.SQLiteFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.UpsertAccount(context.Background(), model.Account{ID: 1, Username: "a", SealedToken: []byte("x")}); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, store.SQLiteFileName+"*"))
	if len(files) < 2 {
		t.Fatalf("expected the database and its WAL files, found %v", files)
	}
	for _, f := range files {
		if fi, err := os.Stat(f); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v (%v), want -rw-------", filepath.Base(f), fi.Mode().Perm(), err)
		}
	}
}

// TestStoreClock: rows are dated by the clock the store was given, so
// tests with a clock of their own see the times they set.
func TestStoreClock(t *testing.T) {
	at := time.Date(2031, 5, 6, 7, 8, 9, 0, time.UTC)
	for name, open := range map[string]func() (store.Store, error){
		"sqlite": func() (store.Store, error) {
			return store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "w.db"), store.WithClock(func() time.Time { return at }))
		},
		"postgres": func() (store.Store, error) {
			return store.OpenPostgres(context.Background(), storetest.FreshPostgresURL(t), store.WithClock(func() time.Time { return at }))
		},
	} {
		s, err := open()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		a, err := s.UpsertAccount(context.Background(), model.Account{ID: 1, Username: "a", SealedToken: []byte("x")})
		if err != nil || !a.CreatedAt.Equal(at) || !a.UpdatedAt.Equal(at) {
			t.Errorf("%s: account dated %v / %v, want %v (%v)", name, a.CreatedAt, a.UpdatedAt, at, err)
		}
		if err := s.CreateWidget(context.Background(), model.Widget{ID: "w", AccountID: 1, Kind: model.Liked, Title: "t", Count: 5,
			Layout: model.List, Theme: model.Auto}, model.MaxPerAccount); err != nil {
			t.Fatal(err)
		}
		if w, err := s.Widget(context.Background(), "w"); err != nil || !w.CreatedAt.Equal(at) {
			t.Errorf("%s: widget dated %v, want %v (%v)", name, w.CreatedAt, at, err)
		}
	}
}

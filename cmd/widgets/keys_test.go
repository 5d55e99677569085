package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wpcom-widgets/service/internal/testutil"
	"github.com/wpcom-widgets/service/model"
	"github.com/wpcom-widgets/service/seal"
	"github.com/wpcom-widgets/service/store"
)

// seedTokens stores accounts whose tokens are sealed with kr.
func seedTokens(t *testing.T, dir string, kr *seal.Keyring, tokens map[int64]string) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(dir, store.SQLiteFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for id, tok := range tokens {
		sealed, _ := kr.Seal([]byte(tok), model.TokenContext(id))
		if _, err := st.UpsertAccount(context.Background(), model.Account{ID: id, Username: "u", DisplayName: "U",
			SealedToken: sealed, Scope: "global"}); err != nil {
			t.Fatal(err)
		}
	}
}

// openTokens opens every stored token with kr.
func openTokens(t *testing.T, dir string, kr *seal.Keyring, ids ...int64) (map[int64]string, error) {
	t.Helper()
	st, err := store.OpenSQLite(context.Background(), filepath.Join(dir, store.SQLiteFileName))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[int64]string{}
	for _, id := range ids {
		a, err := st.Account(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		plain, err := kr.Open(a.SealedToken, model.TokenContext(id))
		if err != nil {
			return nil, err
		}
		out[id] = string(plain)
	}
	return out, nil
}

func keyring(t *testing.T, cur []byte, prev ...[]byte) *seal.Keyring {
	kr, err := seal.NewKeyring(cur, prev...)
	if err != nil {
		t.Fatal(err)
	}
	return kr
}

func TestWrongKeyStopsAtStart(t *testing.T) {
	dir := t.TempDir()
	k1, k2 := seal.GenerateKey(), seal.GenerateKey()
	seedTokens(t, dir, keyring(t, k1), map[int64]string{1: "tok-1"})
	var logs testutil.SyncBuffer
	code := run(context.Background(), []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", dir},
		&logs, io.Discard, env(map[string]string{"WIDGETS_SECRET_KEY": seal.EncodeKey(k2)}))
	if code != 1 || !strings.Contains(logs.String(), "sealed with another key") || !strings.Contains(logs.String(), "WIDGETS_PREVIOUS_SECRET_KEYS") {
		t.Fatalf("exit %d, log %s", code, logs.String())
	}
	// With the old key listed as previous, the service starts.
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var ok testutil.SyncBuffer
	go func() {
		done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", dir}, &ok, io.Discard,
			env(map[string]string{"WIDGETS_SECRET_KEY": seal.EncodeKey(k2), "WIDGETS_PREVIOUS_SECRET_KEYS": seal.EncodeKey(k1)}))
	}()
	waitForBaseURL(t, &ok, done)
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit %d: %s", code, ok.String())
	}
}

func TestKeyFileIsMadeOnce(t *testing.T) {
	dir := t.TempDir()
	for range 2 {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan int, 1)
		var logs testutil.SyncBuffer
		go func() {
			done <- run(ctx, []string{"-demo", "-addr", "127.0.0.1:0", "-data-dir", dir}, &logs, io.Discard, env(nil))
		}()
		waitForBaseURL(t, &logs, done)
		cancel()
		<-done
	}
	keys, err := seal.ReadKeyFile(filepath.Join(dir, seal.KeyFileName))
	if err != nil || len(keys) != 1 {
		t.Fatalf("key file: %d keys, %v", len(keys), err)
	}
	st, _ := os.Stat(filepath.Join(dir, seal.KeyFileName))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v", st.Mode().Perm())
	}
}

func TestRotateKeyGenerate(t *testing.T) {
	dir := t.TempDir()
	old, _, _, err := seal.LoadOrCreateKeyFile(dir)
	if err != nil {
		t.Fatal(err)
	}
	seedTokens(t, dir, keyring(t, old), map[int64]string{1: "tok-1", 2: "tok-2%&()@^"})
	var out, errs bytes.Buffer
	code := run(context.Background(), []string{"rotate-key", "-generate", "-data-dir", dir}, &out, &errs, env(nil))
	if code != 0 || !strings.Contains(out.String(), "re-sealed 2 token(s)") {
		t.Fatalf("exit %d: %s %s", code, out.String(), errs.String())
	}
	keys, _ := seal.ReadKeyFile(filepath.Join(dir, seal.KeyFileName))
	if len(keys) != 1 || bytes.Equal(keys[0], old) {
		t.Fatalf("key file after rotation: %d keys, same as old %v", len(keys), bytes.Equal(keys[0], old))
	}
	got, err := openTokens(t, dir, keyring(t, keys[0]), 1, 2)
	if err != nil || got[1] != "tok-1" || got[2] != "tok-2%&()@^" {
		t.Fatalf("new key opens %v, %v", got, err)
	}
	if _, err := openTokens(t, dir, keyring(t, old), 1); err == nil {
		t.Errorf("the old key still opens the tokens")
	}
}

func TestRotateKeyFromEnvironment(t *testing.T) {
	dir := t.TempDir()
	k1, k2 := seal.GenerateKey(), seal.GenerateKey()
	seedTokens(t, dir, keyring(t, k1), map[int64]string{5: "tok-5"})

	// Without the old key nothing can be re-sealed, and nothing changes.
	var out, errs bytes.Buffer
	code := run(context.Background(), []string{"rotate-key", "-data-dir", dir}, &out, &errs,
		env(map[string]string{"WIDGETS_SECRET_KEY": seal.EncodeKey(k2)}))
	if code != 1 || !strings.Contains(errs.String(), "nothing was changed") {
		t.Errorf("exit %d: %s", code, errs.String())
	}
	if got, err := openTokens(t, dir, keyring(t, k1), 5); err != nil || got[5] != "tok-5" {
		t.Fatalf("a failed rotation changed tokens: %v", err)
	}

	out.Reset()
	code = run(context.Background(), []string{"rotate-key", "-data-dir", dir}, &out, &errs,
		env(map[string]string{"WIDGETS_SECRET_KEY": seal.EncodeKey(k2), "WIDGETS_PREVIOUS_SECRET_KEYS": seal.EncodeKey(k1)}))
	if code != 0 || !strings.Contains(out.String(), "re-sealed 1 token(s)") || !strings.Contains(out.String(), "can be emptied") {
		t.Fatalf("exit %d: %s", code, out.String())
	}
	if got, err := openTokens(t, dir, keyring(t, k2), 5); err != nil || got[5] != "tok-5" {
		t.Errorf("k2 alone cannot open: %v", err)
	}
	if code := run(context.Background(), []string{"rotate-key", "-generate", "-data-dir", dir}, io.Discard, &errs,
		env(map[string]string{"WIDGETS_SECRET_KEY": seal.EncodeKey(k2)})); code != 2 {
		t.Errorf("-generate with WIDGETS_SECRET_KEY: exit %d", code)
	}
}

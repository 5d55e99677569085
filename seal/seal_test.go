package seal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSealOpenRoundTrip(t *testing.T) {
	kr, err := NewKeyring(GenerateKey())
	if err != nil {
		t.Fatal(err)
	}
	secret := []byte("token%&()@^with odd bytes")
	a, _ := kr.Seal(secret, "account:1")
	b, _ := kr.Seal(secret, "account:1")
	if bytes.Equal(a, b) {
		t.Error("two seals of one value are equal: the nonce is not random")
	}
	if bytes.Contains(a, secret) {
		t.Error("plaintext visible in the sealed value")
	}
	got, err := kr.Open(a, "account:1")
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("Open = %q, %v", got, err)
	}
}

func TestOpenRejects(t *testing.T) {
	kr, _ := NewKeyring(GenerateKey())
	other, _ := NewKeyring(GenerateKey())
	good, _ := kr.Seal([]byte("tok"), "account:1")
	flipped := bytes.Clone(good)
	flipped[len(flipped)-1] ^= 1
	badVersion := bytes.Clone(good)
	badVersion[0] = 9
	tests := []struct {
		name    string
		kr      *Keyring
		sealed  []byte
		context string
		want    error
	}{
		{"empty", kr, nil, "account:1", ErrCorrupt},
		{"truncated to the header", kr, good[:overhead-1], "account:1", ErrCorrupt},
		{"unknown version", kr, badVersion, "account:1", ErrCorrupt},
		{"flipped bit", kr, flipped, "account:1", ErrCorrupt},
		{"another record's token", kr, good, "account:2", ErrCorrupt},
		{"another key", other, good, "account:1", ErrUnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := tt.kr.Open(tt.sealed, tt.context); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
}

func TestRotation(t *testing.T) {
	oldKey, newKey := GenerateKey(), GenerateKey()
	before, _ := NewKeyring(oldKey)
	sealed, _ := before.Seal([]byte("tok"), "c")
	after, err := NewKeyring(newKey, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if after.IsCurrent(sealed) {
		t.Error("value sealed with the old key reported current")
	}
	if got, err := after.Open(sealed, "c"); err != nil || string(got) != "tok" {
		t.Fatalf("previous key cannot open: %q %v", got, err)
	}
	resealed, _ := after.Seal([]byte("tok"), "c")
	if !after.IsCurrent(resealed) {
		t.Error("fresh seal not current")
	}
	onlyNew, _ := NewKeyring(newKey)
	if _, err := onlyNew.Open(sealed, "c"); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("dropped key still opens: %v", err)
	}
}

func TestKeys(t *testing.T) {
	if _, err := NewKeyring(make([]byte, 16)); err == nil {
		t.Error("accepted a 16-byte key")
	}
	k := GenerateKey()
	if got, err := ParseKey(EncodeKey(k)); err != nil || !bytes.Equal(got, k) {
		t.Errorf("ParseKey(EncodeKey) = %v, %v", got, err)
	}
	if _, err := ParseKey("c2hvcnQ="); err == nil {
		t.Error("accepted a short key")
	}
	keys, err := ParseKeys(EncodeKey(k) + ", " + EncodeKey(GenerateKey()))
	if err != nil || len(keys) != 2 {
		t.Errorf("ParseKeys: %d, %v", len(keys), err)
	}
}

func TestKeyFile(t *testing.T) {
	dir := t.TempDir()
	k1, prev, created, err := LoadOrCreateKeyFile(dir)
	if err != nil || !created || len(k1) != KeySize || len(prev) != 0 {
		t.Fatalf("create: %v %v", created, err)
	}
	st, _ := os.Stat(filepath.Join(dir, KeyFileName))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", st.Mode().Perm())
	}
	k2, _, created, err := LoadOrCreateKeyFile(dir)
	if err != nil || created || !bytes.Equal(k1, k2) {
		t.Fatalf("reload: created %v, same %v, %v", created, bytes.Equal(k1, k2), err)
	}
	n := GenerateKey()
	if err := WriteKeyFile(dir, n, k1); err != nil {
		t.Fatal(err)
	}
	cur, prev, _, err := LoadOrCreateKeyFile(dir)
	if err != nil || !bytes.Equal(cur, n) || len(prev) != 1 || !bytes.Equal(prev[0], k1) {
		t.Fatalf("after write: %v", err)
	}
	os.Chmod(filepath.Join(dir, KeyFileName), 0o644)
	if _, _, _, err := LoadOrCreateKeyFile(dir); err == nil {
		t.Error("accepted a world-readable key file")
	}
	os.WriteFile(filepath.Join(dir, KeyFileName), []byte("garbage\n"), 0o600)
	if _, _, _, err := LoadOrCreateKeyFile(dir); err == nil {
		t.Error("accepted garbage")
	}
}

func TestDerive(t *testing.T) {
	oldKey, newKey := GenerateKey(), GenerateKey()
	before, _ := NewKeyring(oldKey)
	after, _ := NewKeyring(newKey, oldKey)
	cookiesBefore, err := before.Derive("cookie")
	if err != nil {
		t.Fatal(err)
	}
	sealed, _ := cookiesBefore.Seal([]byte("state"), "ctx")
	if _, err := before.Open(sealed, "ctx"); err == nil {
		t.Error("a value sealed with a derived key opened with the key it came from")
	}
	other, _ := before.Derive("other purpose")
	if _, err := other.Open(sealed, "ctx"); err == nil {
		t.Error("a value sealed for one purpose opened for another")
	}
	// After a rotation the derived keyring still opens what was sealed
	// before it, and seals with the new key.
	cookiesAfter, _ := after.Derive("cookie")
	if got, err := cookiesAfter.Open(sealed, "ctx"); err != nil || string(got) != "state" {
		t.Errorf("after rotation: %q, %v", got, err)
	}
	again, _ := before.Derive("cookie")
	if again.CurrentID() != cookiesBefore.CurrentID() || cookiesAfter.CurrentID() == cookiesBefore.CurrentID() {
		t.Error("derived keys are not stable, or did not rotate")
	}
}

func TestSum(t *testing.T) {
	oldKey, newKey := GenerateKey(), GenerateKey()
	before, _ := NewKeyring(oldKey)
	after, _ := NewKeyring(newKey, oldKey)
	sum := before.Sum([]byte("data"), "ctx")
	if !bytes.Equal(sum, before.Sum([]byte("data"), "ctx")) {
		t.Error("the same input gave another sum")
	}
	if !before.Verify(sum, []byte("data"), "ctx") || !after.Verify(sum, []byte("data"), "ctx") {
		t.Error("a sum did not verify (before or after a rotation)")
	}
	for _, tc := range []struct{ data, ctx string }{{"datA", "ctx"}, {"data", "ctx2"}} {
		if before.Verify(sum, []byte(tc.data), tc.ctx) {
			t.Errorf("verified against %q/%q", tc.data, tc.ctx)
		}
	}
	if !after.Verify(sum[:16], []byte("data"), "ctx") || after.Verify(sum[:15], []byte("data"), "ctx") {
		t.Error("a sum cut to 16 bytes must verify, one cut shorter must not")
	}
	other, _ := NewKeyring(GenerateKey())
	if other.Verify(sum, []byte("data"), "ctx") {
		t.Error("verified under an unrelated key")
	}
}

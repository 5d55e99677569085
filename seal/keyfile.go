package seal

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the key file in the data directory: one base64 key a line,
// the current key first, keys still needed to open older values after it.
const KeyFileName = "secret.key"

// LoadOrCreateKeyFile reads dir/secret.key, or creates it with a new key and
// mode 0600 when it does not exist. It refuses a file others can read.
func LoadOrCreateKeyFile(dir string) (current []byte, previous [][]byte, created bool, err error) {
	path := filepath.Join(dir, KeyFileName)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		k := GenerateKey()
		_, werr := f.WriteString(EncodeKey(k) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return nil, nil, false, fmt.Errorf("seal: writing %s: %w", path, werr)
		}
		return k, nil, true, nil
	case !errors.Is(err, fs.ErrExist):
		return nil, nil, false, fmt.Errorf("seal: creating %s: %w", path, err)
	}
	keys, err := ReadKeyFile(path)
	if err != nil {
		return nil, nil, false, err
	}
	return keys[0], keys[1:], false, nil
}

// ReadKeyFile reads a key file, checking its permissions first.
func ReadKeyFile(path string) ([][]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("seal: %s is readable by others (mode %v): run chmod 600 %s", path, st.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("seal: %w", err)
	}
	keys, err := ParseKeys(string(b))
	if err != nil {
		return nil, fmt.Errorf("seal: %s: %w", path, err)
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("seal: %s holds no key", path)
	}
	return keys, nil
}

// WriteKeyFile replaces the key file atomically (write, sync, rename), so a
// crash leaves either the old file or the new one, never half of one.
func WriteKeyFile(dir string, keys ...[]byte) error {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(EncodeKey(k) + "\n")
	}
	tmp, err := os.CreateTemp(dir, ".secret.key-*")
	if err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("seal: %w", err)
	}
	if _, err := tmp.WriteString(b.String()); err != nil {
		tmp.Close()
		return fmt.Errorf("seal: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("seal: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("seal: %w", err)
	}
	return os.Rename(tmp.Name(), filepath.Join(dir, KeyFileName))
}

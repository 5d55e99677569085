package seal

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// KeySize is the length of a key: AES-256.
const KeySize = 32

// Sealed layout: version (1) | key id (4) | nonce (12) | ciphertext+tag (>=16).
const (
	version  = 1
	idSize   = 4
	nonceLen = 12
	tagLen   = 16
	overhead = 1 + idSize + nonceLen + tagLen
)

var (
	// ErrUnknownKey: the value was sealed with a key this keyring lacks.
	ErrUnknownKey = errors.New("seal: sealed with a key that is not configured")
	// ErrCorrupt: the value is truncated, of an unknown version, or was
	// altered (or belongs to another record).
	ErrCorrupt = errors.New("seal: sealed value is corrupt or was tampered with")
)

type key struct {
	id   uint32
	aead cipher.AEAD
	raw  []byte // for Derive
	mac  []byte // the HMAC key, derived from raw
}

// Keyring seals with its current key and opens with any of its keys.
type Keyring struct {
	current key
	byID    map[uint32]key
}

// NewKeyring builds a keyring from the current key and any previous keys
// still needed to open values sealed before a rotation.
func NewKeyring(current []byte, previous ...[]byte) (*Keyring, error) {
	cur, err := newKey(current)
	if err != nil {
		return nil, err
	}
	kr := &Keyring{current: cur, byID: map[uint32]key{cur.id: cur}}
	for i, p := range previous {
		k, err := newKey(p)
		if err != nil {
			return nil, fmt.Errorf("seal: previous key %d: %w", i+1, err)
		}
		kr.byID[k.id] = k
	}
	return kr, nil
}

func newKey(raw []byte) (key, error) {
	if len(raw) != KeySize {
		return key{}, fmt.Errorf("seal: key is %d bytes, want %d", len(raw), KeySize)
	}
	block, err := aes.NewCipher(raw)
	if err != nil {
		return key{}, fmt.Errorf("seal: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return key{}, fmt.Errorf("seal: %w", err)
	}
	mac, err := hkdf.Key(sha256.New, raw, nil, "widgets/seal/mac", KeySize)
	if err != nil {
		return key{}, fmt.Errorf("seal: %w", err)
	}
	return key{id: KeyID(raw), aead: aead, raw: raw, mac: mac}, nil
}

// Sum is an HMAC-SHA256 of data bound to context, with the current key:
// the same input gives the same sum, so it suits values that must not
// change each time they are made (a token inside cached bytes).
func (k *Keyring) Sum(data []byte, context string) []byte { return k.current.sum(data, context) }

// Verify reports whether sum is Sum(data, context) under any of the keys,
// or its first bytes (at least 16: a sum may be cut to fit in a URL).
func (k *Keyring) Verify(sum, data []byte, context string) bool {
	if len(sum) < 16 {
		return false
	}
	for _, key := range k.byID {
		if full := key.sum(data, context); len(sum) <= len(full) && hmac.Equal(sum, full[:len(sum)]) {
			return true
		}
	}
	return false
}

func (k key) sum(data []byte, context string) []byte {
	m := hmac.New(sha256.New, k.mac)
	m.Write([]byte(context))
	m.Write([]byte{0})
	m.Write(data)
	return m.Sum(nil)
}

// Derive returns a keyring for another purpose (short-lived cookies, say):
// each of its keys is derived from one of k's with HKDF-SHA256 and the
// purpose, so a value sealed for one purpose never opens as another, and
// rotating the configured key rotates the derived ones with it.
func (k *Keyring) Derive(purpose string) (*Keyring, error) {
	derive := func(raw []byte) ([]byte, error) {
		return hkdf.Key(sha256.New, raw, nil, "widgets/seal/derive/"+purpose, KeySize)
	}
	cur, err := derive(k.current.raw)
	if err != nil {
		return nil, fmt.Errorf("seal: derive: %w", err)
	}
	var prev [][]byte
	for id, old := range k.byID {
		if id == k.current.id {
			continue
		}
		p, err := derive(old.raw)
		if err != nil {
			return nil, fmt.Errorf("seal: derive: %w", err)
		}
		prev = append(prev, p)
	}
	return NewKeyring(cur, prev...)
}

// KeyID names a key without revealing it: the first four bytes of a hash.
func KeyID(raw []byte) uint32 {
	sum := sha256.Sum256(append([]byte("widgets/seal/key-id\x00"), raw...))
	return binary.BigEndian.Uint32(sum[:idSize])
}

// CurrentID is the id of the key new values are sealed with.
func (k *Keyring) CurrentID() uint32 { return k.current.id }

// Seal encrypts plaintext. context binds the result to where it is stored
// (an account id, say): Open with another context fails, so a sealed token
// copied onto another row is useless.
func (k *Keyring) Seal(plaintext []byte, context string) ([]byte, error) {
	out := make([]byte, 1+idSize+nonceLen, overhead+len(plaintext))
	out[0] = version
	binary.BigEndian.PutUint32(out[1:], k.current.id)
	if _, err := rand.Read(out[1+idSize:]); err != nil {
		return nil, fmt.Errorf("seal: nonce: %w", err)
	}
	nonce := out[1+idSize : 1+idSize+nonceLen]
	return k.current.aead.Seal(out, nonce, plaintext, []byte(context)), nil
}

// Open decrypts a value from Seal with the same context.
func (k *Keyring) Open(sealed []byte, context string) ([]byte, error) {
	id, err := SealedKeyID(sealed)
	if err != nil {
		return nil, err
	}
	key, ok := k.byID[id]
	if !ok {
		return nil, fmt.Errorf("%w (key id %08x)", ErrUnknownKey, id)
	}
	nonce := sealed[1+idSize : 1+idSize+nonceLen]
	plain, err := key.aead.Open(nil, nonce, sealed[1+idSize+nonceLen:], []byte(context))
	if err != nil {
		return nil, ErrCorrupt
	}
	return plain, nil
}

// SealedKeyID reads which key sealed a value, checking the length first.
func SealedKeyID(sealed []byte) (uint32, error) {
	if len(sealed) < overhead {
		return 0, fmt.Errorf("%w: %d bytes is too short", ErrCorrupt, len(sealed))
	}
	if sealed[0] != version {
		return 0, fmt.Errorf("%w: unknown version %d", ErrCorrupt, sealed[0])
	}
	return binary.BigEndian.Uint32(sealed[1:]), nil
}

// IsCurrent reports whether a sealed value uses the current key, i.e.
// whether a rotation still has to re-seal it.
func (k *Keyring) IsCurrent(sealed []byte) bool {
	id, err := SealedKeyID(sealed)
	return err == nil && id == k.current.id
}

// GenerateKey returns a new random key.
func GenerateKey() []byte {
	b := make([]byte, KeySize)
	if _, err := rand.Read(b); err != nil {
		panic("seal: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return b
}

// EncodeKey writes a key as WIDGETS_SECRET_KEY expects it.
func EncodeKey(raw []byte) string { return base64.StdEncoding.EncodeToString(raw) }

// ParseKey reads a key in standard or URL-safe base64, padded or not.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		if b, err := enc.DecodeString(s); err == nil {
			if len(b) != KeySize {
				return nil, fmt.Errorf("decodes to %d bytes, want %d", len(b), KeySize)
			}
			return b, nil
		}
	}
	return nil, errors.New("is not base64")
}

// ParseKeys reads a comma- or newline-separated list of keys.
func ParseKeys(s string) ([][]byte, error) {
	var out [][]byte
	for i, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ' ' }) {
		k, err := ParseKey(part)
		if err != nil {
			return nil, fmt.Errorf("key %d %w", i+1, err)
		}
		out = append(out, k)
	}
	return out, nil
}

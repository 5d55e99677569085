package widgets

import (
	"crypto/rand"
	"encoding/base32"
	"strings"
)

// idEncoding is lowercase base32 without padding: URL-safe, case-proof,
// and free of characters people confuse when they read an id aloud.
var idEncoding = base32.NewEncoding("abcdefghijkmnpqrstuvwxyz23456789").WithPadding(base32.NoPadding)

// IDLength is the length of a widget id: 16 random bytes, 26 characters.
const IDLength = 26

// NewID returns a random, unguessable public widget id (128 bits).
func NewID() string {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		panic("widgets: no randomness: " + err.Error()) // crypto/rand does not fail on supported systems
	}
	return idEncoding.EncodeToString(b)
}

// ValidID reports whether s could be a widget id, so that junk in a URL is
// refused before anything is looked up.
func ValidID(s string) bool {
	if len(s) != IDLength {
		return false
	}
	for _, r := range s {
		if !strings.ContainsRune("abcdefghijkmnpqrstuvwxyz23456789", r) {
			return false
		}
	}
	return true
}

package server

import (
	"encoding/base64"
	"encoding/binary"
	"time"
)

// The OAuth state cookie carries the state and when it expires, sealed
// with a key derived from WIDGETS_SECRET_KEY, so it cannot be read, forged
// or moved to another purpose, and any replica can check it. Only a
// finished sign-in writes a row (to make the state single use).

const stateContext = "oauth-state"

func (s *signIn) sealState(state string, expires time.Time) (string, error) {
	plain := binary.BigEndian.AppendUint64(nil, uint64(expires.Unix()))
	sealed, err := s.tokens.Seal(append(plain, state...), stateContext)
	if err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

// openState returns the state a cookie carries; ok is false for a cookie
// that is missing, malformed, tampered with or sealed by an unknown key.
func (s *signIn) openState(cookie string) (state string, expires time.Time, ok bool) {
	sealed, err := base64.RawURLEncoding.DecodeString(cookie)
	if err != nil || cookie == "" {
		return "", time.Time{}, false
	}
	plain, err := s.tokens.Open(sealed, stateContext)
	if err != nil || len(plain) <= 8 {
		return "", time.Time{}, false
	}
	return string(plain[8:]), time.Unix(int64(binary.BigEndian.Uint64(plain[:8])), 0), true
}

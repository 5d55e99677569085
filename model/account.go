package model

import (
	"strconv"
	"time"
)

// Status is an account's connection state.
type Status string

const (
	// StatusActive: the token works.
	StatusActive Status = "active"
	// StatusNeedsReconnect: WordPress.com rejected the token; the owner must
	// connect again before the lists refresh.
	StatusNeedsReconnect Status = "needs_reconnect"
)

// Account is a connected WordPress.com member.
type Account struct {
	ID          int64 // the WordPress.com user ID
	Username    string
	DisplayName string
	AvatarURL   string
	ProfileURL  string
	Language    string // WordPress.com's language setting ("en", "pt-br"); new widgets take it
	SealedToken []byte // from seal.Keyring.Seal; never the token itself
	Scope       string
	Status      Status
	CreatedAt   time.Time
	UpdatedAt   time.Time
	ConnectedAt time.Time // when the current token was granted
}

// Session is a signed-in owner. Only a hash of the cookie value is stored,
// so reading the database does not let anyone sign in.
type Session struct {
	IDHash    []byte
	AccountID int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// TokenContext is the context an account's token is sealed with: it binds
// the sealed bytes to that account's row, so a token copied onto another
// row cannot be opened.
func TokenContext(accountID int64) string { return "account:" + strconv.FormatInt(accountID, 10) }

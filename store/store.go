package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/wpcom-widgets/service/model"
)

var (
	// ErrNotFound: no such row, or a row the caller may not touch.
	ErrNotFound = errors.New("store: not found")
	// ErrUsed: a single-use value (an OAuth state) was used already.
	ErrUsed = errors.New("store: already used")
	// ErrLimit: the account has as many widgets as it may have.
	ErrLimit = errors.New("store: widget limit reached")
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

// TokenContext is the context an account's token is sealed with: it binds
// the sealed bytes to that account's row, so a token copied onto another
// row cannot be opened.
func TokenContext(accountID int64) string { return "account:" + strconv.FormatInt(accountID, 10) }

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

// Store is what the service keeps. Every method honours ctx.
type Store interface {
	// UpsertAccount inserts an account or, for a returning member, replaces
	// their profile and token and sets them active again.
	UpsertAccount(ctx context.Context, a Account) (Account, error)
	Account(ctx context.Context, id int64) (Account, error)
	SetAccountStatus(ctx context.Context, id int64, s Status) error
	// DeleteAccount removes the account, its widgets and its sessions.
	DeleteAccount(ctx context.Context, id int64) error
	// ResealTokens calls fn for every stored token inside one transaction
	// and stores what it returns; it reports how many changed.
	ResealTokens(ctx context.Context, fn func(accountID int64, sealed []byte) ([]byte, error)) (int, error)
	// AnySealedToken returns one stored token, to check at start that the
	// configured key opens it; ErrNotFound when there is none.
	AnySealedToken(ctx context.Context) (accountID int64, sealed []byte, err error)

	// CreateWidget adds w unless its account already has limit widgets
	// (ErrLimit); concurrent creates cannot pass the limit together.
	CreateWidget(ctx context.Context, w model.Widget, limit int) error
	Widget(ctx context.Context, id string) (model.Widget, error)
	// WidgetsOf lists an account's widgets, oldest first.
	WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error)
	// UpdateWidget changes the settings (title, count, layout, theme, display, look, lang, empty text) of w.ID if it
	// belongs to w.AccountID; ErrNotFound otherwise.
	UpdateWidget(ctx context.Context, w model.Widget) error
	// DeleteWidget deletes it if it belongs to accountID; ErrNotFound otherwise.
	DeleteWidget(ctx context.Context, accountID int64, id string) error

	CreateSession(ctx context.Context, s Session) error
	// Session returns an unexpired session; ErrNotFound otherwise.
	Session(ctx context.Context, idHash []byte, now time.Time) (Session, error)
	DeleteSession(ctx context.Context, idHash []byte) error

	// UseOAuthState records that a sign-in state (valid until expires) was
	// used, and fails with ErrUsed if it was already: each state works
	// once, on any replica. States are issued in a sealed cookie, not
	// stored, so only a finished sign-in writes a row.
	UseOAuthState(ctx context.Context, stateHash []byte, expires time.Time) error
	// DeleteExpired removes expired sessions and used states.
	DeleteExpired(ctx context.Context, now time.Time) error

	Ping(ctx context.Context) error
	Close() error
}

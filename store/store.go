package store

import (
	"context"
	"time"

	"github.com/wpcom-widgets/service/model"
)

// Store is what the service keeps. Every method honours ctx.
type Store interface {
	// UpsertAccount inserts an account or, for a returning member, replaces
	// their profile and token and sets them active again.
	UpsertAccount(ctx context.Context, a model.Account) (model.Account, error)
	Account(ctx context.Context, id int64) (model.Account, error)
	SetAccountStatus(ctx context.Context, id int64, s model.Status) error
	// DeleteAccount removes the account, its widgets and its sessions.
	DeleteAccount(ctx context.Context, id int64) error
	// ResealTokens calls fn for every stored token inside one transaction
	// and stores what it returns; it reports how many changed.
	ResealTokens(ctx context.Context, fn func(accountID int64, sealed []byte) ([]byte, error)) (int, error)
	// AnySealedToken returns one stored token, to check at start that the
	// configured key opens it; model.ErrNotFound when there is none.
	AnySealedToken(ctx context.Context) (accountID int64, sealed []byte, err error)

	// CreateWidget adds w unless its account already has limit
	// live widgets (model.ErrLimit); concurrent creates cannot pass the
	// limit together.
	CreateWidget(ctx context.Context, w model.Widget, limit int) error
	Widget(ctx context.Context, id string) (model.Widget, error)
	// WidgetsOf lists an account's widgets, oldest first, the deleted
	// ones (DeletedAt set) among them.
	WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error)
	// UpdateWidget changes the settings (title, count, layout, theme, display, look, lang, empty text) of w.ID if it
	// belongs to w.AccountID and is live; model.ErrNotFound otherwise.
	UpdateWidget(ctx context.Context, w model.Widget) error
	// DeleteWidget marks it deleted if it belongs to accountID and is live;
	// model.ErrNotFound otherwise. It keeps its row, so RestoreWidget can
	// bring it back with its id, until DeleteExpired purges it after
	// model.RestoreWindow; an account keeps at most model.MaxPerAccount
	// deleted widgets, the latest.
	DeleteWidget(ctx context.Context, accountID int64, id string) error
	// SetCuration sets which items (model.Item.ID, no spaces) a live widget
	// of accountID hides and pins, to, if they are still from: two
	// changes at once (two tabs) cannot undo each other. model.ErrNotFound
	// otherwise (the widget is gone, or was curated meanwhile: read it
	// again). Callers bound them (model.MaxHidden, model.MaxPinned).
	SetCuration(ctx context.Context, accountID int64, id string, from, to model.Curation) error
	// RestoreWidget makes a widget deleted less than model.RestoreWindow
	// ago live again, unless the account is at limit live widgets
	// (model.ErrLimit); model.ErrNotFound when it is none of accountID's,
	// not deleted, or deleted too long ago.
	RestoreWidget(ctx context.Context, accountID int64, id string, limit int) error

	CreateSession(ctx context.Context, s model.Session) error
	// Session returns an unexpired session; model.ErrNotFound otherwise.
	Session(ctx context.Context, idHash []byte, now time.Time) (model.Session, error)
	DeleteSession(ctx context.Context, idHash []byte) error

	// UseOAuthState records that a sign-in state (valid until expires) was
	// used, and fails with model.ErrUsed if it was already: each state works
	// once, on any replica. States are issued in a sealed cookie, not
	// stored, so only a finished sign-in writes a row.
	UseOAuthState(ctx context.Context, stateHash []byte, expires time.Time) error
	// DeleteExpired removes expired sessions and used states, and purges
	// widgets deleted more than model.RestoreWindow before now.
	DeleteExpired(ctx context.Context, now time.Time) error

	Ping(ctx context.Context) error
	Close() error
}

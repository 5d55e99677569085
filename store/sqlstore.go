package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/wpcom-widgets/service/model"
)

// sqlStore is the SQL both databases understand. Placeholders are $1, $2, …
// in order of first use, which SQLite binds by position too.
type sqlStore struct {
	db   *sql.DB
	name string // for error messages: "sqlite" or "postgres"
	// forUpdate ends a SELECT that locks the rows it reads (PostgreSQL;
	// NO KEY: inserts that only point at the row, sessions say, go on);
	// empty where a transaction holds the whole database (SQLite).
	forUpdate string
	now       func() time.Time
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

func (s *sqlStore) wrap(op string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return model.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store (%s): %s: %w", s.name, op, err)
	}
	return nil
}

func (s *sqlStore) UpsertAccount(ctx context.Context, a model.Account) (model.Account, error) {
	now := s.now().UTC()
	if a.ConnectedAt.IsZero() {
		a.ConnectedAt = now
	}
	if a.Status == "" {
		a.Status = model.StatusActive
	}
	row := s.db.QueryRowContext(ctx, `
		INSERT INTO accounts (id, username, display_name, avatar_url, profile_url, sealed_token, scope, status,
			created_at, updated_at, connected_at, language)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10, $11)
		ON CONFLICT (id) DO UPDATE SET username = excluded.username, display_name = excluded.display_name,
			language = excluded.language,
			avatar_url = excluded.avatar_url, profile_url = excluded.profile_url, sealed_token = excluded.sealed_token,
			scope = excluded.scope, status = excluded.status, updated_at = excluded.updated_at,
			connected_at = excluded.connected_at
		RETURNING created_at, updated_at`,
		a.ID, a.Username, a.DisplayName, a.AvatarURL, a.ProfileURL, a.SealedToken, a.Scope, string(a.Status),
		ms(now), ms(a.ConnectedAt), a.Language)
	var created, updated int64
	if err := row.Scan(&created, &updated); err != nil {
		return model.Account{}, s.wrap("upsert account", err)
	}
	a.CreatedAt, a.UpdatedAt, a.ConnectedAt = fromMS(created), fromMS(updated), fromMS(ms(a.ConnectedAt))
	return a, nil
}

func (s *sqlStore) Account(ctx context.Context, id int64) (model.Account, error) {
	var a model.Account
	var status string
	var created, updated, connected int64
	err := s.db.QueryRowContext(ctx, `
		SELECT id, username, display_name, avatar_url, profile_url, sealed_token, scope, status,
			created_at, updated_at, connected_at, language
		FROM accounts WHERE id = $1`, id).
		Scan(&a.ID, &a.Username, &a.DisplayName, &a.AvatarURL, &a.ProfileURL, &a.SealedToken, &a.Scope, &status,
			&created, &updated, &connected, &a.Language)
	if err != nil {
		return model.Account{}, s.wrap("account", err)
	}
	a.Status, a.CreatedAt, a.UpdatedAt, a.ConnectedAt = model.Status(status), fromMS(created), fromMS(updated), fromMS(connected)
	return a, nil
}

func (s *sqlStore) exec(ctx context.Context, op string, mustHit bool, query string, args ...any) error {
	res, err := s.db.ExecContext(ctx, query, args...)
	if err != nil {
		return s.wrap(op, err)
	}
	if mustHit {
		if n, err := res.RowsAffected(); err != nil {
			return s.wrap(op, err)
		} else if n == 0 {
			return model.ErrNotFound
		}
	}
	return nil
}

func (s *sqlStore) SetAccountStatus(ctx context.Context, id int64, st model.Status) error {
	return s.exec(ctx, "set status", true, `UPDATE accounts SET status = $1, updated_at = $2 WHERE id = $3`,
		string(st), ms(s.now()), id)
}

func (s *sqlStore) DeleteAccount(ctx context.Context, id int64) error {
	// Widgets and sessions go with it (ON DELETE CASCADE).
	return s.exec(ctx, "delete account", true, `DELETE FROM accounts WHERE id = $1`, id)
}

func (s *sqlStore) ResealTokens(ctx context.Context, fn func(int64, []byte) ([]byte, error)) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.wrap("reseal", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT id, sealed_token FROM accounts ORDER BY id`)
	if err != nil {
		return 0, s.wrap("reseal", err)
	}
	type tok struct {
		id     int64
		sealed []byte
	}
	var toks []tok
	for rows.Next() {
		var t tok
		if err := rows.Scan(&t.id, &t.sealed); err != nil {
			rows.Close()
			return 0, s.wrap("reseal", err)
		}
		toks = append(toks, t)
	}
	if err := rows.Close(); err != nil {
		return 0, s.wrap("reseal", err)
	}
	changed := 0
	for _, t := range toks {
		next, err := fn(t.id, t.sealed)
		if err != nil {
			return 0, fmt.Errorf("store: reseal account %d: %w", t.id, err)
		}
		if string(next) == string(t.sealed) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `UPDATE accounts SET sealed_token = $1 WHERE id = $2`, next, t.id); err != nil {
			return 0, s.wrap("reseal", err)
		}
		changed++
	}
	return changed, s.wrap("reseal commit", tx.Commit())
}

func (s *sqlStore) AnySealedToken(ctx context.Context) (int64, []byte, error) {
	var id int64
	var sealed []byte
	err := s.db.QueryRowContext(ctx, `SELECT id, sealed_token FROM accounts ORDER BY updated_at DESC LIMIT 1`).Scan(&id, &sealed)
	return id, sealed, s.wrap("any token", err)
}

func (s *sqlStore) CreateWidget(ctx context.Context, w model.Widget, limit int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("create widget", err)
	}
	defer tx.Rollback()
	// Lock the account's row, so creates for one account take turns: two
	// of them cannot both count limit-1 widgets and both insert. (SQLite's
	// transactions already take the write lock at BEGIN.)
	if err := s.underLimit(ctx, tx, w.AccountID, limit); err != nil {
		return s.wrap("create widget", err)
	}
	now, d, l := ms(s.now()), w.Display, w.Look
	if _, err := tx.ExecContext(ctx, `
		INSERT INTO widgets (id, account_id, kind, title, item_count, layout, theme,
			show_title, show_images, show_meta, show_excerpts, new_tab, max_width,
			site_dark, site_text, site_link, site_font, lang, empty_text, title_lines, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)`,
		w.ID, w.AccountID, w.Kind, w.Title, w.Count, w.Layout, w.Theme, d.ShowTitle, d.ShowImages, d.ShowMeta,
		d.ShowExcerpts, d.NewTab, d.MaxWidth, l.Dark, l.Text, l.Link, l.Font, w.Lang, w.EmptyText, d.TitleLines, now); err != nil {
		return s.wrap("create widget", err)
	}
	return s.wrap("create widget", tx.Commit())
}

// underLimit locks the account's row, so creates and restores for one
// account take turns (two of them cannot both count limit-1 widgets and
// both add one; SQLite's transactions already take the write lock at
// BEGIN), and says model.ErrLimit when its live widgets are at limit.
func (s *sqlStore) underLimit(ctx context.Context, tx *sql.Tx, accountID int64, limit int) error {
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM accounts WHERE id = $1`+s.forUpdate, accountID).Scan(&id); err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM widgets WHERE account_id = $1 AND deleted_at IS NULL`, accountID).Scan(&n); err != nil {
		return err
	}
	if n >= limit {
		return model.ErrLimit
	}
	return nil
}

const widgetColumns = `id, account_id, kind, title, item_count, layout, theme,
	show_title, show_images, show_meta, show_excerpts, new_tab, max_width,
	site_dark, site_text, site_link, site_font, lang, empty_text, created_at, updated_at, deleted_at,
	hidden_items, pinned_items, title_lines`

func scanWidget(sc interface{ Scan(...any) error }) (model.Widget, error) {
	var w model.Widget
	var created, updated int64
	var deleted sql.NullInt64
	var hidden, pinned string
	d, l := &w.Display, &w.Look
	err := sc.Scan(&w.ID, &w.AccountID, &w.Kind, &w.Title, &w.Count, &w.Layout, &w.Theme,
		&d.ShowTitle, &d.ShowImages, &d.ShowMeta, &d.ShowExcerpts, &d.NewTab, &d.MaxWidth,
		&l.Dark, &l.Text, &l.Link, &l.Font, &w.Lang, &w.EmptyText, &created, &updated, &deleted, &hidden, &pinned, &d.TitleLines)
	w.Hidden, w.Pinned = strings.Fields(hidden), strings.Fields(pinned)
	w.CreatedAt, w.UpdatedAt = fromMS(created), fromMS(updated)
	if deleted.Valid {
		w.DeletedAt = fromMS(deleted.Int64)
	}
	return w, err
}

func (s *sqlStore) Widget(ctx context.Context, id string) (model.Widget, error) {
	w, err := scanWidget(s.db.QueryRowContext(ctx, `SELECT `+widgetColumns+` FROM widgets WHERE id = $1`, id))
	return w, s.wrap("widget", err)
}

func (s *sqlStore) WidgetsOf(ctx context.Context, accountID int64) ([]model.Widget, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+widgetColumns+` FROM widgets WHERE account_id = $1
		ORDER BY created_at, id`, accountID)
	if err != nil {
		return nil, s.wrap("widgets", err)
	}
	defer rows.Close()
	var out []model.Widget
	for rows.Next() {
		w, err := scanWidget(rows)
		if err != nil {
			return nil, s.wrap("widgets", err)
		}
		out = append(out, w)
	}
	return out, s.wrap("widgets", rows.Err())
}

func (s *sqlStore) UpdateWidget(ctx context.Context, w model.Widget) error {
	return s.exec(ctx, "update widget", true, `
		UPDATE widgets SET title = $1, item_count = $2, layout = $3, theme = $4, show_title = $5, show_images = $6,
			show_meta = $7, show_excerpts = $8, new_tab = $9, max_width = $10,
			site_dark = $11, site_text = $12, site_link = $13, site_font = $14, lang = $15, empty_text = $16, updated_at = $17,
			title_lines = $20
		WHERE id = $18 AND account_id = $19 AND deleted_at IS NULL`,
		w.Title, w.Count, w.Layout, w.Theme, w.Display.ShowTitle, w.Display.ShowImages, w.Display.ShowMeta,
		w.Display.ShowExcerpts, w.Display.NewTab, w.Display.MaxWidth,
		w.Look.Dark, w.Look.Text, w.Look.Link, w.Look.Font, w.Lang, w.EmptyText, ms(s.now()), w.ID, w.AccountID, w.Display.TitleLines)
}

func (s *sqlStore) DeleteWidget(ctx context.Context, accountID int64, id string) error {
	now := ms(s.now())
	if err := s.exec(ctx, "delete widget", true, `UPDATE widgets SET deleted_at = $1, updated_at = $1
		WHERE id = $2 AND account_id = $3 AND deleted_at IS NULL`, now, id, accountID); err != nil {
		return err
	}
	// Deleted widgets leave room under the limit, so making and deleting
	// in a loop would fill the database for 30 days: an account keeps its
	// model.MaxPerAccount latest deleted ones, and older ones go for good.
	return s.exec(ctx, "purge deleted widgets", false, `DELETE FROM widgets WHERE account_id = $1 AND deleted_at IS NOT NULL
		AND id NOT IN (SELECT id FROM widgets WHERE account_id = $1 AND deleted_at IS NOT NULL
			ORDER BY deleted_at DESC, id LIMIT $2)`, accountID, model.MaxPerAccount)
}

func (s *sqlStore) SetCuration(ctx context.Context, accountID int64, id string, from, to model.Curation) error {
	return s.exec(ctx, "curate widget", true, `UPDATE widgets SET hidden_items = $1, pinned_items = $2, updated_at = $3
		WHERE id = $4 AND account_id = $5 AND deleted_at IS NULL AND hidden_items = $6 AND pinned_items = $7`,
		strings.Join(to.Hidden, " "), strings.Join(to.Pinned, " "), ms(s.now()), id, accountID,
		strings.Join(from.Hidden, " "), strings.Join(from.Pinned, " "))
}

func (s *sqlStore) RestoreWidget(ctx context.Context, accountID int64, id string, limit int) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return s.wrap("restore widget", err)
	}
	defer tx.Rollback()
	if err := s.underLimit(ctx, tx, accountID, limit); err != nil {
		return s.wrap("restore widget", err)
	}
	now := s.now()
	res, err := tx.ExecContext(ctx, `UPDATE widgets SET deleted_at = NULL, updated_at = $1
		WHERE id = $2 AND account_id = $3 AND deleted_at IS NOT NULL AND deleted_at > $4`,
		ms(now), id, accountID, ms(now.Add(-model.RestoreWindow)))
	if err != nil {
		return s.wrap("restore widget", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.wrap("restore widget", err)
	} else if n == 0 {
		return model.ErrNotFound // none of theirs, not deleted, or past the window
	}
	return s.wrap("restore widget", tx.Commit())
}

func (s *sqlStore) CreateSession(ctx context.Context, se model.Session) error {
	return s.exec(ctx, "create session", false,
		`INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		se.IDHash, se.AccountID, ms(se.CreatedAt), ms(se.ExpiresAt))
}

func (s *sqlStore) Session(ctx context.Context, idHash []byte, now time.Time) (model.Session, error) {
	var se model.Session
	var created, expires int64
	err := s.db.QueryRowContext(ctx, `SELECT id_hash, account_id, created_at, expires_at FROM sessions
		WHERE id_hash = $1 AND expires_at > $2`, idHash, ms(now)).Scan(&se.IDHash, &se.AccountID, &created, &expires)
	se.CreatedAt, se.ExpiresAt = fromMS(created), fromMS(expires)
	return se, s.wrap("session", err)
}

func (s *sqlStore) DeleteSession(ctx context.Context, idHash []byte) error {
	return s.exec(ctx, "delete session", false, `DELETE FROM sessions WHERE id_hash = $1`, idHash)
}

func (s *sqlStore) UseOAuthState(ctx context.Context, stateHash []byte, expires time.Time) error {
	// One INSERT decides, so two replicas racing on one state cannot both win.
	res, err := s.db.ExecContext(ctx, `INSERT INTO oauth_states (state_hash, expires_at) VALUES ($1, $2)
		ON CONFLICT (state_hash) DO NOTHING`, stateHash, ms(expires))
	if err != nil {
		return s.wrap("use state", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return s.wrap("use state", err)
	} else if n == 0 {
		return model.ErrUsed
	}
	return nil
}

func (s *sqlStore) DeleteExpired(ctx context.Context, now time.Time) error {
	if err := s.exec(ctx, "expire sessions", false, `DELETE FROM sessions WHERE expires_at <= $1`, ms(now)); err != nil {
		return err
	}
	if err := s.exec(ctx, "expire states", false, `DELETE FROM oauth_states WHERE expires_at <= $1`, ms(now)); err != nil {
		return err
	}
	return s.exec(ctx, "purge deleted widgets", false, `DELETE FROM widgets WHERE deleted_at <= $1`,
		ms(now.Add(-model.RestoreWindow)))
}

func (s *sqlStore) Ping(ctx context.Context) error { return s.wrap("ping", s.db.PingContext(ctx)) }

func (s *sqlStore) Close() error { return s.db.Close() }

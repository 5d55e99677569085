-- +goose Up
-- "Match the page" becomes a theme (and the default for new widgets).
-- SQLite cannot change a CHECK constraint: the table is made again.
CREATE TABLE widgets_next (
    id         TEXT    PRIMARY KEY,            -- public, random
    account_id BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('following', 'liked')),
    title      TEXT    NOT NULL,
    item_count INTEGER NOT NULL CHECK (item_count BETWEEN 1 AND 50),
    layout     TEXT    NOT NULL CHECK (layout IN ('list', 'grid')),
    theme      TEXT    NOT NULL CHECK (theme IN ('page', 'auto', 'light', 'dark')),
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
INSERT INTO widgets_next SELECT id, account_id, kind, title, item_count, layout, theme, created_at, updated_at FROM widgets;
DROP TABLE widgets;
ALTER TABLE widgets_next RENAME TO widgets;
CREATE INDEX widgets_by_account ON widgets (account_id, created_at);

-- +goose Down
CREATE TABLE widgets_prev (
    id         TEXT    PRIMARY KEY,
    account_id BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('following', 'liked')),
    title      TEXT    NOT NULL,
    item_count INTEGER NOT NULL CHECK (item_count BETWEEN 1 AND 50),
    layout     TEXT    NOT NULL CHECK (layout IN ('list', 'grid')),
    theme      TEXT    NOT NULL CHECK (theme IN ('auto', 'light', 'dark')),
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
INSERT INTO widgets_prev SELECT id, account_id, kind, title, item_count, layout,
    CASE theme WHEN 'page' THEN 'light' ELSE theme END, created_at, updated_at FROM widgets;
DROP TABLE widgets;
ALTER TABLE widgets_prev RENAME TO widgets;
CREATE INDEX widgets_by_account ON widgets (account_id, created_at);

-- +goose Up
CREATE TABLE accounts (
    id           BIGINT PRIMARY KEY,           -- the WordPress.com user ID
    username     TEXT   NOT NULL,
    display_name TEXT   NOT NULL,
    avatar_url   TEXT   NOT NULL DEFAULT '',
    profile_url  TEXT   NOT NULL DEFAULT '',
    sealed_token BLOB  NOT NULL,                 -- AES-GCM, see package seal
    scope        TEXT   NOT NULL,
    status       TEXT   NOT NULL CHECK (status IN ('active', 'needs_reconnect')),
    created_at   BIGINT NOT NULL,              -- Unix milliseconds
    updated_at   BIGINT NOT NULL,
    connected_at BIGINT NOT NULL
);

CREATE TABLE widgets (
    id         TEXT    PRIMARY KEY,            -- public, random
    account_id BIGINT  NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL CHECK (kind IN ('following', 'liked')),
    title      TEXT    NOT NULL,
    item_count INTEGER NOT NULL CHECK (item_count BETWEEN 1 AND 50),
    layout     TEXT    NOT NULL CHECK (layout IN ('list', 'grid')),
    theme      TEXT    NOT NULL CHECK (theme IN ('auto', 'light', 'dark')),
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX widgets_by_account ON widgets (account_id, created_at);

CREATE TABLE sessions (
    id_hash    BLOB  PRIMARY KEY,             -- SHA-256 of the cookie value
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

CREATE TABLE oauth_states (
    state_hash BLOB  PRIMARY KEY,             -- SHA-256 of the state value
    expires_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE oauth_states;
DROP TABLE sessions;
DROP TABLE widgets;
DROP TABLE accounts;

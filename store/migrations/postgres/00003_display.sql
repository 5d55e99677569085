-- +goose Up
-- What a widget shows besides its items' names, as owners choose it.
ALTER TABLE widgets
    ADD COLUMN show_title    BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN show_images   BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN show_meta     BOOLEAN NOT NULL DEFAULT TRUE,
    ADD COLUMN show_excerpts BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN new_tab       BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN max_width     INTEGER NOT NULL DEFAULT 0 CHECK (max_width = 0 OR max_width BETWEEN 120 AND 2000);

-- +goose Down
ALTER TABLE widgets DROP COLUMN show_title, DROP COLUMN show_images, DROP COLUMN show_meta,
    DROP COLUMN show_excerpts, DROP COLUMN new_tab, DROP COLUMN max_width;

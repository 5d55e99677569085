-- +goose Up
-- What a widget shows besides its items' names, as owners choose it.
ALTER TABLE widgets ADD COLUMN show_title    INTEGER NOT NULL DEFAULT 1 CHECK (show_title IN (0, 1));
ALTER TABLE widgets ADD COLUMN show_images   INTEGER NOT NULL DEFAULT 1 CHECK (show_images IN (0, 1));
ALTER TABLE widgets ADD COLUMN show_meta     INTEGER NOT NULL DEFAULT 1 CHECK (show_meta IN (0, 1));
ALTER TABLE widgets ADD COLUMN show_excerpts INTEGER NOT NULL DEFAULT 0 CHECK (show_excerpts IN (0, 1));
ALTER TABLE widgets ADD COLUMN new_tab       INTEGER NOT NULL DEFAULT 0 CHECK (new_tab IN (0, 1));
ALTER TABLE widgets ADD COLUMN max_width     INTEGER NOT NULL DEFAULT 0 CHECK (max_width = 0 OR max_width BETWEEN 120 AND 2000);

-- +goose Down
ALTER TABLE widgets DROP COLUMN max_width;
ALTER TABLE widgets DROP COLUMN new_tab;
ALTER TABLE widgets DROP COLUMN show_excerpts;
ALTER TABLE widgets DROP COLUMN show_meta;
ALTER TABLE widgets DROP COLUMN show_images;
ALTER TABLE widgets DROP COLUMN show_title;

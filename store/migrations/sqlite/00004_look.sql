-- +goose Up
-- How the owner's site looks, for frames that match the page.
ALTER TABLE widgets ADD COLUMN site_dark INTEGER NOT NULL DEFAULT 0 CHECK (site_dark IN (0, 1));
ALTER TABLE widgets ADD COLUMN site_text TEXT NOT NULL DEFAULT '' CHECK (length(site_text) <= 7);
ALTER TABLE widgets ADD COLUMN site_link TEXT NOT NULL DEFAULT '' CHECK (length(site_link) <= 7);
ALTER TABLE widgets ADD COLUMN site_font TEXT NOT NULL DEFAULT '' CHECK (length(site_font) <= 800);

-- +goose Down
ALTER TABLE widgets DROP COLUMN site_font;
ALTER TABLE widgets DROP COLUMN site_link;
ALTER TABLE widgets DROP COLUMN site_text;
ALTER TABLE widgets DROP COLUMN site_dark;

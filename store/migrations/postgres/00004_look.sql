-- +goose Up
-- How the owner's site looks, for frames that match the page.
ALTER TABLE widgets
    ADD COLUMN site_dark BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN site_text TEXT NOT NULL DEFAULT '' CHECK (length(site_text) <= 7),
    ADD COLUMN site_link TEXT NOT NULL DEFAULT '' CHECK (length(site_link) <= 7),
    ADD COLUMN site_font TEXT NOT NULL DEFAULT '' CHECK (length(site_font) <= 800);

-- +goose Down
ALTER TABLE widgets DROP COLUMN site_dark, DROP COLUMN site_text, DROP COLUMN site_link, DROP COLUMN site_font;

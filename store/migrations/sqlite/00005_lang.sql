-- +goose Up
-- The language of a widget's own words, and the member's WordPress.com
-- language, which new widgets take.
ALTER TABLE widgets ADD COLUMN lang TEXT NOT NULL DEFAULT 'en' CHECK (length(lang) <= 16);
ALTER TABLE accounts ADD COLUMN language TEXT NOT NULL DEFAULT '' CHECK (length(language) <= 32);

-- +goose Down
ALTER TABLE accounts DROP COLUMN language;
ALTER TABLE widgets DROP COLUMN lang;

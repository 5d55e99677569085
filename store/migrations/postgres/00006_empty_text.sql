-- +goose Up
-- What an empty widget says, if its owner wants it to say anything.
ALTER TABLE widgets ADD COLUMN empty_text TEXT NOT NULL DEFAULT '' CHECK (length(empty_text) <= 800);

-- +goose Down
ALTER TABLE widgets DROP COLUMN empty_text;

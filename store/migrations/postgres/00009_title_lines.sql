-- +goose Up
-- How many lines a long name or title may take before it is cut with an
-- ellipsis; 0 shows every line.
ALTER TABLE widgets ADD COLUMN title_lines INTEGER NOT NULL DEFAULT 2 CHECK (title_lines BETWEEN 0 AND 3);

-- +goose Down
ALTER TABLE widgets DROP COLUMN title_lines;

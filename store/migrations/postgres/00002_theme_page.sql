-- +goose Up
-- "Match the page" becomes a theme (and the default for new widgets).
ALTER TABLE widgets DROP CONSTRAINT widgets_theme_check;
ALTER TABLE widgets ADD CONSTRAINT widgets_theme_check CHECK (theme IN ('page', 'auto', 'light', 'dark'));

-- +goose Down
UPDATE widgets SET theme = 'light' WHERE theme = 'page';
ALTER TABLE widgets DROP CONSTRAINT widgets_theme_check;
ALTER TABLE widgets ADD CONSTRAINT widgets_theme_check CHECK (theme IN ('auto', 'light', 'dark'));

-- +goose Up
-- The hourly purge looks for widgets deleted more than 30 days ago: a
-- partial index holds only the deleted ones, so it reads those, not
-- every widget, and live widgets pay nothing for it.
CREATE INDEX widgets_deleted ON widgets (deleted_at) WHERE deleted_at IS NOT NULL;

-- +goose Down
DROP INDEX widgets_deleted;

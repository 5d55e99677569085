-- +goose Up
-- When the owner deleted the widget (Unix milliseconds); NULL while it is
-- live. A deleted widget can be restored for model.RestoreWindow, then the
-- sweep purges it.
ALTER TABLE widgets ADD COLUMN deleted_at BIGINT;

-- +goose Down
ALTER TABLE widgets DROP COLUMN deleted_at;

-- +goose Up
-- What the owner curated: the items (model.Item.ID, separated by spaces)
-- the widget hides, and those it pins to the top, in order.
ALTER TABLE widgets ADD COLUMN hidden_items TEXT NOT NULL DEFAULT '' CHECK (length(hidden_items) <= 20000);
ALTER TABLE widgets ADD COLUMN pinned_items TEXT NOT NULL DEFAULT '' CHECK (length(pinned_items) <= 1000);

-- +goose Down
ALTER TABLE widgets DROP COLUMN pinned_items;
ALTER TABLE widgets DROP COLUMN hidden_items;

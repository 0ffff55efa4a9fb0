-- Line items can be changed after creation (PATCH /api/v1/campaigns/{id}/line-items/{lineItemId}):
-- when each was last changed. The campaign's version moves with every change of its line items, so
-- a node's index sees the change and an editor holding an older version is refused.
ALTER TABLE line_item ADD COLUMN updated_at TIMESTAMP WITH TIME ZONE;
UPDATE line_item SET updated_at = created_at;
ALTER TABLE line_item ALTER COLUMN updated_at SET NOT NULL;

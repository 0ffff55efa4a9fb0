-- A publisher's report reads its click rollups by publisher and quarter; without this index it
-- scanned the whole click_rollup table (a quarter of a second per report at 10 million sales).
CREATE INDEX click_rollup_publisher_ix ON click_rollup (publisher_id, occurred_quarter);

-- Reports bring the rollups of the programmes they read up to date first: they look up the
-- pending changes of those programmes only.
CREATE INDEX rollup_change_programme_ix ON rollup_change (programme_id, id);

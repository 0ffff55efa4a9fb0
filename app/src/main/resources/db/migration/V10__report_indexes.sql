-- A 30-day report of one publisher reads a few thousand rollup rows (one per programme and quarter
-- hour). Through an index on the publisher alone those rows lie on as many heap pages, one each,
-- since rollups are written programme-quarter by programme-quarter: 176 ms for the biggest
-- publisher at 10 million sales, cold. With every column the report reads in the index, PostgreSQL
-- answers from the index alone, a hundred pages in publisher order: 2 ms. (H2 has no INCLUDE, so
-- the columns are keys.)
DROP INDEX sale_rollup_publisher_ix;
CREATE INDEX sale_rollup_publisher_ix ON sale_rollup (publisher_id, occurred_quarter, programme_id,
    currency, conversions, cancelled, new_customers, returning_customers, lapsed_customers,
    order_value_minor, revenue_minor, returned_minor, commission_minor, fee_minor, introduced,
    assisted, closed, lag_hour, lag_day, lag_week, lag_month, lag_longer);

-- The same for a programme's report (all its publishers over 30 days: about 23,000 rows at 10
-- million sales, on as many heap pages through the primary key: 190 ms cold).
CREATE INDEX sale_rollup_programme_ix ON sale_rollup (programme_id, occurred_quarter, publisher_id,
    currency, conversions, cancelled, new_customers, returning_customers, lapsed_customers,
    order_value_minor, revenue_minor, returned_minor, commission_minor, fee_minor, introduced,
    assisted, closed, lag_hour, lag_day, lag_week, lag_month, lag_longer);

-- The same for clicks, by publisher (before this, a publisher's report scanned the whole
-- click_rollup table: a quarter of a second at 10 million sales) and by programme.
CREATE INDEX click_rollup_publisher_ix ON click_rollup (publisher_id, occurred_quarter,
    programme_id, clicks, valid_clicks);
DROP INDEX click_rollup_programme_ix;
CREATE INDEX click_rollup_programme_ix ON click_rollup (programme_id, occurred_quarter,
    publisher_id, clicks, valid_clicks);

-- Reports bring the rollups of the programmes they read up to date first: they look up the
-- pending changes of those programmes only.
CREATE INDEX rollup_change_programme_ix ON rollup_change (programme_id, id);

-- The duplicate-order check asks, for each sale of a batch, for the customer's orders of the same
-- total within the last minutes. With the identity alone in these indexes it read every order the
-- customer ever made, whole rows scattered over the table: a fifth of the conversion journal's
-- time on H2, and without bound for a customer reference many orders share (a guest checkout).
-- With the total and the quarter-hour after the identity, it reads only the orders of that total
-- from the last quarter-hours. The quarter and not the timestamp: H2 rewrites a whole index page
-- for each entry a commit adds, and a timestamp with its zone in every entry cost the commit what
-- the lookup saved. A customer's history (MAX(ordered_at) by identity) still starts with the same
-- two columns.
DROP INDEX conversion_customer_ix;
DROP INDEX conversion_email_ix;
CREATE INDEX conversion_customer_ix ON conversion (advertiser_id, customer_ref, total_minor,
    occurred_quarter);
CREATE INDEX conversion_email_ix ON conversion (advertiser_id, email_hash, total_minor,
    occurred_quarter);

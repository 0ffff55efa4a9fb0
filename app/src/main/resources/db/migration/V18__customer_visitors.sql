-- The visitors (browsers) each customer identity ordered from move from identity_link into the
-- identity's customer row, and identity_link goes. The sale writer read and wrote both for every
-- sale with a customer: two random keys where one does, which on H2 meant another index page read
-- back and rewritten in each commit. At most the latest 64, the one seen last at the end,
-- separated by spaces (a visitor id is 22 URL-safe characters).
ALTER TABLE customer ADD COLUMN visitors VARCHAR(1500) DEFAULT '' NOT NULL;
DELETE FROM identity_link
WHERE (advertiser_id, identity_kind, identity_value, visitor_id) IN (
    SELECT r.advertiser_id, r.identity_kind, r.identity_value, r.visitor_id
    FROM (
        SELECT advertiser_id, identity_kind, identity_value, visitor_id,
               ROW_NUMBER() OVER (PARTITION BY advertiser_id, identity_kind, identity_value
                                  ORDER BY first_seen_at DESC, visitor_id DESC) AS newest
        FROM identity_link
    ) r
    WHERE r.newest > 64);
UPDATE customer SET visitors = COALESCE((
    SELECT STRING_AGG(l.visitor_id, ' ' ORDER BY l.first_seen_at, l.visitor_id)
    FROM identity_link l
    WHERE l.advertiser_id = customer.advertiser_id
      AND l.identity_kind = SUBSTRING(customer.customer_key FROM 1
          FOR POSITION(':' IN customer.customer_key) - 1)
      AND l.identity_value = SUBSTRING(customer.customer_key
          FROM POSITION(':' IN customer.customer_key) + 1)), '');
DROP TABLE identity_link;

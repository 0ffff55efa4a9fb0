-- Each customer identity keeps its latest orders in its row (at least the latest 16, every one
-- within twenty minutes of its latest order, at most 64), as "epoch-millis/total-minor/conversion-id"
-- separated by spaces, the oldest first. The sale writer derives the customer's status and finds
-- duplicate orders from them, so the two indexes of the conversions by customer reference and by
-- e-mail hash go: their random keys were a quarter of the H2 sale writer's work (each sale wrote an
-- entry into two index pages that no other reader needs), for lookups the row now answers.
-- The latest 16 of each identity are carried over. first_order_at becomes the earliest order
-- stored, which it was not for orders reported late.
ALTER TABLE customer ADD COLUMN recent_orders VARCHAR(4000) DEFAULT '' NOT NULL;

-- What each identity carries over, computed once for all: a correlated subquery per customer
-- cannot rank its orders on H2 (a derived table there does not see the outer row).
CREATE TABLE customer_orders_carried (
    advertiser_id  BIGINT        NOT NULL,
    customer_key   VARCHAR(120)  NOT NULL,
    first_order_at TIMESTAMP WITH TIME ZONE NOT NULL,
    recent_orders  VARCHAR(4000) NOT NULL,
    PRIMARY KEY (advertiser_id, customer_key)
);

INSERT INTO customer_orders_carried (advertiser_id, customer_key, first_order_at, recent_orders)
SELECT r.advertiser_id, r.customer_key, MIN(r.ordered_at),
       COALESCE(STRING_AGG(
           CASE WHEN r.newest <= 16 THEN
               CAST(CAST(FLOOR(EXTRACT(EPOCH FROM r.ordered_at) * 1000) AS BIGINT) AS VARCHAR(20))
               || '/' || CAST(r.total_minor AS VARCHAR(20)) || '/' || CAST(r.id AS VARCHAR(20))
           END, ' ' ORDER BY r.ordered_at, r.id), '')
FROM (
    SELECT c.advertiser_id, 'ref:' || c.customer_ref AS customer_key, c.id, c.ordered_at,
           c.total_minor,
           ROW_NUMBER() OVER (PARTITION BY c.advertiser_id, c.customer_ref
                              ORDER BY c.ordered_at DESC, c.id DESC) AS newest
    FROM conversion c
    WHERE c.customer_ref IS NOT NULL
    UNION ALL
    SELECT c.advertiser_id, 'email:' || c.email_hash AS customer_key, c.id, c.ordered_at,
           c.total_minor,
           ROW_NUMBER() OVER (PARTITION BY c.advertiser_id, c.email_hash
                              ORDER BY c.ordered_at DESC, c.id DESC) AS newest
    FROM conversion c
    WHERE c.email_hash IS NOT NULL
) r
GROUP BY r.advertiser_id, r.customer_key;

UPDATE customer SET
    first_order_at = COALESCE((
        SELECT o.first_order_at FROM customer_orders_carried o
        WHERE o.advertiser_id = customer.advertiser_id AND o.customer_key = customer.customer_key),
        first_order_at),
    recent_orders = COALESCE((
        SELECT o.recent_orders FROM customer_orders_carried o
        WHERE o.advertiser_id = customer.advertiser_id AND o.customer_key = customer.customer_key),
        '');

DROP TABLE customer_orders_carried;

DROP INDEX conversion_customer_ix;
DROP INDEX conversion_email_ix;

-- The customer lifetime value models fitted on each advertiser's own orders: BG/NBD (purchases)
-- and Gamma-Gamma (spend), in weeks and in the advertiser's currency. One row per advertiser, the
-- latest fit; refitted every day and on request.
CREATE TABLE clv_fit (
    advertiser_id    BIGINT        PRIMARY KEY REFERENCES advertiser (id),
    fitted_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    customers        INTEGER       NOT NULL,
    repeat_customers INTEGER       NOT NULL,
    currency         CHAR(3)       NOT NULL,
    -- r, alpha, a, b, p, q, gamma as a JSON object; null when the orders could not be fitted
    parameters       VARCHAR(1000),
    -- why not, in words, when they could not
    problem          VARCHAR(1000)
);

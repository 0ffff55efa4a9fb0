-- Dated exchange rates, and the rate each converted commission was computed at.

-- One rate per pair and day: how many units of quote one unit of base buys, in effect from 00:00
-- UTC of the day until a later rate of the pair. Loading a rate for a pair and day already here
-- replaces it (amounts already converted keep the rate they stored). "day" is quoted because H2
-- reserves the word.
CREATE TABLE exchange_rate (
    base      CHAR(3)        NOT NULL,
    quote     CHAR(3)        NOT NULL,
    "day"     DATE           NOT NULL,
    rate      NUMERIC(24, 12) NOT NULL,
    loaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- the API key (key_...) or "cli" that loaded it last
    loaded_by VARCHAR(32)    NOT NULL,
    PRIMARY KEY (base, quote, "day"),
    CONSTRAINT exchange_rate_positive_ck CHECK (rate > 0),
    CONSTRAINT exchange_rate_pair_ck CHECK (base <> quote)
);
-- Lists read by date first.
CREATE INDEX exchange_rate_day_ix ON exchange_rate ("day", base, quote);

-- A commission on an order in another currency than the programme's is computed on the order
-- converted at the rate in effect on the order's UTC day; the rate used is kept beside it. All
-- three are null when the order was already in the programme's currency. The rate has room for
-- an inverted rate (one division to 12 significant digits), not only for rates as loaded.
ALTER TABLE commission ADD COLUMN order_currency CHAR(3);
ALTER TABLE commission ADD COLUMN rate NUMERIC(30, 18);
ALTER TABLE commission ADD COLUMN rate_date DATE;
ALTER TABLE commission ADD CONSTRAINT commission_exchange_ck CHECK (
    (order_currency IS NULL AND rate IS NULL AND rate_date IS NULL)
    OR (order_currency IS NOT NULL AND rate > 0 AND rate_date IS NOT NULL));

-- What the bidder learns, kept between runs (docs/rtb.md, "Durability"): the click and conversion
-- counts behind the predicted rates, by level, and the first-price bids and wins by price level,
-- both stored as sums that each node adds its increments to; the last ad click of each clicking
-- visitor, so that a sale after a restart still teaches which ads convert; and the secret that
-- signs notice URLs when the configuration names none.
CREATE TABLE rtb_rate (
    level        VARCHAR(200) PRIMARY KEY,
    impressions  BIGINT       NOT NULL,
    clicks       BIGINT       NOT NULL,
    conversions  BIGINT       NOT NULL
);

CREATE TABLE rtb_shading (
    price_level  INTEGER PRIMARY KEY,
    bids         BIGINT  NOT NULL,
    wins         BIGINT  NOT NULL
);

CREATE TABLE rtb_click (
    visitor_id   VARCHAR(64)              PRIMARY KEY,
    levels       VARCHAR(1000)            NOT NULL,
    clicked_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX rtb_click_time_ix ON rtb_click (clicked_at);

CREATE TABLE rtb_secret (
    id           INTEGER                  PRIMARY KEY,
    secret       VARCHAR(100)             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

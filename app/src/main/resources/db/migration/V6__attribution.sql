-- Multi-touch attribution: each programme's model, and the journey of every conversion.

-- How a programme shares a sale's credit between the touches of the customer's journey (the model
-- and its settings as the API reads them) and how it de-duplicates against the advertiser's other
-- paid channels. A programme without a row pays the last click.
CREATE TABLE programme_attribution (
    programme_id BIGINT        PRIMARY KEY REFERENCES programme (id),
    document     VARCHAR(4000) NOT NULL,
    version      INTEGER       NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The journey of each conversion as attribution saw it at intake, oldest touch first, as a JSON
-- array: affiliate clicks and coupons (channel = the publisher's public id, with the partnership,
-- click and visitor) and touches the advertiser reported from its other channels (channel = that
-- channel's name). Reports run every model over these. A column, not a table of touches: intake
-- writes it in the conversion's row at no index cost, and readers want a journey whole.
ALTER TABLE conversion ADD COLUMN journey VARCHAR(16000);

-- The share of the sale's credit a commission pays, in parts per billion (the whole sale is one
-- billion), and how the model gave it, in words.
ALTER TABLE commission ADD COLUMN share_ppb BIGINT DEFAULT 1000000000 NOT NULL;
ALTER TABLE commission ADD COLUMN attribution VARCHAR(1000);

-- Journeys that ended without a conversion are read from a programme's clicks of a period.
CREATE INDEX click_programme_ix ON click (programme_id, occurred_quarter);

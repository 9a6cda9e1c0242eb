-- What the v3 dialect needs on the rows both dialects share: numeric transaction and customer ids,
-- flw_ref, and card tokens for tokenized charges.

-- Numeric ids are handed to nodes in blocks of 100 (see store/numeric-ids.ts): ids are unique and
-- known before a row is written, without a round trip per row.
CREATE SEQUENCE numeric_ids INCREMENT BY 100 START WITH 100000100;

ALTER TABLE customers ADD COLUMN num_id bigint;
UPDATE customers SET num_id = nextval('numeric_ids') WHERE num_id IS NULL;
ALTER TABLE customers ALTER COLUMN num_id SET NOT NULL;

ALTER TABLE charges ADD COLUMN tx_id bigint;
ALTER TABLE charges ADD COLUMN flw_ref text;
UPDATE charges SET tx_id = nextval('numeric_ids'), flw_ref = 'FLW-MOCK-' || md5(id || random()::text)
  WHERE tx_id IS NULL;
ALTER TABLE charges ALTER COLUMN tx_id SET NOT NULL;
ALTER TABLE charges ALTER COLUMN flw_ref SET NOT NULL;
CREATE UNIQUE INDEX charges_tx_id ON charges (tx_id);
CREATE UNIQUE INDEX charges_flw_ref ON charges (flw_ref);

-- A card's token (v3 `card.token`, `flw-t1nf-…-m03k`), for tokenized charges.
ALTER TABLE payment_methods ADD COLUMN token text;
CREATE UNIQUE INDEX payment_methods_token ON payment_methods (token);

-- Pre-authorised card charges hold funds until captured or voided; `origin` is the API a charge was
-- created through, which decides how a redirect step hands the browser back to the merchant.
ALTER TABLE charges ADD COLUMN preauthorize boolean NOT NULL DEFAULT false;
ALTER TABLE charges ADD COLUMN origin text NOT NULL DEFAULT 'v4';

-- Bulk tokenized charges (v3 `POST /v3/bulk-tokenized-charges`): a batch and its items, one row each.
-- The batch is charged by a job (src/jobs): each item becomes a charge written in the same statement
-- that marks the item `charged`, or is marked `failed` with the reason it could not be charged, so a
-- job that runs again after a crash picks up exactly the items still `pending`.
CREATE TABLE bulk_charges (
  -- The numeric id the v3 API shows, from the numeric_ids sequence.
  id bigint PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  title text,
  retry_strategy jsonb,
  -- The X-Scenario-Key sent with the batch, applied to each of its charges.
  scenario_key text,
  total integer NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE TABLE bulk_charge_items (
  bulk_id bigint NOT NULL REFERENCES bulk_charges (id),
  position integer NOT NULL,
  merchant_id text NOT NULL REFERENCES merchants (id),
  -- What the merchant sent for this charge, amounts already in minor units.
  request jsonb NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'charged', 'failed')),
  charge_id text REFERENCES charges (id),
  error text,
  processed_at timestamptz,
  PRIMARY KEY (bulk_id, position)
);

-- Refunds of charges. A charge's running total of refunds is kept on the charge itself, so that one
-- guarded UPDATE can refuse a refund that would take more than was charged, even under races.
ALTER TABLE charges ADD COLUMN amount_refunded bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0);
-- The running total can never pass the amount, whatever a statement computes.
ALTER TABLE charges ADD CONSTRAINT charges_refunds_within_amount CHECK (amount_refunded <= amount);

-- One row per refund. It is written by the same statement as the charge's new total and its
-- `refund.completed` event (store/refunds.ts), so a refund exists exactly when the total counts it.
-- `num_id` is the v3 refund id (numeric, from the numeric_ids sequence); `currency` is copied from the
-- charge so lists can filter on it without a join.
CREATE TABLE refunds (
  id text PRIMARY KEY,
  num_id bigint NOT NULL UNIQUE,
  merchant_id text NOT NULL,
  charge_id text NOT NULL REFERENCES charges (id),
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  status text NOT NULL CHECK (status IN ('completed')),
  reason text,
  comments text,
  created_at timestamptz NOT NULL,
  -- Tie-breaker for "most recent first" when two rows share a millisecond.
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX refunds_recent ON refunds (merchant_id, created_at DESC, seq DESC);
CREATE INDEX refunds_charge ON refunds (charge_id);

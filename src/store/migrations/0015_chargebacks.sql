-- Chargebacks (disputes, docs/sandbox.md "Chargebacks"): a customer's bank disputes a successful
-- charge. Opening one moves its amount from the merchant's `available` to `held` (`dispute_hold`);
-- the outcome releases it back (`dispute_release`, won) or pays it out to the world's `chargebacks`
-- account (`dispute_debit`, accepted or lost). Each movement is written by the statement that changes
-- the chargeback's status, guarded on the status it leaves, and `ledger_entries_once` (source_id,
-- kind, account) makes each happen at most once per chargeback.

ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_account_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_account_check CHECK (account IN
  ('available', 'held', 'customer_funds', 'fees', 'payouts', 'refunds', 'sandbox_funding', 'chargebacks'));

CREATE TABLE chargebacks (
  id text PRIMARY KEY,
  num_id bigint NOT NULL UNIQUE,
  merchant_id text NOT NULL,
  charge_id text NOT NULL,
  -- The charge's v3 names, as the v3 chargeback object shows them.
  charge_tx_id bigint NOT NULL,
  charge_flw_ref text NOT NULL,
  charge_reference text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  currency text NOT NULL,
  -- pending | initiated (open, the merchant may answer), declined (answered with evidence, awaiting
  -- the outcome), accepted (the merchant gave the money back), won, lost.
  status text NOT NULL CHECK (status IN ('pending', 'initiated', 'accepted', 'declined', 'won', 'lost')),
  stage text NOT NULL CHECK (stage IN ('new', 'second', 'pre-arbitration', 'arbitration')),
  type text NOT NULL CHECK (type IN ('local', 'international')),
  details jsonb NOT NULL DEFAULT '{}',
  due_at timestamptz NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX chargebacks_recent ON chargebacks (merchant_id, created_at DESC, seq DESC);
CREATE INDEX chargebacks_charge ON chargebacks (merchant_id, charge_id);

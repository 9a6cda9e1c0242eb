-- Settlements (docs/sandbox.md "Settlements"): batches of a merchant's collections in one currency.
--
-- A settlement moves no money: charges credit the wallet's `available` as they succeed (0012), so
-- the destination of every settlement is that wallet. It is the statement of the movements on
-- `available` that the collections caused — each charge's credit net of fees (`charge`), refunds
-- (`refund`), dispute holds and their releases (`dispute_hold`, `dispute_release`) — and its totals are
-- sums of those ledger movements, to the minor unit. Each movement is settled at most once: the item
-- naming it is unique on (kind, source_id), the key `ledger_entries_once` gives it on the ledger, so a
-- settlement run that repeats, or two that race, settle nothing twice (the loser's statement fails
-- whole). A settlement and its items are written by one statement.

CREATE TABLE settlements (
  id text PRIMARY KEY,
  num_id bigint NOT NULL UNIQUE,
  merchant_id text NOT NULL,
  currency text NOT NULL,
  -- Midnight UTC of the day of the latest movement it settles (v3 `transaction_date`).
  day timestamptz NOT NULL,
  gross_amount bigint NOT NULL CHECK (gross_amount > 0),
  fee bigint NOT NULL CHECK (fee >= 0),
  refund bigint NOT NULL CHECK (refund >= 0),
  -- Dispute holds less releases: what disputes withheld (negative when more was released than held).
  chargeback bigint NOT NULL,
  net_amount bigint NOT NULL CHECK (net_amount > 0),
  charge_count integer NOT NULL CHECK (charge_count > 0),
  status text NOT NULL CHECK (status IN ('completed')),
  destination text NOT NULL CHECK (destination IN ('wallet')),
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT settlements_totals CHECK (net_amount = gross_amount - fee - refund - chargeback)
);
CREATE INDEX settlements_recent ON settlements (merchant_id, created_at DESC, seq DESC);

-- One row per settled movement: `amount` is what it moved on `available` (a charge's net credit, a
-- refund's or hold's debit as a negative number, a release's credit); a charge's row also keeps its
-- gross and fee. `charge_id` is the charge the movement belongs to.
CREATE TABLE settlement_items (
  settlement_id text NOT NULL REFERENCES settlements (id),
  merchant_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('charge', 'refund', 'dispute_hold', 'dispute_release')),
  source_id text NOT NULL,
  charge_id text NOT NULL,
  amount bigint NOT NULL,
  gross bigint NOT NULL DEFAULT 0,
  fee bigint NOT NULL DEFAULT 0,
  at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT settlement_items_once UNIQUE (kind, source_id)
);
CREATE INDEX settlement_items_settlement ON settlement_items (settlement_id, seq);

-- The settlement a charge's credit went into (v4 `settled`, `settlement_id`), written by the statement
-- that writes the settlement.
ALTER TABLE charges ADD COLUMN settlement_id text;

-- The movements still to settle are found by kind and time.
CREATE INDEX ledger_entries_collections ON ledger_entries (merchant_id, created_at)
  WHERE kind IN ('charge', 'refund', 'dispute_hold', 'dispute_release');

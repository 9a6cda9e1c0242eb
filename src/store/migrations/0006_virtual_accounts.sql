-- Virtual accounts: account numbers customers pay into by bank transfer (v4 /virtual-accounts, and the
-- temporary account of a v3 bank-transfer charge). Each transfer into one becomes a charge, or pays
-- the v3 charge it was opened for.

-- Account numbers are drawn from one sequence for the whole instance, mapped to serials that look
-- random (domain/virtual-account.ts accountNumberOf), so they are unique without a retry loop.
CREATE SEQUENCE virtual_account_serials START WITH 1;

CREATE TABLE virtual_accounts (
  id text PRIMARY KEY,
  merchant_id text NOT NULL REFERENCES merchants (id),
  customer_id text NOT NULL REFERENCES customers (id),
  reference text NOT NULL,
  currency text NOT NULL,
  account_type text NOT NULL CHECK (account_type IN ('static', 'dynamic')),
  amount bigint NOT NULL CHECK (amount >= 0),
  account_number text NOT NULL,
  bank_name text NOT NULL,
  narration text,
  note text NOT NULL,
  -- Keyed fingerprints of the BVN / NIN given, never the numbers themselves.
  identity jsonb NOT NULL DEFAULT '{}',
  customer_account_number text,
  meta jsonb NOT NULL DEFAULT '{}',
  merchant_vat_amount bigint,
  scenario jsonb NOT NULL,
  origin text NOT NULL,
  -- The v3 charge the account was opened for (charges.virtual_account_id points back).
  charge_id text,
  -- NULL while active. Expiry is not stored: it is read from expires_at against the clock.
  inactive_reason text CHECK (inactive_reason IN ('deactivated', 'used')),
  expires_at timestamptz NOT NULL,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  -- A reference names one virtual account of a merchant (VIRTUAL_ACCOUNT_REFERENCE_ALREADY_EXISTS).
  CONSTRAINT virtual_accounts_reference_unique UNIQUE (merchant_id, reference),
  -- A bank transfer reaches an account by its number alone: one number, one account, instance-wide.
  CONSTRAINT virtual_accounts_account_number_unique UNIQUE (account_number)
);
CREATE INDEX virtual_accounts_recent ON virtual_accounts (merchant_id, created_at DESC, seq DESC);

-- GET /charges?virtual_account_id= lists one account's charges, most recent first.
CREATE INDEX charges_virtual_account ON charges (merchant_id, virtual_account_id, created_at DESC, seq DESC)
  WHERE virtual_account_id IS NOT NULL;
ALTER TABLE charges ADD CONSTRAINT charges_virtual_account_fk
  FOREIGN KEY (virtual_account_id) REFERENCES virtual_accounts (id);

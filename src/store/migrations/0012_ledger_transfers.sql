-- The ledger and payouts (docs/payouts.md).
--
-- Money a merchant holds is a sum of double-entry rows: every movement is a journal of entries on
-- accounts (`available`, `held` for the merchant; `customer_funds`, `fees`, `payouts`, `refunds`,
-- `sandbox_funding` for the world outside) that sums to zero, written by the same statement as the
-- change that causes it. `wallets` keeps each merchant's per-currency totals of the two merchant
-- accounts, updated by that same statement: its CHECKs are what refuse a movement that would take a
-- balance below zero, and its row lock is what serialises racing debits on every node (a guarded
-- UPDATE re-reads the committed row under READ COMMITTED). The entries stay the source of truth:
-- `baobab_ledger_mismatches()` lists every wallet whose totals differ from its entries' sums.

-- What every wallet starts with in the sandbox, in minor units (docs/sandbox.md).
CREATE TABLE sandbox_opening_balances (
  currency text PRIMARY KEY,
  amount bigint NOT NULL CHECK (amount >= 0)
);
INSERT INTO sandbox_opening_balances (currency, amount) VALUES
  ('NGN', 500000000), ('GHS', 10000000), ('KES', 100000000), ('UGX', 50000000), ('TZS', 5000000000),
  ('RWF', 5000000), ('ZMW', 10000000), ('XAF', 5000000), ('XOF', 5000000), ('ZAR', 10000000),
  ('EGP', 50000000), ('ETB', 50000000), ('MWK', 500000000), ('SLL', 5000000000), ('USD', 1000000),
  ('EUR', 1000000), ('GBP', 1000000);

CREATE TABLE wallets (
  merchant_id text NOT NULL,
  currency text NOT NULL,
  available_balance bigint NOT NULL,
  ledger_balance bigint NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, currency),
  CONSTRAINT wallets_available_nonnegative CHECK (available_balance >= 0),
  CONSTRAINT wallets_ledger_covers_available CHECK (ledger_balance >= available_balance)
);

CREATE TABLE ledger_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  journal_id text NOT NULL,
  merchant_id text NOT NULL,
  currency text NOT NULL,
  account text NOT NULL CHECK (account IN
    ('available', 'held', 'customer_funds', 'fees', 'payouts', 'refunds', 'sandbox_funding')),
  amount bigint NOT NULL CHECK (amount <> 0),
  -- What caused it: `opening`, `top_up`, `charge`, `refund`, `transfer_hold`, `transfer_settle`,
  -- `transfer_release`, `transfer_reversal`; and the object's id.
  kind text NOT NULL,
  source_id text,
  created_at timestamptz NOT NULL
);
CREATE INDEX ledger_entries_wallet ON ledger_entries (merchant_id, currency, created_at DESC, id DESC);
-- A movement happens once per cause: a charge is credited once, a transfer held once, settled once…
CREATE UNIQUE INDEX ledger_entries_once ON ledger_entries (source_id, kind, account)
  WHERE source_id IS NOT NULL;

-- The wallet, opened with its sandbox balance the first time anything touches it (race-safe: only the
-- statement that inserts the row writes the opening entries).
CREATE FUNCTION baobab_open_wallet(m text, cur text, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  opening bigint := coalesce((SELECT amount FROM sandbox_opening_balances WHERE currency = cur), 0);
BEGIN
  INSERT INTO wallets (merchant_id, currency, available_balance, ledger_balance, updated_at)
    VALUES (m, cur, opening, opening, at) ON CONFLICT DO NOTHING;
  IF FOUND AND opening > 0 THEN
    INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
      VALUES ('opening:' || m || ':' || cur, m, cur, 'available', opening, 'opening', NULL, at),
             ('opening:' || m || ':' || cur, m, cur, 'sandbox_funding', -opening, 'opening', NULL, at);
  END IF;
END
$$;

-- A successful charge credits the wallet, net of its fees, in the statement that makes it succeed.
CREATE FUNCTION baobab_credit_charge() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  fee bigint;
  net bigint;
BEGIN
  IF NEW.status <> 'succeeded' OR (TG_OP = 'UPDATE' AND OLD.status = 'succeeded') THEN
    RETURN NULL;
  END IF;
  SELECT coalesce(sum((f ->> 'amount')::bigint), 0) INTO fee
    FROM jsonb_array_elements(NEW.fees) f WHERE f ->> 'type' <> 'merchant';
  fee := least(fee, NEW.amount);
  net := NEW.amount - fee;
  PERFORM baobab_open_wallet(NEW.merchant_id, NEW.currency, NEW.updated_at);
  UPDATE wallets SET available_balance = available_balance + net, ledger_balance = ledger_balance + net,
      updated_at = NEW.updated_at
    WHERE merchant_id = NEW.merchant_id AND currency = NEW.currency;
  INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
    SELECT 'charge:' || NEW.id, NEW.merchant_id, NEW.currency, e.account, e.amount, 'charge', NEW.id, NEW.updated_at
    FROM (VALUES ('customer_funds', -NEW.amount), ('available', net), ('fees', fee)) AS e (account, amount)
    WHERE e.amount <> 0;
  RETURN NULL;
END
$$;
CREATE TRIGGER charges_ledger_credit AFTER INSERT OR UPDATE OF status ON charges
  FOR EACH ROW EXECUTE FUNCTION baobab_credit_charge();

-- A refund debits the wallet in the statement that writes it; the CHECK refuses one the balance
-- cannot cover (the refund flow answers it as INSUFFICIENT_BALANCE).
CREATE FUNCTION baobab_debit_refund() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM baobab_open_wallet(NEW.merchant_id, NEW.currency, NEW.created_at);
  UPDATE wallets SET available_balance = available_balance - NEW.amount,
      ledger_balance = ledger_balance - NEW.amount, updated_at = NEW.created_at
    WHERE merchant_id = NEW.merchant_id AND currency = NEW.currency;
  INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
    VALUES ('refund:' || NEW.id, NEW.merchant_id, NEW.currency, 'available', -NEW.amount, 'refund', NEW.id, NEW.created_at),
           ('refund:' || NEW.id, NEW.merchant_id, NEW.currency, 'refunds', NEW.amount, 'refund', NEW.id, NEW.created_at);
  RETURN NULL;
END
$$;
CREATE TRIGGER refunds_ledger_debit AFTER INSERT ON refunds
  FOR EACH ROW EXECUTE FUNCTION baobab_debit_refund();

-- Wallets whose totals are not the sums of their entries (none, ever), and journals that do not sum
-- to zero (none, ever).
CREATE FUNCTION baobab_ledger_mismatches() RETURNS TABLE (what text, merchant_id text, currency text)
  LANGUAGE sql AS $$
  SELECT 'wallet', w.merchant_id, w.currency FROM wallets w
    LEFT JOIN (SELECT e.merchant_id, e.currency,
                 sum(e.amount) FILTER (WHERE e.account = 'available') AS available,
                 sum(e.amount) FILTER (WHERE e.account IN ('available', 'held')) AS ledger
               FROM ledger_entries e GROUP BY e.merchant_id, e.currency) s
      ON s.merchant_id = w.merchant_id AND s.currency = w.currency
    WHERE coalesce(s.available, 0) <> w.available_balance OR coalesce(s.ledger, 0) <> w.ledger_balance
  UNION ALL
  SELECT 'journal', min(e.merchant_id), min(e.currency) FROM ledger_entries e
    GROUP BY e.journal_id HAVING sum(e.amount) <> 0
$$;

-- Saved destinations of transfers (v4 recipients `rcb_`/`rcm_`/`rcw_`, v3 beneficiaries by num_id).
CREATE TABLE transfer_recipients (
  id text PRIMARY KEY,
  num_id bigint NOT NULL UNIQUE,
  merchant_id text NOT NULL,
  type text NOT NULL CHECK (type IN ('bank', 'mobile_money', 'wallet')),
  currency text NOT NULL,
  details jsonb NOT NULL,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX transfer_recipients_recent ON transfer_recipients (merchant_id, created_at DESC, seq DESC);

CREATE TABLE transfer_senders (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  details jsonb NOT NULL,
  deleted_at timestamptz,
  created_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX transfer_senders_recent ON transfer_senders (merchant_id, created_at DESC, seq DESC);

-- A transfer: what the merchant asked for, what the rail decided, what the wallet was debited
-- (`debit_amount` + `fee`, in the source currency). `num_id` is its v3 id.
CREATE TABLE transfers (
  id text PRIMARY KEY,
  num_id bigint NOT NULL UNIQUE,
  merchant_id text NOT NULL,
  reference text NOT NULL,
  action text NOT NULL,
  type text NOT NULL,
  status text NOT NULL CHECK (status IN ('NEW', 'PENDING', 'SUCCESSFUL', 'FAILED', 'CANCELLED')),
  source_currency text NOT NULL,
  destination_currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0),
  debit_amount bigint NOT NULL CHECK (debit_amount > 0),
  fee bigint NOT NULL CHECK (fee >= 0),
  rate numeric NOT NULL,
  recipient_id text,
  destination jsonb NOT NULL,
  sender jsonb,
  narration text,
  callback_url text,
  meta jsonb NOT NULL DEFAULT '{}',
  scenario jsonb NOT NULL,
  rail_state jsonb NOT NULL,
  provider_response jsonb,
  origin text NOT NULL,
  parent_id text,
  bulk_id text,
  disburse_at timestamptz,
  reversed_at timestamptz,
  version integer NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  CONSTRAINT transfers_reference_unique UNIQUE (merchant_id, reference)
);
CREATE INDEX transfers_recent ON transfers (merchant_id, created_at DESC, seq DESC);
CREATE INDEX transfers_parent ON transfers (merchant_id, parent_id) WHERE parent_id IS NOT NULL;

-- FX quotes (`POST /transfers/rates`): the sandbox table's rate, fixed for the quote's life.
CREATE TABLE transfer_rates (
  id text PRIMARY KEY,
  merchant_id text NOT NULL,
  source_currency text NOT NULL,
  destination_currency text NOT NULL,
  source_amount bigint NOT NULL,
  destination_amount bigint NOT NULL,
  rate text NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL
);

-- v3 bulk transfers: the batch, and one `transfer.bulk_item` job per item written with it in one
-- statement. Each job makes its item's transfer under a reference fixed at submission, so a job that
-- runs again (its node died) finds the transfer already made and pays nothing twice.
CREATE TABLE transfer_batches (
  id text PRIMARY KEY,
  num_id bigint NOT NULL UNIQUE,
  merchant_id text NOT NULL,
  title text,
  items jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

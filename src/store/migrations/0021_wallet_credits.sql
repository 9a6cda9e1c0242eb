-- Charges no longer queue behind one row (docs/performance.md, "The wallet row").
--
-- Until now every successful charge updated its merchant's `wallets` row, so all of a merchant's
-- charges in a currency took that row's lock one after another, on every node. A credit cannot take a
-- balance below zero, so it needs no lock: a successful charge now appends its net amount to
-- `wallet_credits`, and the credits are folded into the wallet row by whatever next takes that row's
-- lock anyway. Debits (refunds, transfers, chargebacks) and top-ups update the row; a BEFORE UPDATE
-- trigger folds the committed credits into the new totals first, so the no-negative CHECKs judge the
-- whole balance. Two folds are serialised by the row lock, and each deletes only credits committed
-- before it took the lock, so a credit is folded exactly once. A movement guarded in its WHERE clause
-- (a transfer's hold) folds first, in a statement of its own (`baobab_fold_wallet`). Balances read
-- the row plus the credits not folded yet; the job worker folds idle wallets now and then, so the
-- pending set stays small.

CREATE TABLE wallet_credits (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  merchant_id text NOT NULL,
  currency text NOT NULL,
  amount bigint NOT NULL CHECK (amount > 0)
);
CREATE INDEX wallet_credits_wallet ON wallet_credits (merchant_id, currency);

CREATE FUNCTION baobab_fold_credits() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pending bigint;
BEGIN
  WITH d AS (
    DELETE FROM wallet_credits WHERE merchant_id = NEW.merchant_id AND currency = NEW.currency RETURNING amount
  ) SELECT coalesce(sum(amount), 0) INTO pending FROM d;
  NEW.available_balance := NEW.available_balance + pending;
  NEW.ledger_balance := NEW.ledger_balance + pending;
  RETURN NEW;
END
$$;
CREATE TRIGGER wallets_fold_credits BEFORE UPDATE ON wallets
  FOR EACH ROW EXECUTE FUNCTION baobab_fold_credits();

-- Folds a wallet's committed credits into its row now (a no-op for a wallet that has none or no row).
CREATE FUNCTION baobab_fold_wallet(m text, cur text) RETURNS void LANGUAGE sql AS $$
  UPDATE wallets SET updated_at = updated_at
  WHERE merchant_id = m AND currency = cur
    AND EXISTS (SELECT 1 FROM wallet_credits c WHERE c.merchant_id = m AND c.currency = cur)
$$;

-- The wallet is opened without touching an existing row (an INSERT … ON CONFLICT would wait on a
-- wallet being opened by another transaction, which is rare; an existing one costs one index probe).
CREATE OR REPLACE FUNCTION baobab_open_wallet(m text, cur text, at timestamptz) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  opening bigint;
BEGIN
  IF EXISTS (SELECT 1 FROM wallets WHERE merchant_id = m AND currency = cur) THEN
    RETURN;
  END IF;
  opening := coalesce((SELECT amount FROM sandbox_opening_balances WHERE currency = cur), 0);
  INSERT INTO wallets (merchant_id, currency, available_balance, ledger_balance, updated_at)
    VALUES (m, cur, opening, opening, at) ON CONFLICT DO NOTHING;
  IF FOUND AND opening > 0 THEN
    INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
      VALUES ('opening:' || m || ':' || cur, m, cur, 'available', opening, 'opening', NULL, at),
             ('opening:' || m || ':' || cur, m, cur, 'sandbox_funding', -opening, 'opening', NULL, at);
  END IF;
END
$$;

-- A successful charge credits the wallet, net of its fees, in the statement that makes it succeed:
-- its entries, and the credit the next fold adds to the wallet row.
CREATE OR REPLACE FUNCTION baobab_credit_charge() RETURNS trigger LANGUAGE plpgsql AS $$
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
  IF net > 0 THEN
    INSERT INTO wallet_credits (merchant_id, currency, amount) VALUES (NEW.merchant_id, NEW.currency, net);
  END IF;
  INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
    SELECT 'charge:' || NEW.id, NEW.merchant_id, NEW.currency, e.account, e.amount, 'charge', NEW.id, NEW.updated_at
    FROM (VALUES ('customer_funds', -NEW.amount), ('available', net), ('fees', fee)) AS e (account, amount)
    WHERE e.amount <> 0;
  RETURN NULL;
END
$$;

-- What a wallet holds: its row plus the credits not folded into it yet.
CREATE VIEW wallet_balances AS
  SELECT w.merchant_id, w.currency,
         w.available_balance + coalesce(c.pending, 0) AS available_balance,
         w.ledger_balance + coalesce(c.pending, 0) AS ledger_balance,
         w.updated_at
  FROM wallets w
  LEFT JOIN LATERAL (
    SELECT sum(amount) AS pending FROM wallet_credits c
    WHERE c.merchant_id = w.merchant_id AND c.currency = w.currency
  ) c ON true;

-- Wallets whose balances are not the sums of their entries (none, ever), and journals that do not sum
-- to zero (none, ever).
CREATE OR REPLACE FUNCTION baobab_ledger_mismatches() RETURNS TABLE (what text, merchant_id text, currency text)
  LANGUAGE sql AS $$
  SELECT 'wallet', w.merchant_id, w.currency FROM wallet_balances w
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

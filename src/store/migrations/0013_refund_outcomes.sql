-- v4 refunds (issue 17): a refund carries the merchant's `meta`, and may fail. A failed refund is a row
-- of its own that moves no money: the charge's running total never counts it and the ledger trigger
-- debits the wallet only for completed ones.
ALTER TABLE refunds ADD COLUMN meta jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check CHECK (status IN ('completed', 'failed'));
DROP TRIGGER refunds_ledger_debit ON refunds;
CREATE TRIGGER refunds_ledger_debit AFTER INSERT ON refunds
  FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION baobab_debit_refund();

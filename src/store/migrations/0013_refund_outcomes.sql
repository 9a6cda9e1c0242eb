-- v4 refunds (issue 17): a refund carries the merchant's `meta`, and may stay pending or fail.
-- - failed (scenario:refund_failed, or a pending one declined): moves no money; the charge's running
--   total does not count it.
-- - pending (scenario:refund_pending): the charge's running total counts it at once (so racing refunds
--   cannot take the same money), but the wallet is debited only when it completes; declined, it
--   leaves the running total again.
-- The ledger trigger debits the wallet when a refund is written completed or moves pending → completed.
ALTER TABLE refunds ADD COLUMN meta jsonb NOT NULL DEFAULT '{}'::jsonb;
ALTER TABLE refunds DROP CONSTRAINT refunds_status_check;
ALTER TABLE refunds ADD CONSTRAINT refunds_status_check CHECK (status IN ('completed', 'failed', 'pending'));
DROP TRIGGER refunds_ledger_debit ON refunds;
CREATE TRIGGER refunds_ledger_debit AFTER INSERT ON refunds
  FOR EACH ROW WHEN (NEW.status = 'completed') EXECUTE FUNCTION baobab_debit_refund();
CREATE TRIGGER refunds_ledger_debit_on_completion AFTER UPDATE OF status ON refunds
  FOR EACH ROW WHEN (OLD.status = 'pending' AND NEW.status = 'completed')
  EXECUTE FUNCTION baobab_debit_refund();

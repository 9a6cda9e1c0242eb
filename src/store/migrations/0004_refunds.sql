-- Refunds of charges. A charge's running total of refunds is kept on the charge itself, so that one
-- guarded UPDATE can refuse a refund that would take more than was charged, even under races.
ALTER TABLE charges ADD COLUMN amount_refunded bigint NOT NULL DEFAULT 0 CHECK (amount_refunded >= 0);

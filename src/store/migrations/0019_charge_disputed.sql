-- v4 `disputed` on a charge: set by the statement that opens a chargeback on it, and never unset (a
-- charge that was disputed stays disputed, whatever the outcome).
ALTER TABLE charges ADD COLUMN disputed boolean NOT NULL DEFAULT false;

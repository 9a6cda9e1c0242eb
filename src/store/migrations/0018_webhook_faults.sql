-- Webhook faults (docs/sandbox.md "Webhook faults"): a sandbox fault setting per endpoint, the faults
-- each delivery was given when the relay fanned its event out (the endpoint's setting and the
-- `webhook:` parts of the X-Scenario-Key of the charge or transfer the event is about), and what was
-- injected into each attempt. NULL everywhere means no fault.
--
-- `faults` on endpoints and deliveries is a comma-separated list in the scenario key's own words
-- (`drop`, `duplicate`, `delay=30`, `out_of_order`, `bad_signature`, `slow`), canonically ordered.
ALTER TABLE webhook_endpoints ADD COLUMN faults text;
ALTER TABLE webhook_deliveries ADD COLUMN faults text;
ALTER TABLE webhook_attempts ADD COLUMN injected text;
-- Out-of-order holds look for an earlier event of the same charge held for the same endpoint.
CREATE INDEX webhook_deliveries_held ON webhook_deliveries (endpoint_id)
  WHERE faults IS NOT NULL AND status = 'pending' AND attempts = 0;

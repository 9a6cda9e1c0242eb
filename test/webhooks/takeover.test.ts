/**
 * A delivery whose node stalled past its job's lease, and lost the job to another node, records
 * nothing when it finally hears back: the new owner's attempt and outcome stand, no second retry is
 * scheduled, and the new owner's job is not deleted under it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { relayEvents } from '../../src/flows/webhooks/webhook-relay.js';
import { createWorker } from '../../src/jobs/worker.js';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { STORES } from '../support/stores.js';
import { addEndpoint, chargeV4 } from '../support/webhooks.js';

const LEASE_MS = 10_000;
const log = { warn: () => undefined, error: console.error };

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`a webhook job taken over by another node, on ${kind.name}`, () => {
    let gw: TestGateway;
    let receiver: Receiver;
    beforeAll(async () => {
      gw = await startGateway(kind, { webhookTimeoutMs: 5_000 });
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await receiver.close();
      await gw.close();
    });

    it("keeps the new owner's attempt when the first run's answer arrives late", async () => {
      const m = await gw.merchant('Takeover Foods');
      await addEndpoint(gw, m, receiver.url);
      const charge = await chargeV4(gw, m);
      // Node A's renewals are far apart: it stalls, and its lease runs out on the test clock.
      const nodeA = createWorker(gw.deps, gw.handlers, {
        pollMs: 1_000,
        leaseMs: LEASE_MS,
        renewEveryMs: 3_600_000,
        beforePass: relayEvents,
        log,
      });
      const nodeB = createWorker(gw.deps, gw.handlers, { pollMs: 1_000, leaseMs: LEASE_MS, log });

      receiver.delay(1_000);
      const first = nodeA.runDue();
      await receiver.waitFor(1);
      receiver.delay(0);
      gw.clock.advance(LEASE_MS + 1);
      // Node B claims the job, closes A's open attempt as interrupted, and delivers.
      expect(await nodeB.runDue()).toBe(1);
      expect(await first).toBe(1);

      const { rows: deliveries } = await gw.deps.db.query<{ id: string; status: string; attempts: number }>(
        `SELECT d.id, d.status, d.attempts FROM webhook_deliveries d
         JOIN events e ON e.id = d.event_id WHERE e.charge_id = $1`,
        [charge.id],
      );
      expect(deliveries).toMatchObject([{ status: 'delivered', attempts: 2 }]);
      const { rows: attempts } = await gw.deps.db.query<{
        attempt: number;
        status_code: number | null;
        error: string | null;
      }>('SELECT attempt, status_code, error FROM webhook_attempts WHERE delivery_id = $1 ORDER BY attempt', [
        deliveries[0]?.id,
      ]);
      expect(attempts).toEqual([
        {
          attempt: 1,
          status_code: null,
          error: 'interrupted: the node sending it stopped before an answer',
        },
        { attempt: 2, status_code: 200, error: null },
      ]);
      const { rows: jobs } = await gw.deps.db.query('SELECT id FROM jobs');
      expect(jobs).toEqual([]);
      // At least once: A's request reached the receiver, and B sent the same event again.
      expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual([
        receiver.received[0]?.headers['webhook-id'],
        receiver.received[0]?.headers['webhook-id'],
      ]);
    });
  });
}

/**
 * Sandbox webhook faults (docs/sandbox.md "Webhook faults"), seen by a real receiver on a loopback
 * port and in the attempt log (GET /events), chosen per event (`webhook:` parts of the charge's
 * X-Scenario-Key) and per endpoint (PUT /sandbox/webhook-endpoints/{id}/faults), on both stores.
 * Each fault acts on the first attempt only, and nothing beyond it is lost or duplicated.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../../src/sdk/webhooks.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { STORES } from '../support/stores.js';
import {
  chargeWithKey,
  createEndpoint,
  eventsOfCharge,
  onlyDelivery,
  putFaults,
  webhookIds,
} from '../support/webhook-faults.js';
import { ENDPOINT_SECRET } from '../support/webhooks.js';

const SCHEDULE = [1_000, 5_000, 30_000];

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`webhook faults on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    let receiver: Receiver;
    let endpointId: string;

    beforeAll(async () => {
      gw = await startGateway(kind, { webhookRetrySchedule: SCHEDULE, webhookTimeoutMs: 2_000 });
    });
    afterAll(async () => {
      await gw.close();
    });
    afterEach(async () => {
      await receiver.close();
    });

    async function setUp() {
      m = await gw.merchant('Faulty Foods');
      receiver = await startReceiver();
      endpointId = await createEndpoint(gw, m, receiver.url);
    }

    it('webhook:drop: nothing arrives, the log says drop, no retry; a resend gets through', async () => {
      await setUp();
      const charge = await chargeWithKey(gw, m, 'webhook:drop');
      expect(await gw.runJobs()).toBe(1);
      gw.clock.advance(60_000);
      expect(await gw.runJobs()).toBe(0);
      expect(receiver.received).toHaveLength(0);
      const { event, delivery } = await onlyDelivery(gw, m, charge.id);
      expect(delivery).toMatchObject({ status: 'failed', attempts: 1 });
      expect(delivery.attempt_log).toEqual([
        expect.objectContaining({ attempt: 1, injected: 'drop', error: expect.stringContaining('not sent') }),
      ]);
      expect(delivery.attempt_log[0]?.status_code).toBeUndefined();

      // The receiver's recovery: the merchant resends (or reconciles with GET); a resend is not faulted.
      const res = await gw.app.inject({
        method: 'POST',
        url: `/events/${event.id}/resend`,
        headers: m.headers,
      });
      expect(res.statusCode).toBe(200);
      await gw.runJobs();
      const [hit] = await receiver.waitFor(1);
      expect(hit?.headers['webhook-id']).toBe(event.id);
      expect(receiver.received).toHaveLength(1);
    });

    it('per endpoint duplicate: the same message, same webhook-id, arrives twice in one attempt', async () => {
      await setUp();
      const set = await putFaults(gw, m, endpointId, { duplicate: true });
      expect(set.statusCode).toBe(200);
      expect(set.json()).toEqual({
        status: 'success',
        message: 'Webhook faults updated',
        data: {
          endpoint_id: endpointId,
          drop: false,
          duplicate: true,
          out_of_order: false,
          bad_signature: false,
          slow: false,
        },
      });
      const charge = await chargeWithKey(gw, m);
      await gw.runJobs();
      const hits = await receiver.waitFor(2);
      expect(hits).toHaveLength(2);
      expect(hits[0]?.body).toBe(hits[1]?.body);
      const { event, delivery } = await onlyDelivery(gw, m, charge.id);
      expect(webhookIds(hits)).toEqual([event.id, event.id]);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(delivery.attempt_log).toEqual([
        expect.objectContaining({ status_code: 200, injected: 'duplicate' }),
      ]);

      // Cleared: the next charge's event arrives once.
      expect((await putFaults(gw, m, endpointId, {})).json().data.duplicate).toBe(false);
      await chargeWithKey(gw, m);
      await gw.runJobs();
      await receiver.waitFor(3);
      expect(receiver.received).toHaveLength(3);
    });

    it('webhook:delay=30: the event arrives 30 s after it happened on the clock, not before', async () => {
      await setUp();
      const charge = await chargeWithKey(gw, m, 'scenario:noauth&webhook:delay=30');
      const happened = gw.clock.now().getTime();
      expect(await gw.runJobs()).toBe(0);
      gw.clock.advance(29_000);
      expect(await gw.runJobs()).toBe(0);
      expect(receiver.received).toHaveLength(0);
      gw.clock.advance(1_000);
      expect(await gw.runJobs()).toBe(1);
      const [hit] = await receiver.waitFor(1);
      expect(Number(hit?.headers['webhook-timestamp']) * 1000 - happened).toBe(30_000);
      const { delivery } = await onlyDelivery(gw, m, charge.id);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1 });
      expect(delivery.attempt_log[0]?.injected).toBe('delay=30');
    });

    it('out of order: a charge’s refund.completed arrives before its earlier charge.completed', async () => {
      await setUp();
      await putFaults(gw, m, endpointId, { out_of_order: true });
      const charge = await chargeWithKey(gw, m);
      expect(await gw.runJobs()).toBe(0); // charge.completed is held
      gw.clock.advance(10_000);
      const refund = await gw.app.inject({
        method: 'POST',
        url: '/refunds',
        headers: { ...m.headers, 'x-idempotency-key': `rf-${charge.id}` },
        payload: { amount: 1500, charge_id: charge.id, reason: 'duplicate' },
      });
      expect(refund.statusCode).toBe(201);
      expect(await gw.runJobs()).toBe(1);
      await receiver.waitFor(1);
      const type = (i: number) => (JSON.parse(receiver.received[i]?.body ?? '{}') as { type?: string }).type;
      expect(type(0)).toBe('refund.completed');
      gw.clock.advance(290_000); // 300 s after the charge's event
      expect(await gw.runJobs()).toBe(1);
      await receiver.waitFor(2);
      expect(type(1)).toBe('charge.completed');
      expect(receiver.received).toHaveLength(2);

      const [completed, refunded] = await eventsOfCharge(gw, m, charge.id);
      expect(completed?.type).toBe('charge.completed');
      expect(completed?.deliveries[0]?.attempt_log[0]?.injected).toBe('out_of_order');
      expect(refunded?.deliveries[0]?.attempt_log[0]?.injected).toBeUndefined();
      expect(refunded?.deliveries[0]?.status).toBe('delivered');
    });

    it('webhook:bad_signature: the first attempt fails verification; the retry is signed right', async () => {
      await setUp();
      // A receiver that checks, as the SDK helper does: 401 on a bad signature, 200 on a good one.
      const verified = (n: number) => {
        const hit = receiver.received[n];
        return (
          hit !== undefined &&
          verifyWebhook(hit.body, hit.headers, ENDPOINT_SECRET, { now: gw.clock.now() }).ok
        );
      };
      receiver.answer((n) => (verified(n) ? 200 : 401));
      const charge = await chargeWithKey(gw, m, 'webhook:bad_signature');
      await gw.runJobs();
      await receiver.waitFor(1);
      expect(verified(0)).toBe(false);
      const first = receiver.received[0];
      expect(
        first && verifyWebhook(first.body, first.headers, ENDPOINT_SECRET, { now: gw.clock.now() }),
      ).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
      gw.clock.advance(SCHEDULE[0] ?? 0);
      await gw.runJobs();
      await receiver.waitFor(2);
      expect(verified(1)).toBe(true);
      expect(receiver.received[1]?.body).toBe(first?.body);
      const { delivery } = await onlyDelivery(gw, m, charge.id);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(delivery.attempt_log.map((a) => [a.status_code, a.injected])).toEqual([
        [401, 'bad_signature'],
        [200, undefined],
      ]);
    });

    it('webhook:slow: the message arrives, counts as a timeout, and is sent again on the schedule', async () => {
      await setUp();
      const charge = await chargeWithKey(gw, m, 'webhook:slow');
      await gw.runJobs();
      await receiver.waitFor(1);
      let { delivery } = await onlyDelivery(gw, m, charge.id);
      expect(delivery).toMatchObject({ status: 'pending', attempts: 1 });
      expect(delivery.attempt_log[0]).toMatchObject({
        injected: 'slow',
        error: expect.stringMatching(/^timed out/),
      });
      expect(delivery.attempt_log[0]?.status_code).toBeUndefined();
      gw.clock.advance(SCHEDULE[0] ?? 0);
      await gw.runJobs();
      const hits = await receiver.waitFor(2);
      expect(new Set(webhookIds(hits)).size).toBe(1);
      ({ delivery } = await onlyDelivery(gw, m, charge.id));
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(delivery.attempt_log[1]).toMatchObject({ status_code: 200 });
      expect(delivery.attempt_log[1]?.injected).toBeUndefined();
    });
  });
}

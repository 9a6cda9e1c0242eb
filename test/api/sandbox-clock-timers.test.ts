/**
 * Timers on the merchant's sandbox clock (docs/sandbox.md "Time"): a frozen merchant's pending
 * payment stays pending past its default delay; an advance past it completes it and sends its
 * webhook before answering, reporting what fired in due order; an unfrozen clock with an offset still
 * fires at the right real time; webhook retries wait for the clock too. No test sleeps: the real clock
 * is the gateway's manual clock, and `runJobs()` is the worker's pass at that time.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { startReceiver, type Receiver } from '../support/receiver.js';
import { STORES } from '../support/stores.js';
import { addEndpoint, chargeV4 } from '../support/webhooks.js';
import { uniqueRef, v3Headers } from '../support/v3.js';
import { directBody } from './v4/other-methods-support.js';

/** BAOBAB_SANDBOX_AUTO_COMPLETE_MS in these gateways. */
const DELAY_MS = 2_000;

interface FiredData {
  kind: string;
  id: string;
  due_at: string;
  outcome: string;
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`timers on the sandbox clock (${kind.name})`, () => {
    let gw: TestGateway;
    let receiver: Receiver;
    let m: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind, { autoCompleteMs: DELAY_MS });
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await receiver.close();
      await gw.close();
    });
    let n = 0;
    // Each case has a merchant of its own, with an endpoint at the receiver, and starts from an empty queue.
    const fresh = async () => {
      await gw.runJobs();
      m = await gw.merchant(`Clock Shop ${String(n++)}`);
      await addEndpoint(gw, m, receiver.url);
      receiver.answer(() => 200);
      receiver.received.length = 0;
    };
    afterEach(async () => {
      await gw.runJobs();
    });

    const clock = (action: string, payload?: object, who = () => m) =>
      gw.app.inject({
        method: action === '' ? 'GET' : 'POST',
        url: `/sandbox/clock${action}`,
        headers: who().headers,
        ...(payload && { payload }),
      });
    const advance = async (payload: object) => {
      const res = await clock('/advance', payload);
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { now: string; fired: FiredData[] } }>().data;
    };
    const pending = async (who = () => m) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/orchestration/direct-charges',
        headers: who().headers,
        payload: directBody('ghana'),
      });
      expect(res.statusCode, res.body).toBe(201);
      const charge = res.json<{ data: { id: string; status: string } }>().data;
      expect(charge.status).toBe('pending');
      return charge.id;
    };
    const statusOf = async (id: string, who = () => m) => {
      const res = await gw.app.inject({ method: 'GET', url: `/charges/${id}`, headers: who().headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { status: string } }>().data.status;
    };
    const completions = () =>
      receiver.received.map((r) => JSON.parse(r.body) as { type: string; data: { id: string } });

    it('a frozen merchant’s pending payment stays pending past its delay; an advance completes it, with its webhook', async () => {
      await fresh();
      const frozenAt = new Date((await clock('/freeze')).json<{ data: { now: string } }>().data.now);
      const id = await pending();
      gw.clock.advance(DELAY_MS * 5);
      expect(await gw.runJobs()).toBe(0);
      expect(await statusOf(id)).toBe('pending');
      expect(receiver.received).toHaveLength(0);

      // Not far enough: nothing fires.
      expect((await advance({ seconds: DELAY_MS / 1000 - 0.5 })).fired).toEqual([]);
      expect(await statusOf(id)).toBe('pending');

      const moved = await advance({ seconds: 1 });
      const due = new Date(frozenAt.getTime() + DELAY_MS).toISOString();
      expect(moved.now).toBe(new Date(frozenAt.getTime() + DELAY_MS + 500).toISOString());
      expect(moved.fired).toEqual([
        { kind: 'charge.auto_complete', id, due_at: due, outcome: 'done' },
        { kind: 'webhook.deliver', id: expect.stringMatching(/^whd_/), due_at: due, outcome: 'done' },
      ]);
      // Answered once done: the charge has completed and its webhook has arrived.
      expect(await statusOf(id)).toBe('succeeded');
      expect(completions()).toEqual([
        expect.objectContaining({ type: 'charge.completed', data: expect.objectContaining({ id }) }),
      ]);
      // Nothing is left to run, and the clock is still frozen.
      gw.clock.advance(60_000);
      expect(await gw.runJobs()).toBe(0);
      expect((await clock('')).json().data).toMatchObject({ frozen: true, now: moved.now });
      await clock('/unfreeze');
    });

    it('runs what falls due in due order, each dated at its own instant, and only this merchant’s', async () => {
      await fresh();
      const bystander = await gw.merchant('Bystander');
      const theirs = await pending(() => bystander);
      await clock('/freeze');
      const first = await pending();
      await advance({ seconds: 1 });
      const second = await pending();
      await advance({ seconds: 0.5 });
      const third = await pending();
      const moved = await advance({ seconds: 3600 });
      const timers = moved.fired.filter((f) => f.kind === 'charge.auto_complete');
      expect(timers.map((f) => f.id)).toEqual([first, second, third]);
      const dues = moved.fired.map((f) => Date.parse(f.due_at));
      expect(dues).toEqual([...dues].sort((a, b) => a - b));
      expect(moved.fired.filter((f) => f.kind === 'webhook.deliver')).toHaveLength(3);
      // A delivery is sent right after the completion that made it.
      expect(moved.fired.map((f) => f.kind)).toEqual([
        'charge.auto_complete',
        'webhook.deliver',
        'charge.auto_complete',
        'webhook.deliver',
        'charge.auto_complete',
        'webhook.deliver',
      ]);
      for (const id of [first, second, third]) expect(await statusOf(id)).toBe('succeeded');
      expect(await statusOf(theirs, () => bystander)).toBe('pending');
      await clock('/unfreeze');
    });

    it('an unfrozen clock with an offset fires timers at the right real time', async () => {
      await fresh();
      await advance({ seconds: 86_400 });
      const id = await pending();
      gw.clock.advance(DELAY_MS - 1);
      await gw.runJobs();
      expect(await statusOf(id)).toBe('pending');
      gw.clock.advance(1);
      await gw.runJobs();
      expect(await statusOf(id)).toBe('succeeded');
    });

    it('unfreezing re-times parked timers from where the clock stood', async () => {
      await fresh();
      await clock('/freeze');
      const id = await pending();
      gw.clock.advance(DELAY_MS * 10);
      await gw.runJobs();
      expect(await statusOf(id)).toBe('pending');
      await clock('/unfreeze');
      gw.clock.advance(DELAY_MS - 1);
      await gw.runJobs();
      expect(await statusOf(id)).toBe('pending');
      gw.clock.advance(1);
      await gw.runJobs();
      expect(await statusOf(id)).toBe('succeeded');
    });

    it('freezing parks timers already set, and a charge acted on meanwhile is left alone', async () => {
      await fresh();
      const parked = await pending();
      const approved = await pending();
      gw.clock.advance(DELAY_MS / 2);
      await clock('/freeze');
      gw.clock.advance(DELAY_MS * 10);
      await gw.runJobs();
      expect(await statusOf(parked)).toBe('pending');
      const control = await gw.app.inject({
        method: 'POST',
        url: `/sandbox/charges/${approved}/approve`,
        headers: m.headers,
      });
      expect(control.statusCode, control.body).toBe(200);
      const moved = await advance({ seconds: DELAY_MS / 1000 });
      // The approved charge's timer fires and leaves it be; its webhook went out when it was approved.
      expect(moved.fired.filter((f) => f.kind === 'charge.auto_complete').map((f) => f.id)).toEqual([
        parked,
        approved,
      ]);
      expect(await statusOf(parked)).toBe('succeeded');
      expect(
        completions()
          .map((c) => c.data.id)
          .sort(),
      ).toEqual([parked, approved].sort());
      await clock('/unfreeze');
    });

    it('webhook retries wait for the clock, and an advance sends them', async () => {
      await fresh();
      receiver.answer((i) => (i === 0 ? 500 : 200));
      const charge = await chargeV4(gw, m);
      await gw.runJobs();
      expect(receiver.received).toHaveLength(1);
      await clock('/freeze');
      // The first retry is 5 s (± jitter, none here) after the failed attempt.
      gw.clock.advance(60_000);
      await gw.runJobs();
      expect(receiver.received).toHaveLength(1);
      const moved = await advance({ seconds: 10 });
      expect(moved.fired).toEqual([expect.objectContaining({ kind: 'webhook.deliver', outcome: 'done' })]);
      expect(receiver.received).toHaveLength(2);
      expect(completions()[1]?.data.id).toBe(charge.id);
      await clock('/unfreeze');
    });

    it('a retry scheduled by an attempt in the advance runs in the same advance, counted from its due instant', async () => {
      await fresh();
      receiver.answer((i) => (i < 2 ? 500 : 200));
      await chargeV4(gw, m);
      await gw.runJobs();
      await clock('/freeze');
      const moved = await advance({ seconds: 400 });
      expect(moved.fired.map((f) => [f.kind, f.outcome])).toEqual([
        ['webhook.deliver', 'done'],
        ['webhook.deliver', 'done'],
      ]);
      const [second, third] = moved.fired.map((f) => Date.parse(f.due_at));
      // The schedule's second delay (300 s, no jitter here) after the second attempt's own instant.
      expect((third ?? 0) - (second ?? 0)).toBe(300_000);
      expect(receiver.received.map((r) => r.path)).toHaveLength(3);
      await clock('/unfreeze');
    });

    it('a pending refund waits for the clock, and an advance completes it', async () => {
      await fresh();
      const charge = await chargeV4(gw, m);
      await clock('/freeze');
      const res = await gw.app.inject({
        method: 'POST',
        url: '/refunds',
        headers: { ...m.headers, 'x-scenario-key': 'scenario:refund_pending' },
        payload: { amount: 500, charge_id: charge.id, reason: 'requested_by_customer' },
      });
      expect(res.statusCode, res.body).toBe(201);
      const refund = res.json<{ data: { id: string; status: string } }>().data;
      expect(refund.status).toBe('pending');
      const refundStatus = async () =>
        (await gw.app.inject({ method: 'GET', url: `/refunds/${refund.id}`, headers: m.headers })).json<{
          data: { status: string };
        }>().data.status;
      gw.clock.advance(DELAY_MS * 5);
      await gw.runJobs();
      expect(await refundStatus()).toBe('pending');
      const moved = await advance({ seconds: DELAY_MS / 1000 });
      expect(moved.fired.filter((f) => f.kind === 'refund.complete')).toEqual([
        expect.objectContaining({ id: refund.id, outcome: 'done' }),
      ]);
      expect(await refundStatus()).toBe('succeeded');
      await clock('/unfreeze');
    });

    it('v3: a frozen merchant’s pending M-Pesa charge waits, and /v3/sandbox/clock/advance completes it', async () => {
      await fresh();
      const headers = v3Headers(m);
      expect(
        (await gw.app.inject({ method: 'POST', url: '/v3/sandbox/clock/freeze', headers })).statusCode,
      ).toBe(200);
      const txRef = uniqueRef('clock');
      const charged = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=mpesa',
        headers,
        payload: {
          tx_ref: txRef,
          amount: 100,
          currency: 'KES',
          phone_number: '25454709929220',
          email: 'ama@example.com',
          fullname: 'Ama Mensah',
        },
      });
      expect(charged.statusCode, charged.body).toBe(200);
      const verify = async () =>
        (
          await gw.app.inject({
            method: 'GET',
            url: `/v3/transactions/verify_by_reference?tx_ref=${txRef}`,
            headers,
          })
        ).json<{ data: { id: number; status: string } }>().data;
      gw.clock.advance(DELAY_MS * 5);
      await gw.runJobs();
      expect((await verify()).status).toBe('pending');
      const moved = await gw.app.inject({
        method: 'POST',
        url: '/v3/sandbox/clock/advance',
        headers,
        payload: { seconds: 60 },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(moved.json()).toMatchObject({
        status: 'success',
        message: 'Clock advanced',
        data: {
          frozen: true,
          fired: [
            expect.objectContaining({ kind: 'charge.auto_complete', outcome: 'done' }),
            expect.objectContaining({ kind: 'webhook.deliver' }),
          ],
        },
      });
      expect((await verify()).status).toBe('successful');
      await gw.app.inject({ method: 'POST', url: '/v3/sandbox/clock/unfreeze', headers });
    });
  });
}

/**
 * Expiries and schedules on the merchant's sandbox clock (docs/sandbox.md "Time"): a virtual account
 * and a hosted checkout session are dated by the clock and expire when the merchant's time passes
 * their end, not real time: frozen, they outlive it; advanced past it, they are expired at once. A
 * scheduled transfer waits for its date on the clock, and an advance past it pays it out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { showPage, v3Session } from '../support/checkout.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { POSTGRES, STORES, type TestStore } from '../support/stores.js';
import { ManualClock } from '../support/clock.js';
import { keyringFrom } from '../../src/crypto/keyring.js';
import type { Db } from '../../src/store/db.js';
import { randomBytes } from 'node:crypto';

const HOUR = 3_600_000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`expiries on the sandbox clock (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    let customer: string;
    let n = 0;

    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    const fresh = async () => {
      m = await gw.merchant(`Expiring Goods ${String(n++)}`);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
      });
      customer = res.json<{ data: { id: string } }>().data.id;
    };
    const clock = async (action: string, payload?: object) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: `/sandbox/clock/${action}`,
        headers: m.headers,
        ...(payload && { payload }),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { now: string } }>().data;
    };
    const account = async () => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/virtual-accounts',
        headers: m.headers,
        payload: {
          reference: `va-clock-${String(n++)}-${Date.now().toString(36)}`,
          customer_id: customer,
          amount: 1500,
          currency: 'NGN',
          account_type: 'dynamic',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{
        data: { id: string; status: string; created_datetime: string; account_expiration_datetime: string };
      }>().data;
    };
    const statusOf = async (id: string) =>
      (await gw.app.inject({ method: 'GET', url: `/virtual-accounts/${id}`, headers: m.headers })).json<{
        data: { status: string };
      }>().data.status;
    const transfer = (id: string) =>
      gw.app.inject({
        method: 'POST',
        url: `/sandbox/virtual-accounts/${id}/transfers`,
        headers: m.headers,
        payload: { amount: 1500 },
      });

    it('a virtual account is dated by the clock and expires on it', async () => {
      await fresh();
      const { now } = await clock('advance', { seconds: 86_400 });
      const va = await account();
      expect(va.created_datetime).toBe(now);
      expect(va.account_expiration_datetime).toBe(new Date(Date.parse(now) + HOUR).toISOString());
      expect(va.status).toBe('active');

      await clock('freeze');
      gw.clock.advance(3 * HOUR);
      m = await gw.login(m.credentials);
      expect(await statusOf(va.id)).toBe('active');
      await clock('advance', { seconds: 3600 });
      expect(await statusOf(va.id)).toBe('inactive');
      const refused = await transfer(va.id);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(refused.json().error.message).toMatch(/expired at .*: it takes no more transfers/);
    });

    it('a frozen clock keeps a virtual account open past its real expiry, for transfers too', async () => {
      await fresh();
      await clock('freeze');
      const va = await account();
      gw.clock.advance(2 * HOUR);
      m = await gw.login(m.credentials);
      const paid = await transfer(va.id);
      expect(paid.statusCode, paid.body).toBe(201);
      expect(paid.json().data.status).toBe('succeeded');
      await clock('unfreeze');
    });

    it('a scheduled transfer waits for its date on the merchant’s clock; an advance past it pays it out', async () => {
      await fresh();
      const { now } = await clock('freeze');
      const recipient = await gw.app.inject({
        method: 'POST',
        url: '/transfers/recipients',
        headers: m.headers,
        payload: {
          type: 'bank',
          currency: 'NGN',
          name: { first: 'Ada', last: 'Obi' },
          bank: { account_number: '0690000040', code: '044' },
        },
      });
      expect(recipient.statusCode, recipient.body).toBe(201);
      const date = new Date(Date.parse(now) + 24 * HOUR);
      const created = await gw.app.inject({
        method: 'POST',
        url: '/transfers',
        headers: m.headers,
        payload: {
          action: 'scheduled',
          reference: `sched-${String(n++)}-${Date.now().toString(36)}`,
          narration: 'Payout',
          disburse_option: { date_time: date.toISOString() },
          payment_instruction: {
            recipient_id: recipient.json<{ data: { id: string } }>().data.id,
            source_currency: 'NGN',
            amount: { value: 100, applies_to: 'destination_currency' },
          },
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const transfer = created.json<{ data: { id: string; status: string; created_datetime: string } }>()
        .data;
      expect(transfer.status).toBe('NEW');
      expect(transfer.created_datetime).toBe(now);
      const statusOfTransfer = async () =>
        (await gw.app.inject({ method: 'GET', url: `/transfers/${transfer.id}`, headers: m.headers })).json<{
          data: { status: string };
        }>().data.status;

      gw.clock.advance(48 * HOUR);
      m = await gw.login(m.credentials);
      await gw.runJobs();
      expect(await statusOfTransfer()).toBe('NEW');

      const moved = await clock('advance', { seconds: 24 * 3600 + 60 });
      const fired = (moved as unknown as { fired: { kind: string; id: string; due_at: string }[] }).fired;
      // Its date comes (processing), then the sandbox's processing delay passes (paid out).
      expect(fired.filter((f) => f.kind === 'transfer.timer')).toEqual([
        expect.objectContaining({ id: transfer.id, due_at: date.toISOString() }),
        expect.objectContaining({ id: transfer.id, due_at: new Date(date.getTime() + 10_000).toISOString() }),
      ]);
      expect(await statusOfTransfer()).toBe('SUCCESSFUL');
      await clock('unfreeze');
    });

    it('a hosted checkout session expires on the merchant’s clock', async () => {
      await fresh();
      await clock('freeze');
      const s = await v3Session(gw, m, { session_duration: 5 });
      gw.clock.advance(HOUR);
      m = await gw.login(m.credentials);
      expect((await showPage(gw, s.path)).statusCode).toBe(200);
      await clock('advance', { seconds: 5 * 60 });
      const page = await showPage(gw, s.path);
      expect(page.statusCode).toBe(410);
      expect(page.body).toContain('This payment link has expired');
      await clock('unfreeze');
    });
  });
}

describe.skipIf(!POSTGRES.available)(
  'the request path’s copy of the clock across two nodes (PostgreSQL)',
  () => {
    let store: TestStore;
    let a: TestGateway;
    let b: TestGateway;

    beforeAll(async () => {
      store = await POSTGRES.open();
      const keys = keyringFrom(randomBytes(32));
      const clock = new ManualClock();
      a = await startGateway(POSTGRES, { db: store.db, keys, clock });
      b = await startGateway(POSTGRES, { db: await (store.reopen as () => Promise<Db>)(), keys, clock });
    });
    afterAll(async () => {
      await a.close();
      await b.close();
      await store.close();
    });

    it('a clock moved on one node dates what the other node writes next', async () => {
      const m = await a.merchant('Two Node Traders');
      const customer = (
        await b.app.inject({
          method: 'POST',
          url: '/customers',
          headers: m.headers,
          payload: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
        })
      ).json<{ data: { id: string } }>().data.id;
      const openOnB = async () => {
        const res = await b.app.inject({
          method: 'POST',
          url: '/virtual-accounts',
          headers: m.headers,
          payload: {
            reference: `va-2n-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
            customer_id: customer,
            amount: 1500,
            currency: 'NGN',
            account_type: 'dynamic',
          },
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json<{ data: { created_datetime: string } }>().data.created_datetime;
      };
      // B reads (and caches) the merchant's clock: real time.
      expect(await openOnB()).toBe(b.clock.now().toISOString());
      const moved = await a.app.inject({
        method: 'POST',
        url: '/sandbox/clock/advance',
        headers: m.headers,
        payload: { seconds: 86_400 },
      });
      expect(moved.statusCode, moved.body).toBe(200);
      const merchantNow = moved.json<{ data: { now: string } }>().data.now;
      // The NOTIFY reaches B within moments: its next write is dated by the moved clock.
      await expect.poll(openOnB, { timeout: 5_000, interval: 50 }).toBe(merchantNow);
    });
  },
);

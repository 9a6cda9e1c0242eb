/**
 * POST /sandbox/reset (v4) and POST /v3/sandbox/reset: one merchant's sandbox data wiped, its keys
 * and webhook endpoints kept, another merchant's data untouched — on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { POSTGRES, STORES, type TestStore } from '../support/stores.js';
import { directBody } from './v4/other-methods-support.js';
import type { Db } from '../../src/store/db.js';

const BANK = {
  type: 'bank',
  currency: 'NGN',
  name: { first: 'Ada', last: 'Obi' },
  bank: { account_number: '0690000040', code: '044' },
};
// The NGN opening balance of every sandbox wallet (store/migrations/0012_ledger_transfers.sql).
const OPENING_NGN = 5_000_000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`sandbox reset (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Shop');
      bob = await gw.merchant('Bob Shop');
    });
    afterAll(() => gw.close());

    const call = (m: TestMerchant, method: 'GET' | 'POST', url: string, payload?: object, headers = {}) =>
      gw.app.inject({
        method,
        url,
        headers: { ...m.headers, ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
    const v3 = (m: TestMerchant, method: 'GET' | 'POST', url: string, payload?: object) =>
      gw.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        ...(payload === undefined ? {} : { payload }),
      });
    const list = async (m: TestMerchant, url: string) => {
      const res = await call(m, 'GET', url);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      // A list is `data` itself, or the array in it beside its cursor (GET /transfers).
      const { data } = res.json<{ data: unknown[] | Record<string, unknown> }>();
      return Array.isArray(data) ? data : Object.values(data).find((v) => Array.isArray(v));
    };
    const balance = async (m: TestMerchant) =>
      (await call(m, 'GET', '/wallets/balances/NGN')).json<{ data: { available_balance: number } }>().data
        .available_balance;

    /** A paid charge (with its customer and event), a virtual account, a payout, a webhook endpoint. */
    async function activity(m: TestMerchant, idempotencyKey: string) {
      const body = directBody('ussd', { reference: `reset-${idempotencyKey}` });
      const made = await call(m, 'POST', '/orchestration/direct-charges', body, {
        'x-idempotency-key': idempotencyKey,
      });
      expect(made.statusCode, made.body).toBe(201);
      const charge = made.json<{ data: { id: string; customer: { id: string } } }>().data;
      expect((await call(m, 'POST', `/sandbox/charges/${charge.id}/approve`, {})).statusCode).toBe(200);
      const customer = (
        await call(m, 'POST', '/customers', { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } })
      ).json<{ data: { id: string } }>().data.id;
      const account = await call(m, 'POST', '/virtual-accounts', {
        reference: `va-${idempotencyKey}`,
        customer_id: customer,
        amount: 1500,
        currency: 'NGN',
        account_type: 'dynamic',
      });
      expect(account.statusCode, account.body).toBe(201);
      const recipient = await call(m, 'POST', '/transfers/recipients', BANK);
      expect(recipient.statusCode, recipient.body).toBe(201);
      const transfer = await call(m, 'POST', '/transfers', {
        action: 'instant',
        reference: `tr-${idempotencyKey}`,
        narration: 'Payout',
        payment_instruction: {
          recipient_id: recipient.json<{ data: { id: string } }>().data.id,
          source_currency: 'NGN',
          amount: { value: 1000, applies_to: 'destination_currency' },
        },
      });
      expect(transfer.statusCode, transfer.body).toBe(201);
      return {
        body,
        charge: charge.id,
        customer,
        account: account.json<{ data: { id: string } }>().data.id,
        transfer: transfer.json<{ data: { id: string } }>().data.id,
      };
    }

    it('wipes the merchant’s data and keeps its keys and webhook endpoints; others are untouched', async () => {
      const endpoint = await call(alice, 'POST', '/profile/webhook-endpoints', {
        url: 'https://hooks.example.com/alice',
        secret: 'a-webhook-secret-of-alice-0123456789abcdef',
      });
      expect(endpoint.statusCode, endpoint.body).toBe(200);
      const a = await activity(alice, 'alice-idempotency-key-1');
      const b = await activity(bob, 'bob-idempotency-key-1');
      gw.clock.advance(11_000);
      await gw.runJobs(); // the webhook deliveries and the payout's timer
      expect(await list(alice, '/events')).not.toEqual([]);
      expect(await balance(alice)).not.toBe(OPENING_NGN);
      const bobBefore = {
        charges: await list(bob, '/charges'),
        customers: await list(bob, '/customers'),
        transfers: await list(bob, '/transfers'),
        events: await list(bob, '/events'),
        balance: await balance(bob),
      };

      const reset = await call(alice, 'POST', '/sandbox/reset');
      expect(reset.statusCode, reset.body).toBe(200);
      expect(reset.json()).toMatchObject({
        status: 'success',
        message: 'Sandbox data reset',
        data: { deleted: { charges: 1, customers: 2, virtual_accounts: 1, transfers: 1, wallets: 1 } },
      });

      // Lists are empty, old ids are 404, the wallet is back at its opening balance.
      for (const url of ['/charges', '/customers', '/virtual-accounts', '/transfers', '/events']) {
        expect(await list(alice, url), url).toEqual([]);
      }
      expect(await list(alice, '/transfers/recipients')).toEqual([]);
      for (const url of [
        `/charges/${a.charge}`,
        `/customers/${a.customer}`,
        `/virtual-accounts/${a.account}`,
        `/transfers/${a.transfer}`,
      ]) {
        expect((await call(alice, 'GET', url)).statusCode, url).toBe(404);
      }
      expect(await balance(alice)).toBe(OPENING_NGN);
      expect(await gw.deps.db.query('SELECT * FROM baobab_ledger_mismatches()')).toMatchObject({ rows: [] });

      // The same access token, v3 secret key and webhook endpoint still work; a new charge does too,
      // and the old idempotency key no longer replays the old charge.
      const endpoints = await list(alice, '/profile/webhook-endpoints');
      expect(endpoints).toEqual([expect.objectContaining({ url: 'https://hooks.example.com/alice' })]);
      expect((await v3(alice, 'GET', '/v3/transactions')).json()).toMatchObject({
        status: 'success',
        data: [],
      });
      const again = await call(alice, 'POST', '/orchestration/direct-charges', a.body, {
        'x-idempotency-key': 'alice-idempotency-key-1',
      });
      expect(again.statusCode, again.body).toBe(201);
      expect(again.headers['x-idempotent-replay'] ?? 'false').not.toBe('true');
      expect(again.json<{ data: { id: string } }>().data.id).not.toBe(a.charge);
      expect(await list(alice, '/charges')).toHaveLength(1);
      gw.clock.advance(1_000);
      await gw.runJobs();

      // Bob's data is as it was.
      expect(await list(bob, '/charges')).toEqual(bobBefore.charges);
      expect(await list(bob, '/customers')).toEqual(bobBefore.customers);
      expect(await list(bob, '/transfers')).toEqual(bobBefore.transfers);
      expect(await list(bob, '/events')).toEqual(bobBefore.events);
      expect(await balance(bob)).toBe(bobBefore.balance);
      expect((await call(bob, 'GET', `/charges/${b.charge}`)).statusCode).toBe(200);
    });

    it('answers in v3 with the secret key', async () => {
      const before = await v3(bob, 'GET', '/v3/transactions');
      expect(before.json<{ data: unknown[] }>().data.length).toBeGreaterThan(0);
      const reset = await v3(bob, 'POST', '/v3/sandbox/reset');
      expect(reset.statusCode, reset.body).toBe(200);
      expect(reset.json()).toMatchObject({ status: 'success', message: 'Sandbox data reset' });
      expect((await v3(bob, 'GET', '/v3/transactions')).json().data).toEqual([]);
      expect(await list(bob, '/customers')).toEqual([]);
      // Nothing is left to wipe: a second reset deletes nothing and still succeeds.
      const second = await v3(bob, 'POST', '/v3/sandbox/reset', {});
      const deleted = second.json<{ data: { deleted: Record<string, number> } }>().data.deleted;
      expect(Object.values(deleted).every((n) => n === 0)).toBe(true);
    });

    it('refuses a caller without credentials', async () => {
      expect((await gw.app.inject({ method: 'POST', url: '/sandbox/reset' })).statusCode).toBe(401);
      expect((await gw.app.inject({ method: 'POST', url: '/v3/sandbox/reset' })).statusCode).toBe(401);
    });
  });
}

// All or nothing: a row the reset must delete, held by another node's transaction past the lock wait,
// rolls the whole reset back. PostgreSQL only: PGlite runs one transaction at a time.
describe.skipIf(!POSTGRES.available)('sandbox reset is one transaction (postgres)', () => {
  let store: TestStore;
  let gw: TestGateway;
  beforeAll(async () => {
    store = await POSTGRES.open({ lockTimeoutMs: 300 });
    gw = await startGateway(POSTGRES, { db: store.db });
  });
  afterAll(async () => {
    await gw.close();
    await store.close();
  });

  it('deletes nothing when it cannot delete everything (409), and works once the row is free', async () => {
    const m = await gw.merchant('Locked Shop');
    const made = await gw.app.inject({
      method: 'POST',
      url: '/orchestration/direct-charges',
      headers: m.headers,
      payload: directBody('ussd'),
    });
    const charge = made.json<{ data: { id: string } }>().data.id;
    await gw.app.inject({
      method: 'POST',
      url: `/sandbox/charges/${charge}/approve`,
      headers: m.headers,
      payload: {},
    });
    const other = await (store.reopen as () => Promise<Db>)();
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    let holding: Promise<void> = Promise.resolve();
    await new Promise<void>((locked) => {
      holding = other.transaction(async (tx) => {
        // The wallet is the last table the reset empties: every delete before it must be undone.
        await tx.query('SELECT 1 FROM wallets WHERE merchant_id = $1 FOR UPDATE', [
          m.credentials.merchant_id,
        ]);
        locked();
        await held;
      });
    });
    const refused = await gw.app.inject({ method: 'POST', url: '/sandbox/reset', headers: m.headers });
    release();
    await holding;
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json().error).toMatchObject({ type: 'RESOURCE_CONFLICT' });
    const still = await gw.app.inject({ method: 'GET', url: `/charges/${charge}`, headers: m.headers });
    expect(still.json().data).toMatchObject({ id: charge, status: 'succeeded' });
    const events = await gw.app.inject({ method: 'GET', url: '/events', headers: m.headers });
    expect(events.json().data).not.toEqual([]);

    const reset = await gw.app.inject({ method: 'POST', url: '/sandbox/reset', headers: m.headers });
    expect(reset.statusCode, reset.body).toBe(200);
    expect(
      (await gw.app.inject({ method: 'GET', url: `/charges/${charge}`, headers: m.headers })).statusCode,
    ).toBe(404);
  });
});

/**
 * v4 payouts through the public API, on both stores: recipients, transfers (instant, deferred,
 * scheduled), the sandbox controls and timer, wallets, the ledger's holds and settlements, every
 * scenario key, idempotency, and other merchants' objects staying invisible.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMismatches } from '../../../src/store/ledger.js';
import { FAILING_SCENARIOS, REJECTING_SCENARIOS } from '../../../src/rails/payout.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

const BANK = {
  type: 'bank',
  currency: 'NGN',
  name: { first: 'Ada', last: 'Obi' },
  bank: { account_number: '0690000040', code: '044' },
};

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 transfers (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    let n = 0;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Payouts');
      bob = await gw.merchant('Bob Payouts');
    });
    afterAll(() => gw.close());

    const call = (
      m: TestMerchant,
      method: 'GET' | 'POST' | 'PUT' | 'DELETE',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      gw.app.inject({
        method,
        url,
        headers: { ...m.headers, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });

    const recipient = async (m: TestMerchant, body: unknown = BANK): Promise<string> => {
      const res = await call(m, 'POST', '/transfers/recipients', body);
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ data: { id: string } }>().data.id;
    };
    const transferBody = (recipientId: string, value: number, extra: Record<string, unknown> = {}) => ({
      action: 'instant',
      reference: `ref-${(n++).toString(36)}-${Date.now().toString(36)}`,
      narration: 'Payout',
      payment_instruction: {
        recipient_id: recipientId,
        source_currency: 'NGN',
        amount: { value, applies_to: 'destination_currency' },
      },
      ...extra,
    });
    const balance = async (m: TestMerchant, currency = 'NGN') => {
      const res = await call(m, 'GET', `/wallets/balances/${currency}`);
      expectOperationResponse('GET /wallets/balances/{currency}', 200, res.json());
      return res.json<{ data: { available_balance: number } }>().data.available_balance;
    };

    it('a mobile money recipient names the person and its country (its currency may imply it)', async () => {
      const mm = { network: 'MPESA', msisdn: '254700000000' };
      const kes = await call(alice, 'POST', '/transfers/recipients', {
        type: 'mobile_money',
        currency: 'KES',
        name: { first: 'Wanjiru', last: 'Kamau' },
        mobile_money: mm,
      });
      expect(kes.statusCode, kes.body).toBe(201);
      expectOperationResponse('POST /transfers/recipients', 201, kes.json());
      expect(kes.json().data.mobile_money).toEqual({ ...mm, country: 'KE' });
      const nameless = await call(alice, 'POST', '/transfers/recipients', {
        type: 'mobile_money',
        currency: 'KES',
        mobile_money: mm,
      });
      expect(nameless.statusCode).toBe(400);
      expect(nameless.json().error.validation_errors).toContainEqual(
        expect.objectContaining({ field_name: 'name' }),
      );
      const xaf = await call(alice, 'POST', '/transfers/recipients', {
        type: 'mobile_money',
        currency: 'XAF',
        name: { first: 'Amadou', last: 'Diallo' },
        mobile_money: { network: 'MTN', msisdn: '237670000000' },
      });
      expect(xaf.statusCode).toBe(400);
      expect(xaf.json().error.validation_errors).toContainEqual(
        expect.objectContaining({ field_name: 'mobile_money.country' }),
      );
    });

    it('starts every wallet with the documented sandbox balance', async () => {
      const res = await call(alice, 'GET', '/wallets/balances');
      expect(res.statusCode).toBe(200);
      expectOperationResponse('GET /wallets/balances', 200, res.json());
      expect(res.json().data).toContainEqual({ currency: 'NGN', available_balance: 5_000_000 });
      expect(await balance(alice, 'USD')).toBe(10_000);
    });

    it('creates an instant transfer: held at once, settled when the sandbox timer completes it', async () => {
      const rid = await recipient(alice);
      const before = await balance(alice);
      const res = await call(alice, 'POST', '/transfers', transferBody(rid, 1000));
      expect(res.statusCode, res.body).toBe(201);
      const body = res.json();
      expectOperationResponse('POST /transfers', 201, body);
      expect(body.data).toMatchObject({
        status: 'PENDING',
        amount: { value: 1000 },
        fee: { currency: 'NGN', value: 10.75 },
      });
      expect(await balance(alice)).toBe(before - 1010.75);
      gw.clock.advance(11_000);
      await gw.runJobs();
      const got = await call(alice, 'GET', `/transfers/${body.data.id}`);
      expectOperationResponse('GET /transfers/{id}', 200, got.json());
      expect(got.json().data.status).toBe('SUCCESSFUL');
      expect(await balance(alice)).toBe(before - 1010.75);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('a deferred transfer waits for approval; cancelling it releases the hold', async () => {
      const rid = await recipient(alice);
      const before = await balance(alice);
      const res = await call(alice, 'POST', '/transfers', transferBody(rid, 2000, { action: 'deferred' }));
      expect(res.json().data.status).toBe('NEW');
      expect(await balance(alice)).toBe(before - 2010.75);
      const put = await call(alice, 'PUT', `/transfers/${res.json().data.id}`, { close: true });
      expect(put.statusCode, put.body).toBe(200);
      expectOperationResponse('PUT /transfers/{id}', 200, put.json());
      expect(put.json().data.status).toBe('CANCELLED');
      expect(await balance(alice)).toBe(before);
      const again = await call(alice, 'PUT', `/transfers/${res.json().data.id}`, { initiate: true });
      expect(again.statusCode).toBe(409);
    });

    it('the sandbox controls fail and reverse transfers, giving the money back, with webhook events', async () => {
      const rid = await recipient(alice);
      const before = await balance(alice);
      const a = (await call(alice, 'POST', '/transfers', transferBody(rid, 500))).json().data.id as string;
      const failed = await call(alice, 'POST', `/sandbox/payouts/${a}/fail`, { reason: 'invalid_bank_code' });
      expect(failed.json().data).toMatchObject({
        status: 'FAILED',
        provider_response: { type: 'invalid_bank_code', code: '0313' },
      });
      expect(await balance(alice)).toBe(before);
      const b = (await call(alice, 'POST', '/transfers', transferBody(rid, 500))).json().data.id as string;
      expect((await call(alice, 'POST', `/sandbox/payouts/${b}/complete`)).json().data.status).toBe(
        'SUCCESSFUL',
      );
      const reversed = await call(alice, 'POST', `/sandbox/payouts/${b}/reverse`);
      expectOperationResponse('GET /transfers/{id}', 200, reversed.json());
      expect(reversed.json().data).toMatchObject({
        status: 'FAILED',
        reversal: { initial_status: 'SUCCESSFUL' },
      });
      expect(await balance(alice)).toBe(before);
      const { rows } = await gw.deps.db.query<{ type: string }>(
        `SELECT type FROM events WHERE data -> 'transfer' ->> 'id' IN ($1, $2) ORDER BY seq`,
        [a, b],
      );
      expect(rows.map((r) => r.type)).toEqual([
        'transfer.disburse',
        'transfer.disburse',
        'transfer.reversal',
      ]);
      expect((await call(alice, 'POST', `/sandbox/payouts/${b}/reverse`)).statusCode).toBe(409);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('refuses a transfer the balance cannot cover: FAILED insufficient_balance, nothing held', async () => {
      const rid = await recipient(alice, { ...BANK, currency: 'USD' });
      const res = await call(alice, 'POST', '/transfers', {
        ...transferBody(rid, 10_000),
        payment_instruction: {
          recipient_id: rid,
          source_currency: 'USD',
          amount: { value: 10_000, applies_to: 'destination_currency' },
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json().data).toMatchObject({
        status: 'FAILED',
        provider_response: { type: 'insufficient_balance' },
      });
      expect(await balance(alice, 'USD')).toBe(10_000);
    });

    it('takes every documented scenario key: failing ones make FAILED transfers, rejecting ones are errors', async () => {
      const rid = await recipient(alice);
      for (const key of Object.keys(FAILING_SCENARIOS)) {
        const res = await call(alice, 'POST', '/transfers', transferBody(rid, 100), {
          'x-scenario-key': `scenario:${key}`,
        });
        expect(res.statusCode, key).toBe(201);
        expect(res.json().data.status, key).toBe('FAILED');
      }
      for (const key of Object.keys(REJECTING_SCENARIOS)) {
        const res = await call(alice, 'POST', '/transfers', transferBody(rid, 100), {
          'x-scenario-key': `scenario:${key}`,
        });
        expect(res.statusCode, key).toBeGreaterThanOrEqual(400);
        expect(res.json().status, key).toBe('failed');
      }
      const ok = await call(alice, 'POST', '/transfers', transferBody(rid, 100), {
        'x-scenario-key': 'scenario:successful',
      });
      expect(ok.json().data.status).toBe('PENDING');
      const bad = await call(alice, 'POST', '/transfers', transferBody(rid, 100), {
        'x-scenario-key': 'scenario:nope',
      });
      expect(bad.statusCode).toBe(400);
    });

    it('is idempotent under X-Idempotency-Key, and a reused reference is TRANSFER_ALREADY_EXISTS', async () => {
      const rid = await recipient(alice);
      const body = transferBody(rid, 300);
      const key = { 'x-idempotency-key': `idem-${Date.now()}-${n}` };
      const first = await call(alice, 'POST', '/transfers', body, key);
      const second = await call(alice, 'POST', '/transfers', body, key);
      expect(second.headers['x-idempotency-cache-hit']).toBe('true');
      expect(second.body).toBe(first.body);
      const reused = await call(alice, 'POST', '/transfers', body);
      expect(reused.statusCode).toBe(409);
      expectOperationResponse('POST /transfers', 409, reused.json());
      expect(reused.json().error.type).toBe('TRANSFER_ALREADY_EXISTS');
    });

    it('lists transfers with a cursor, and validates input naming the field', async () => {
      const recipients = await call(alice, 'GET', '/transfers/recipients');
      expectOperationResponse('GET /transfers/recipients', 200, recipients.json());
      expect(recipients.json().data.recipients.length).toBeGreaterThan(0);
      const list = await call(alice, 'GET', '/transfers?size=10');
      expect(list.statusCode).toBe(200);
      expectOperationResponse('GET /transfers', 200, list.json());
      expect(list.json().data.cursor.total).toBeGreaterThan(0);
      const bad = await call(alice, 'POST', '/transfers', { action: 'instant' });
      expect(bad.statusCode).toBe(400);
      expect(JSON.stringify(bad.json().error.validation_errors)).toContain('payment_instruction');
      const noRecipient = await call(alice, 'POST', '/transfers', transferBody('rcb_0000000000', 10));
      expect(noRecipient.statusCode).toBe(404);
    });

    it("never shows or moves another merchant's transfers and recipients", async () => {
      const rid = await recipient(alice);
      const id = (await call(alice, 'POST', '/transfers', transferBody(rid, 100))).json().data.id as string;
      expect((await call(bob, 'GET', `/transfers/${id}`)).statusCode).toBe(404);
      expect((await call(bob, 'PUT', `/transfers/${id}`, { close: true })).statusCode).toBe(404);
      expect((await call(bob, 'POST', `/sandbox/payouts/${id}/complete`)).statusCode).toBe(404);
      expect((await call(bob, 'GET', `/transfers/recipients/${rid}`)).statusCode).toBe(404);
      expect((await call(bob, 'DELETE', `/transfers/recipients/${rid}`)).statusCode).toBe(404);
      expect((await call(bob, 'POST', '/transfers', transferBody(rid, 100))).statusCode).toBe(404);
      expect((await call(bob, 'GET', '/transfers')).json().data.transfers).toEqual([]);
      const anon = await gw.app.inject({ method: 'GET', url: '/wallets/balances' });
      expect(anon.statusCode).toBe(401);
    });

    it('credits a successful charge net of fees, debits refunds, and tops wallets up', async () => {
      const top = await call(alice, 'POST', '/sandbox/wallets/top-up', { currency: 'GHS', amount: 250 });
      expect(top.statusCode, top.body).toBe(200);
      expect(await balance(alice, 'GHS')).toBe(100_250);
      const statement = await call(alice, 'GET', '/wallets/statement?currency=GHS');
      expect(statement.statusCode).toBe(200);
      expectOperationResponse('GET /wallets/statement', 200, statement.json());
      expect(statement.json().data.transactions[0]).toMatchObject({
        transaction_direction: 'credit',
        amount: { value: 250 },
      });
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });
  });
}

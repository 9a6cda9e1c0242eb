/**
 * Charges credit their wallet without taking its row (migration 0021): the credit waits beside the
 * wallet until the next movement folds it in. Balances count it at once; a transfer's hold may spend
 * it; a refund folds it; the housekeeping fold drains idle wallets; nothing is counted twice or lost,
 * and on PostgreSQL charges and transfers racing on two nodes leave the ledger equal to the balances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldWalletCredits } from '../../src/flows/maintenance.js';
import { ledgerMismatches } from '../../src/store/ledger.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { call, chargeOf, refundOf } from '../support/settlements.js';
import { POSTGRES, STORES } from '../support/stores.js';
import { v3Card, v3Headers } from '../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';

/** The wallet's available balance as v4 shows it (major units). */
async function available(gw: TestGateway, m: TestMerchant, currency: string): Promise<number> {
  const res = await call(gw, m, 'GET', `/wallets/balances/${currency}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: { available_balance: number } }>().data.available_balance;
}

async function pendingCredits(gw: TestGateway, m: TestMerchant): Promise<number> {
  const { rows } = await gw.deps.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM wallet_credits WHERE merchant_id = $1',
    [m.credentials.merchant_id],
  );
  return rows[0]?.n ?? -1;
}

async function rowBalance(gw: TestGateway, m: TestMerchant, currency: string): Promise<number> {
  const { rows } = await gw.deps.db.query<{ a: string }>(
    'SELECT available_balance::text AS a FROM wallets WHERE merchant_id = $1 AND currency = $2',
    [m.credentials.merchant_id, currency],
  );
  return Number(rows[0]?.a);
}

/** The net the ledger credited for these charges, in minor units. */
async function netOf(gw: TestGateway, ids: readonly string[]): Promise<number> {
  const { rows } = await gw.deps.db.query<{ s: string }>(
    `SELECT coalesce(sum(amount), 0)::text AS s FROM ledger_entries
     WHERE kind = 'charge' AND account = 'available' AND source_id = ANY($1::text[])`,
    [ids],
  );
  return Number(rows[0]?.s);
}

async function usdCharge(gw: TestGateway, m: TestMerchant, amount: number): Promise<void> {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: v3Headers(m),
    payload: v3Card(NOAUTH_CARD, { amount, currency: 'USD' }),
  });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.json<{ data: { status: string } }>().data.status).toBe('successful');
}

async function recipient(gw: TestGateway, m: TestMerchant): Promise<string> {
  const res = await call(gw, m, 'POST', '/transfers/recipients', {
    type: 'bank',
    currency: 'USD',
    bank: { account_number: '0690000040', code: '044' },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ data: { id: string } }>().data.id;
}

/** A USD transfer holding `value` plus its 1 % fee; its status. */
async function transfer(gw: TestGateway, m: TestMerchant, rid: string, value: number, ref: string) {
  const res = await call(gw, m, 'POST', '/transfers', {
    action: 'instant',
    reference: ref,
    payment_instruction: {
      recipient_id: rid,
      source_currency: 'USD',
      amount: { value, applies_to: 'source_currency' },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ data: { status: string } }>().data.status;
}

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`wallet credits (${kind.name})`, () => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    it('a charge counts in the balance at once, waits beside the row, and a refund folds it in', async () => {
      const m = await gw.merchant('Credits Shop');
      const opening = await available(gw, m, 'NGN');
      const charges = [await chargeOf(gw, m, 1000), await chargeOf(gw, m, 2500)];
      const net = await netOf(
        gw,
        charges.map((c) => c.id),
      );
      expect(net).toBeGreaterThan(0);
      expect(await available(gw, m, 'NGN')).toBeCloseTo(opening + net / 100, 2);
      expect(await pendingCredits(gw, m)).toBe(2);
      expect(await rowBalance(gw, m, 'NGN')).toBe(opening * 100);

      await refundOf(gw, m, charges[0]?.id ?? '', 100);
      expect(await pendingCredits(gw, m)).toBe(0);
      expect(await rowBalance(gw, m, 'NGN')).toBe(opening * 100 + net - 10_000);
      expect(await available(gw, m, 'NGN')).toBeCloseTo(opening + net / 100 - 100, 2);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('the housekeeping fold drains idle wallets and changes no balance', async () => {
      const m = await gw.merchant('Idle Shop');
      await chargeOf(gw, m, 700);
      const before = await available(gw, m, 'NGN');
      expect(await pendingCredits(gw, m)).toBe(1);
      expect(await foldWalletCredits(gw.deps)).toBeGreaterThanOrEqual(1);
      expect(await pendingCredits(gw, m)).toBe(0);
      expect(await available(gw, m, 'NGN')).toBe(before);
      expect(await foldWalletCredits(gw.deps)).toBe(0);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('a transfer may spend credits not folded yet, and no more than the balance', async () => {
      const m = await gw.merchant('Spender');
      const rid = await recipient(gw, m);
      // USD opens at 10 000.00: nine holds of 1 000.00 (990.10 + 1 % fee) leave 1 000.00 on the row.
      for (let i = 0; i < 9; i++) expect(await transfer(gw, m, rid, 990.1, `drain-${i}`)).not.toBe('FAILED');
      await usdCharge(gw, m, 600);
      await usdCharge(gw, m, 600);
      expect(await pendingCredits(gw, m)).toBe(2);
      const balance = await available(gw, m, 'USD');
      expect(balance).toBeGreaterThan(2000);
      // 2 000.00 is more than the row holds but covered by row + credits.
      expect(await transfer(gw, m, rid, 1980.2, 'spend-credits')).not.toBe('FAILED');
      expect(await pendingCredits(gw, m)).toBe(0);
      expect(await available(gw, m, 'USD')).toBeCloseTo(balance - 2000, 2);
      // What is left is under 1 000.00: a hold of 1 000.00 fails.
      expect(await transfer(gw, m, rid, 990.1, 'too-much')).toBe('FAILED');
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });
  });
}

describe.skipIf(!POSTGRES.available)('charges and transfers racing on two nodes (PostgreSQL)', () => {
  let store: Awaited<ReturnType<typeof POSTGRES.open>>;
  let a: TestGateway;
  let b: TestGateway;
  beforeAll(async () => {
    store = await POSTGRES.open();
    a = await startGateway(POSTGRES, { db: store.db });
    const other = await store.reopen?.();
    if (!other) throw new Error('no second node');
    b = await startGateway(POSTGRES, { db: other, keys: a.keys, clock: a.clock });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await store.close();
  });

  it('every credit is folded exactly once: the balance is the opening plus nets less holds', async () => {
    const m = await a.merchant('Racer');
    const rid = await recipient(a, m);
    const gws = [a, b];
    const work = Array.from({ length: 40 }, (_, i) => {
      const gw = gws[i % 2] ?? a;
      return i % 4 === 3 ? transfer(gw, m, rid, 99.01, `race-${i}`) : usdCharge(gw, m, 50);
    });
    await Promise.all(work);
    await foldWalletCredits(a.deps);
    expect(await pendingCredits(a, m)).toBe(0);
    const { rows } = await a.deps.db.query<{ s: string }>(
      `SELECT coalesce(sum(amount), 0)::text AS s FROM ledger_entries
       WHERE merchant_id = $1 AND currency = 'USD' AND account = 'available'`,
      [m.credentials.merchant_id],
    );
    expect(await rowBalance(a, m, 'USD')).toBe(Number(rows[0]?.s));
    expect(await ledgerMismatches(a.deps.db)).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { uniqueRef, v3Card, v3Headers } from '../../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';
const DECLINED_CARD = '5143010522339965';
const THREE_DS_CARD = '4187427415564246';

/** A v3 merchant on a gateway: makes card charges and refunds them through the public API. */
function client(gw: TestGateway, m: TestMerchant) {
  const headers = v3Headers(m);
  const charge = async (extra: Record<string, unknown> = {}) => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers,
      payload: v3Card(NOAUTH_CARD, extra),
    });
    expect(res.statusCode).toBe(200);
    return res.json().data as { id: number; tx_ref: string; flw_ref: string; status: string };
  };
  const refund = (id: number | string, payload?: object, extra: Record<string, string> = {}) =>
    gw.app.inject({
      method: 'POST',
      url: `/v3/transactions/${id}/refund`,
      headers: { ...headers, ...extra },
      ...(payload === undefined ? {} : { payload }),
    });
  const get = (url: string) => gw.app.inject({ method: 'GET', url, headers });
  /** The charge as v4 shows it (`refunded`), found by its tx_ref. */
  const v4Charge = async (reference: string) => {
    // A fresh token: tests move the clock past a token's 10 minutes.
    const { headers: v4 } = await gw.login(m.credentials);
    const res = await gw.app.inject({ method: 'GET', url: `/charges?reference=${reference}`, headers: v4 });
    return res.json().data[0] as { id: string; refunded: boolean; amount: number };
  };
  return { headers, charge, refund, get, v4Charge };
}

describe('v3 refunds', () => {
  let gw: TestGateway;
  let m: TestMerchant;
  let api: ReturnType<typeof client>;

  beforeAll(async () => {
    gw = await startGateway();
    m = await gw.merchant('Refund Shop');
    api = client(gw, m);
  });
  afterAll(() => gw.close());

  describe('POST /v3/transactions/{id}/refund', () => {
    it('refunds the whole amount when no amount is sent, answering the documented refund object', async () => {
      const tx = await api.charge({ amount: 250 });
      const res = await api.refund(tx.id, { comments: 'Customer changed their mind' });
      expect(res.statusCode).toBe(200);
      const accountId = (await api.get(`/v3/transactions/${tx.id}/verify`)).json().data.account_id;
      expect(res.json()).toEqual({
        status: 'success',
        message: 'Transaction refund initiated',
        data: {
          id: expect.any(Number),
          account_id: accountId,
          tx_id: tx.id,
          flw_ref: tx.flw_ref,
          wallet_id: accountId,
          amount_refunded: 250,
          status: 'completed',
          destination: 'payment_source',
          meta: { source: 'availablebalance' },
          comments: 'Customer changed their mind',
          created_at: gw.clock.now().toISOString(),
        },
      });
      expect((await api.v4Charge(tx.tx_ref)).refunded).toBe(true);
    });

    it('a partial refund leaves the charge refundable and not yet marked refunded', async () => {
      const tx = await api.charge();
      const res = await api.refund(tx.id, { amount: 30 });
      expect(res.json().data).toMatchObject({ amount_refunded: 30, status: 'completed' });
      expect((await api.v4Charge(tx.tx_ref)).refunded).toBe(false);
    });

    it('partial refunds may add up to the amount; one more is refused as already fully refunded', async () => {
      const tx = await api.charge();
      for (const amount of [30, '30.50', 39.5]) {
        expect((await api.refund(tx.id, { amount })).statusCode).toBe(200);
      }
      expect((await api.v4Charge(tx.tx_ref)).refunded).toBe(true);
      const more = await api.refund(tx.id, { amount: 1 });
      expect(more.statusCode).toBe(400);
      expect(more.json()).toEqual({
        status: 'error',
        message: 'This transaction has already been fully refunded',
        data: null,
      });
      expect((await api.refund(tx.id)).json().message).toBe(
        'This transaction has already been fully refunded',
      );
    });

    it('refuses more than what remains, saying how much can still be refunded', async () => {
      const tx = await api.charge();
      await api.refund(tx.id, { amount: 60 });
      const res = await api.refund(tx.id, { amount: 40.01 });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        status: 'error',
        message: 'Refund amount is more than what can still be refunded: NGN 40.00',
        data: null,
      });
      // What remains can still be taken.
      expect((await api.refund(tx.id, { amount: 40 })).statusCode).toBe(200);
    });

    it('refuses amounts that are not positive money in the charge currency, naming the field', async () => {
      const tx = await api.charge();
      for (const [amount, message] of [
        [0, 'amount must be greater than 0'],
        ['ten', 'amount must be a number'],
        [1.234, 'amount must have at most 2 decimal places for NGN'],
        [true, 'amount must be a number'],
      ] as const) {
        const res = await api.refund(tx.id, { amount });
        expect(res.statusCode, String(amount)).toBe(400);
        expect(res.json().message, String(amount)).toBe(message);
      }
      expect((await api.v4Charge(tx.tx_ref)).refunded).toBe(false);
    });

    it('refuses to refund a pending, held or failed transaction, saying why', async () => {
      const pending = await api.charge({ card_number: THREE_DS_CARD });
      const held = await api.charge({ preauthorize: true });
      const failed = await api.charge({ card_number: DECLINED_CARD });
      expect([pending.status, held.status, failed.status]).toEqual(['pending', 'pending', 'failed']);
      const cases = [
        [pending, 'Only successful transactions can be refunded; this one is still pending'],
        [
          held,
          'Only successful transactions can be refunded; this one only holds pre-authorised funds: capture it first, or void it',
        ],
        [failed, 'Only successful transactions can be refunded; this one failed'],
      ] as const;
      for (const [tx, message] of cases) {
        const res = await api.refund(tx.id, { amount: 10 });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toEqual({ status: 'error', message, data: null });
      }
    });

    it('answers 404 for an unknown or malformed transaction id', async () => {
      for (const id of ['999999999999', 'abc', '-1']) {
        const res = await api.refund(id, { amount: 1 });
        expect(res.statusCode, id).toBe(404);
        expect(res.json()).toEqual({
          status: 'error',
          message: 'No transaction was found for this id',
          data: null,
        });
      }
    });

    it('accepts the body the official SDK sends ({id, amount}) and a request with no body at all', async () => {
      const tx = await api.charge();
      const sdk = await api.refund(tx.id, { id: tx.id, amount: 25 });
      expect(sdk.json().data).toMatchObject({ tx_id: tx.id, amount_refunded: 25 });
      const bare = await api.refund(tx.id);
      expect(bare.statusCode).toBe(200);
      expect(bare.json().data.amount_refunded).toBe(75);
    });

    it('writes a refund.completed event with the refund and the charge total, once per refund', async () => {
      const tx = await api.charge();
      const { id: chargeId } = await api.v4Charge(tx.tx_ref);
      await api.refund(tx.id, { amount: 20 });
      await api.refund(tx.id, { amount: 80 });
      await api.refund(tx.id, { amount: 1 }); // refused: writes nothing
      const { rows } = await gw.deps.db.query<{
        type: string;
        data: Record<string, Record<string, unknown>>;
      }>(`SELECT type, data FROM events WHERE charge_id = $1 ORDER BY seq`, [chargeId]);
      expect(rows.map((r) => r.type)).toEqual(['charge.completed', 'refund.completed', 'refund.completed']);
      expect(
        rows.slice(1).map((r) => [r.data['refund']?.['amount'], r.data['charge']?.['amountRefunded']]),
      ).toEqual([
        [2000, 2000],
        [8000, 10000],
      ]);
      expect(rows[2]?.data['refund']).toMatchObject({ chargeId, status: 'completed', currency: 'NGN' });
    });

    it('replays a refund sent again with the same X-Idempotency-Key instead of refunding twice', async () => {
      const tx = await api.charge();
      const key = { 'x-idempotency-key': uniqueRef('refund-key') };
      const first = await api.refund(tx.id, { amount: 10 }, key);
      const again = await api.refund(tx.id, { amount: 10 }, key);
      expect(again.headers['x-idempotency-cache-hit']).toBe('true');
      expect(again.body).toBe(first.body);
      const list = (await api.get(`/v3/refunds?page=1`)).json().data as { tx_id: number }[];
      expect(list.filter((r) => r.tx_id === tx.id)).toHaveLength(1);
      const other = await api.refund(tx.id, { amount: 11 }, key);
      expect(other.statusCode).toBe(409);
    });
  });

  describe('GET /v3/refunds and /v3/refunds/{id}', () => {
    it('lists refunds most recent first, 10 a page, with page_info', async () => {
      const shop = client(gw, await gw.merchant('Listing Shop'));
      const made: number[] = [];
      for (let i = 0; i < 3; i++) {
        const tx = await shop.charge();
        for (let j = 0; j < 4; j++) {
          gw.clock.advance(1000);
          made.push((await shop.refund(tx.id, { amount: 5 })).json().data.id as number);
        }
      }
      const first = (await shop.get('/v3/refunds')).json();
      expect(first).toMatchObject({
        status: 'success',
        message: 'Refunds fetched',
        meta: { page_info: { total: 12, current_page: 1, total_pages: 2 } },
      });
      const second = (await shop.get('/v3/refunds?page=2')).json();
      expect(second.meta.page_info).toEqual({ total: 12, current_page: 2, total_pages: 2 });
      const ids = [...first.data, ...second.data].map((r: { id: number }) => r.id);
      expect(ids).toEqual([...made].reverse());
      expect((await shop.get('/v3/refunds?page=3')).json().data).toEqual([]);
    });

    it('filters by day or instant, status and currency', async () => {
      const shop = client(gw, await gw.merchant('Filter Shop'));
      const day = (d: Date) => d.toISOString().slice(0, 10);
      const tx = await shop.charge();
      gw.clock.advance(86_400_000);
      const dayOne = gw.clock.now();
      const early = (await shop.refund(tx.id, { amount: 10 })).json().data.id;
      gw.clock.advance(86_400_000);
      const dayTwo = gw.clock.now();
      const late = (await shop.refund(tx.id, { amount: 10 })).json().data.id;
      const ids = async (query: string) =>
        ((await shop.get(`/v3/refunds?${query}`)).json().data as { id: number }[]).map((r) => r.id);

      expect(await ids(`from=${day(dayOne)}&to=${day(dayOne)}`)).toEqual([early]);
      expect(await ids(`from=${day(dayTwo)}`)).toEqual([late]);
      expect(await ids(`to=${day(dayOne)}`)).toEqual([early]);
      expect(await ids(`from=${dayTwo.toISOString()}&to=${dayTwo.toISOString()}`)).toEqual([late]);
      expect(await ids(`status=completed&currency=NGN`)).toEqual([late, early]);
      expect(await ids(`status=pending`)).toEqual([]);
      expect(await ids(`currency=USD`)).toEqual([]);
    });

    it('refuses a malformed date or page, naming it', async () => {
      const bad = await api.get('/v3/refunds?from=15-01-2026');
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toEqual({
        status: 'error',
        message: 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
        data: null,
      });
      const page = await api.get('/v3/refunds?page=0');
      expect(page.statusCode).toBe(400);
      expect(page.json().message).toContain('page');
    });

    it('fetches a refund by its numeric id, as it was created', async () => {
      const tx = await api.charge();
      const created = (await api.refund(tx.id, { amount: 12.5 })).json().data;
      const res = await api.get(`/v3/refunds/${created.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ status: 'success', message: 'Refund fetched', data: created });
    });

    it('answers 404 for an unknown refund id', async () => {
      for (const id of ['999999999999', 'rfd_abc']) {
        const res = await api.get(`/v3/refunds/${id}`);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({
          status: 'error',
          message: 'No refund was found for this id',
          data: null,
        });
      }
    });
  });

  describe('isolation and authentication', () => {
    it("another merchant can neither refund, list nor fetch this merchant's refunds", async () => {
      const tx = await api.charge();
      const refund = (await api.refund(tx.id, { amount: 10 })).json().data;
      const other = client(gw, await gw.merchant('Nosy Shop'));
      const refused = await other.refund(tx.id, { amount: 10 });
      expect(refused.statusCode).toBe(404);
      expect(refused.json().message).toBe('No transaction was found for this id');
      expect((await other.get('/v3/refunds')).json().meta.page_info.total).toBe(0);
      expect((await other.get(`/v3/refunds/${refund.id}`)).statusCode).toBe(404);
      expect((await api.v4Charge(tx.tx_ref)).refunded).toBe(false);
    });
  });
});

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`concurrent refunds on ${kind.name}`, () => {
    let gw: TestGateway;
    let api: ReturnType<typeof client>;

    beforeAll(async () => {
      gw = await startGateway(kind);
      api = client(gw, await gw.merchant('Race Shop'));
    });
    afterAll(() => gw.close());

    const totals = async (txId: number) => {
      const { rows } = await gw.deps.db.query<{ amount: unknown; refunded: unknown; sum: unknown }>(
        `SELECT c.amount, c.amount_refunded AS refunded, (SELECT coalesce(sum(r.amount), 0) FROM refunds r WHERE r.charge_id = c.id) AS sum
         FROM charges c WHERE c.tx_id = $1`,
        [txId],
      );
      return {
        amount: Number(rows[0]?.amount),
        refunded: Number(rows[0]?.refunded),
        sum: Number(rows[0]?.sum),
      };
    };

    it('20 partial refunds racing on one charge never take more than its amount', async () => {
      const tx = await api.charge({ amount: 100 });
      const replies = await Promise.all(Array.from({ length: 20 }, () => api.refund(tx.id, { amount: 7 })));
      const codes = replies.map((r) => r.statusCode);
      expect(codes.filter((c) => c === 200)).toHaveLength(14); // 14 × 7 = 98 ≤ 100 < 15 × 7
      for (const r of replies.filter((x) => x.statusCode !== 200)) {
        expect(r.statusCode).toBe(400);
        expect(r.json().message).toBe('Refund amount is more than what can still be refunded: NGN 2.00');
      }
      expect(await totals(tx.id)).toEqual({ amount: 10000, refunded: 9800, sum: 9800 });
    });

    it('20 full refunds racing on one charge: exactly one succeeds', async () => {
      const tx = await api.charge({ amount: 100 });
      const replies = await Promise.all(Array.from({ length: 20 }, () => api.refund(tx.id)));
      expect(replies.filter((r) => r.statusCode === 200)).toHaveLength(1);
      for (const r of replies.filter((x) => x.statusCode !== 200)) {
        expect(r.json().message).toBe('This transaction has already been fully refunded');
      }
      expect(await totals(tx.id)).toEqual({ amount: 10000, refunded: 10000, sum: 10000 });
      const { rows } = await gw.deps.db.query<{ n: unknown }>(
        `SELECT count(*) AS n FROM events e JOIN charges c ON c.id = e.charge_id WHERE c.tx_id = $1 AND e.type = 'refund.completed'`,
        [tx.id],
      );
      expect(Number(rows[0]?.n)).toBe(1);
    });
  });
}

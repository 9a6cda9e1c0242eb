/**
 * v3 chargebacks through the public API, on both stores: the sandbox opens one on a transaction by
 * flw_ref, `GET /v3/chargebacks` finds it (by flw_ref, by day), `PUT /v3/chargebacks/{id}` accepts or
 * declines it, the sandbox control decides; the ledger moves once, and other merchants see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderWebhook } from '../../../src/api/webhook-bodies.js';
import { eventFromRow } from '../../../src/store/events.js';
import { ledgerMismatches } from '../../../src/store/ledger.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { v3Card, v3Headers } from '../../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 chargebacks (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice V3 Disputes');
      bob = await gw.merchant('Bob V3 Disputes');
    });
    afterAll(() => gw.close());

    const call = (m: TestMerchant, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      gw.app.inject({ method, url, headers: v3Headers(m), ...(payload ? { payload } : {}) });
    const charge = async (m: TestMerchant, amount = 500) => {
      const res = await call(m, 'POST', '/v3/charges?type=card', v3Card(NOAUTH_CARD, { amount }));
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { id: number; flw_ref: string; tx_ref: string } }>().data;
    };
    const open = async (m: TestMerchant, flwRef: string, amount?: number) => {
      const res = await call(m, 'POST', '/v3/sandbox/chargebacks', {
        flw_ref: flwRef,
        ...(amount === undefined ? {} : { amount }),
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ data: { id: number; status: string; amount: number } }>().data;
    };
    const balance = async (m: TestMerchant) => {
      const res = await call(m, 'GET', '/v3/balances/NGN');
      return res.json<{ data: { available_balance: number } }>().data.available_balance;
    };

    it('opens one by flw_ref and lists it in the v3 shape, by flw_ref and by day', async () => {
      const tx = await charge(alice);
      const cb = await open(alice, tx.flw_ref);
      expect(cb).toMatchObject({ status: 'pending', amount: 500 });
      const res = await call(alice, 'GET', `/v3/chargebacks?flw_ref=${tx.flw_ref}`);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({
        status: 'success',
        message: 'Chargebacks fetched',
        meta: { page_info: { total: 1, current_page: 1, total_pages: 1 } },
      });
      expect(body.data[0]).toMatchObject({
        id: cb.id,
        amount: 500,
        flw_ref: tx.flw_ref,
        status: 'pending',
        stage: 'new',
        transaction_id: tx.id,
        tx_ref: tx.tx_ref,
        settlement_id: 'N/A',
      });
      expect(Date.parse(body.data[0].due_date) - gw.clock.now().getTime()).toBe(10 * 3_600_000);
      const day = gw.clock.now().toISOString().slice(0, 10);
      const today = await call(alice, 'GET', `/v3/chargebacks?from=${day}&to=${day}`);
      expect(today.json().data.map((c: { id: number }) => c.id)).toContain(cb.id);
      const tomorrow = new Date(gw.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
      const later = await call(alice, 'GET', `/v3/chargebacks?from=${tomorrow}`);
      expect(later.json().data).toEqual([]);
      const bad = await call(alice, 'GET', '/v3/chargebacks?from=yesterday');
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('from');
    });

    it('accept: the money goes back once; a second answer is refused', async () => {
      const tx = await charge(alice);
      const before = await balance(alice);
      const cb = await open(alice, tx.flw_ref, 200);
      expect(await balance(alice)).toBe(before - 200);
      const res = await call(alice, 'PUT', `/v3/chargebacks/${cb.id}`, { action: 'accept', comment: 'Fair' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'success',
        message: 'Chargeback accepted',
        data: { id: cb.id, status: 'accepted', comment: 'Fair' },
      });
      const again = await call(alice, 'PUT', `/v3/chargebacks/${cb.id}`, { action: 'decline', comment: 'x' });
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ status: 'error' });
      expect(await balance(alice)).toBe(before - 200);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('decline needs a comment; declined then lost debits once, won releases', async () => {
      const tx = await charge(alice, 900);
      const before = await balance(alice);
      const lost = await open(alice, tx.flw_ref, 300);
      const won = await open(alice, tx.flw_ref, 300);
      const bare = await call(alice, 'PUT', `/v3/chargebacks/${lost.id}`, { action: 'decline' });
      expect(bare.statusCode).toBe(400);
      expect(bare.body).toContain('comment');
      for (const c of [lost, won]) {
        const res = await call(alice, 'PUT', `/v3/chargebacks/${c.id}`, {
          action: 'decline',
          comment: 'Delivered and signed for',
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().message).toBe('Chargeback declined');
      }
      const l = await call(alice, 'POST', `/v3/sandbox/chargebacks/${lost.id}/resolve`, { outcome: 'lost' });
      expect(l.json().data.status).toBe('lost');
      const w = await call(alice, 'POST', `/v3/sandbox/chargebacks/${won.id}/resolve`, { outcome: 'won' });
      expect(w.json().data.status).toBe('won');
      expect(await balance(alice)).toBe(before - 300);
      const third = await call(alice, 'POST', '/v3/sandbox/chargebacks', {
        flw_ref: tx.flw_ref,
        amount: 601,
      });
      expect(third.statusCode).toBe(400);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('renders its events as v3 webhook bodies', async () => {
      const tx = await charge(alice);
      const cb = await open(alice, tx.flw_ref, 5);
      const { rows } = await gw.deps.db.query<{
        id: string;
        merchant_id: string;
        type: 'chargeback.created';
        charge_id: string;
        data: unknown;
        created_at: Date;
      }>(
        `SELECT id, merchant_id, type, charge_id, data, created_at FROM events WHERE type = 'chargeback.created' ORDER BY created_at DESC, seq DESC LIMIT 1`,
      );
      const row = rows[0];
      if (!row) throw new Error('no chargeback.created event');
      const event = eventFromRow({
        id: row.id,
        merchantId: row.merchant_id,
        type: row.type,
        chargeId: row.charge_id,
        data: row.data,
        createdAt: row.created_at,
      });
      const body = renderWebhook({
        event,
        dialect: 'v3',
        mode: 'envelope',
        accountId: 1,
        customer: undefined,
      });
      expect(body).toMatchObject({
        event: 'chargeback.created',
        'event.type': 'CHARGEBACK',
        data: { id: cb.id, flw_ref: tx.flw_ref, status: 'pending', amount: 5 },
      });
    });

    it('unknown ids, bad actions, and other merchants’ chargebacks', async () => {
      const tx = await charge(alice);
      const cb = await open(alice, tx.flw_ref, 1);
      const bad = await call(alice, 'PUT', `/v3/chargebacks/${cb.id}`, { action: 'refund' });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('action');
      const unknown = await call(alice, 'PUT', '/v3/chargebacks/999999999', { action: 'accept' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().message).toBe('No chargeback was found for this id');
      expect((await call(bob, 'PUT', `/v3/chargebacks/${cb.id}`, { action: 'accept' })).statusCode).toBe(404);
      const resolve = await call(bob, 'POST', `/v3/sandbox/chargebacks/${cb.id}/resolve`, {
        outcome: 'lost',
      });
      expect(resolve.statusCode).toBe(404);
      expect((await call(bob, 'POST', '/v3/sandbox/chargebacks', { flw_ref: tx.flw_ref })).statusCode).toBe(
        404,
      );
      const list = await call(bob, 'GET', `/v3/chargebacks?flw_ref=${tx.flw_ref}`);
      expect(list.json().data).toEqual([]);
    });
  });
}

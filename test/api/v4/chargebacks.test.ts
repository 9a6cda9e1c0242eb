/**
 * v4 chargebacks through the public API, on both stores: opening one holds its amount on the wallet,
 * the merchant accepts or declines with evidence, the sandbox control decides won or lost; the ledger
 * moves exactly once per outcome, every step has its event, and other merchants see nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerMismatches } from '../../../src/store/ledger.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { v3Card, v3Headers } from '../../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 chargebacks (${kind.name})`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Disputes');
      bob = await gw.merchant('Bob Disputes');
    });
    afterAll(() => gw.close());

    const call = (m: TestMerchant, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
      gw.app.inject({
        method,
        url,
        headers: m.headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    /** A successful NGN charge (a v3 no-auth card), as v4 names it. */
    const charge = async (m: TestMerchant, amount = 1000): Promise<string> => {
      const card = v3Card(NOAUTH_CARD, { amount });
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=card',
        headers: v3Headers(m),
        payload: card,
      });
      expect(res.statusCode, res.body).toBe(200);
      const found = await call(m, 'GET', `/charges?reference=${card.tx_ref}`);
      return found.json<{ data: { id: string; status: string }[] }>().data[0]?.id ?? '';
    };
    const wallet = async (m: TestMerchant) => {
      const res = await call(m, 'GET', '/wallets/balances/NGN');
      return res.json<{ data: { available_balance: number } }>().data.available_balance;
    };
    const open = async (m: TestMerchant, chargeId: string, amount = 400) => {
      const res = await call(m, 'POST', '/chargebacks', {
        charge_id: chargeId,
        amount,
        expiry: 24,
        type: 'local',
        comment: 'Customer says the goods never arrived',
      });
      expect(res.statusCode, res.body).toBe(201);
      expectOperationResponse('POST /chargebacks', 201, res.json());
      return res.json<{ data: { id: string; status: string; due_datetime: string } }>().data;
    };
    const totalHeld = async (id: string) => {
      const { rows } = await gw.deps.db.query<{ kind: string; account: string; amount: unknown }>(
        'SELECT kind, account, amount FROM ledger_entries WHERE source_id = $1 ORDER BY id',
        [id],
      );
      return rows.map((r) => `${r.kind} ${r.account} ${String(r.amount)}`);
    };

    it('opens a chargeback on a successful charge: pending, due after expiry hours, the amount held', async () => {
      const chargeId = await charge(alice);
      const disputed = async () => (await call(alice, 'GET', `/charges/${chargeId}`)).json().data.disputed;
      expect(await disputed()).toBe(false);
      const before = await wallet(alice);
      const cb = await open(alice, chargeId);
      // The charge says so from then on.
      expect(await disputed()).toBe(true);
      expect(cb).toMatchObject({
        status: 'pending',
        stage: 'new',
        type: 'local',
        amount: 400,
        charge_id: chargeId,
      });
      expect(cb.id).toMatch(/^chb_/);
      expect(new Date(cb.due_datetime).getTime() - gw.clock.now().getTime()).toBe(24 * 3_600_000);
      expect(await wallet(alice)).toBe(before - 400);
      const got = await call(alice, 'GET', `/chargebacks/${cb.id}`);
      expect(got.statusCode).toBe(200);
      expectOperationResponse('GET /chargebacks/{id}', 200, got.json());
      expect(got.json().data).toMatchObject({ id: cb.id, comment: 'Customer says the goods never arrived' });
      const page = await call(alice, 'GET', '/chargebacks?size=10');
      expect(page.statusCode).toBe(200);
      expectOperationResponse('GET /chargebacks', 200, page.json());
      expect(page.json().data.map((c: { id: string }) => c.id)).toContain(cb.id);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('declined with evidence, then lost: the held amount is debited exactly once', async () => {
      const chargeId = await charge(alice);
      const before = await wallet(alice);
      const cb = await open(alice, chargeId, 600);
      const noEvidence = await call(alice, 'PUT', `/chargebacks/${cb.id}`, { status: 'declined' });
      expect(noEvidence.statusCode).toBe(400);
      expect(noEvidence.json().error.validation_errors[0].field_name).toBe('comment');
      const declined = await call(alice, 'PUT', `/chargebacks/${cb.id}`, {
        status: 'declined',
        uploaded_proof: 'https://merchant.example/proof.pdf',
      });
      expect(declined.statusCode, declined.body).toBe(200);
      expectOperationResponse('PUT /chargebacks/{id}', 200, declined.json());
      expect(declined.json().data.status).toBe('declined');
      const lost = await call(alice, 'POST', `/sandbox/chargebacks/${cb.id}/resolve`, { outcome: 'lost' });
      expect(lost.statusCode, lost.body).toBe(200);
      expect(lost.json().data.status).toBe('lost');
      const again = await call(alice, 'POST', `/sandbox/chargebacks/${cb.id}/resolve`, { outcome: 'lost' });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.type).toBe('CHARGEBACK_NOT_UPDATABLE');
      const accept = await call(alice, 'PUT', `/chargebacks/${cb.id}`, { status: 'accepted' });
      expect(accept.statusCode).toBe(400);
      expect(await wallet(alice)).toBe(before - 600);
      expect(await totalHeld(cb.id)).toEqual([
        'dispute_hold available -60000',
        'dispute_hold held 60000',
        'dispute_debit held -60000',
        'dispute_debit chargebacks 60000',
      ]);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('declined then won: the hold is released back to available', async () => {
      const chargeId = await charge(alice);
      const before = await wallet(alice);
      const cb = await open(alice, chargeId, 250);
      const declined = await call(alice, 'PUT', `/chargebacks/${cb.id}`, {
        status: 'declined',
        comment: 'Delivered, signed for',
      });
      expect(declined.statusCode, declined.body).toBe(200);
      const won = await call(alice, 'POST', `/sandbox/chargebacks/${cb.id}/resolve`, { outcome: 'won' });
      expect(won.statusCode, won.body).toBe(200);
      expect(won.json().data).toMatchObject({ status: 'won', comment: 'Delivered, signed for' });
      expect(await wallet(alice)).toBe(before);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('accepted: debited at once; racing answers move money once', async () => {
      const chargeId = await charge(alice);
      const before = await wallet(alice);
      const cb = await open(alice, chargeId, 100);
      const answers = await Promise.all([
        call(alice, 'PUT', `/chargebacks/${cb.id}`, { status: 'accepted' }),
        call(alice, 'PUT', `/chargebacks/${cb.id}`, { status: 'accepted' }),
        call(alice, 'POST', `/sandbox/chargebacks/${cb.id}/resolve`, { outcome: 'lost' }),
      ]);
      expect(answers.filter((r) => r.statusCode === 200)).toHaveLength(1);
      expect(await wallet(alice)).toBe(before - 100);
      expect((await totalHeld(cb.id)).filter((e) => e.startsWith('dispute_debit'))).toHaveLength(2);
      expect(await ledgerMismatches(gw.deps.db)).toEqual([]);
    });

    it('records an event at each step, with the chargeback as the v4 webhook body', async () => {
      const chargeId = await charge(alice);
      const cb = await open(alice, chargeId, 50);
      await call(alice, 'PUT', `/chargebacks/${cb.id}`, { status: 'accepted' });
      const created = await call(alice, 'GET', '/events?type=chargeback.created');
      expect(created.statusCode, created.body).toBe(200);
      const updated = await call(alice, 'GET', '/events?type=chargeback.updated');
      const ids = [created, updated].map((r) =>
        r.json<{ data: { id: string; charge_id?: string }[] }>().data.filter((e) => e.charge_id === chargeId),
      );
      expect(ids.map((x) => x.length)).toEqual([1, 1]);
      const one = await call(alice, 'GET', `/events/${ids[1]?.[0]?.id ?? ''}`);
      expect(one.json().data.payload).toMatchObject({
        type: 'chargeback.updated',
        data: { id: cb.id, status: 'accepted', charge_id: chargeId },
      });
    });

    it('refuses what cannot be disputed: unknown charge, too much, bad fields', async () => {
      const chargeId = await charge(alice, 100);
      const base = { charge_id: chargeId, amount: 10, expiry: 24, type: 'local' };
      const unknown = await call(alice, 'POST', '/chargebacks', { ...base, charge_id: 'chg_nope123456' });
      expect(unknown.statusCode).toBe(404);
      const tooMuch = await call(alice, 'POST', '/chargebacks', { ...base, amount: 101 });
      expect(tooMuch.statusCode).toBe(400);
      expect(tooMuch.json().error.type).toBe('CHARGEBACK_AMOUNT_INVALID');
      await open(alice, chargeId, 60);
      const rest = await call(alice, 'POST', '/chargebacks', { ...base, amount: 41 });
      expect(rest.json().error.type).toBe('CHARGEBACK_AMOUNT_INVALID');
      const noType = await call(alice, 'POST', '/chargebacks', { charge_id: chargeId, amount: 1, expiry: 1 });
      expect(noType.statusCode).toBe(400);
      expect(noType.body).toContain('type');
      const badExpiry = await call(alice, 'POST', '/chargebacks', { ...base, expiry: 0 });
      expect(badExpiry.statusCode).toBe(400);
      expect(badExpiry.body).toContain('expiry');
      const badStatus = await call(alice, 'PUT', '/chargebacks/chb_nope123456', { status: 'won' });
      expect(badStatus.statusCode).toBe(400);
      const missing = await call(alice, 'GET', '/chargebacks/chb_nope123456');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.type).toBe('CHARGEBACK_NOT_FOUND');
    });

    it('keeps each merchant to its own chargebacks and charges', async () => {
      const chargeId = await charge(alice);
      const cb = await open(alice, chargeId, 10);
      const theirs = await call(bob, 'POST', '/chargebacks', {
        charge_id: chargeId,
        amount: 1,
        expiry: 1,
        type: 'local',
      });
      expect(theirs.statusCode).toBe(404);
      expect((await call(bob, 'GET', `/chargebacks/${cb.id}`)).statusCode).toBe(404);
      expect((await call(bob, 'PUT', `/chargebacks/${cb.id}`, { status: 'accepted' })).statusCode).toBe(404);
      expect(
        (await call(bob, 'POST', `/sandbox/chargebacks/${cb.id}/resolve`, { outcome: 'won' })).statusCode,
      ).toBe(404);
      const list = await call(bob, 'GET', '/chargebacks');
      expect(list.json().data).toEqual([]);
      expect((await call(alice, 'GET', `/chargebacks/${cb.id}`)).json().data.status).toBe('pending');
    });
  });
}

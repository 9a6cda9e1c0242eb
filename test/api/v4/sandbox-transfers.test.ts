/**
 * `POST /sandbox/virtual-accounts/{id}/transfers` through the public HTTP API, on both stores: money
 * arriving in v4 virtual accounts becomes charges — exact, under- and overpaid into dynamic accounts,
 * any number into static ones, the account's scenario deciding — found with GET /charges?virtual_account_id,
 * each with one charge.completed event; inactive accounts refuse the money.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

const BVN = '12345678901';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`sandbox transfers into v4 virtual accounts on ${kind.name}`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    let customer: string;
    let n = 0;
    const ref = () => `vat-${(n++).toString(36)}-${Date.now().toString(36)}`;

    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Shop');
      bob = await gw.merchant('Bob Shop');
      customer = (
        await gw.app.inject({
          method: 'POST',
          url: '/customers',
          headers: alice.headers,
          payload: { email: 'ada@example.com' },
        })
      ).json().data.id;
    });
    afterAll(() => gw.close());

    const open = async (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/virtual-accounts',
        headers: { ...alice.headers, ...headers },
        payload: {
          reference: ref(),
          customer_id: customer,
          amount: 1500,
          currency: 'NGN',
          account_type: 'dynamic',
          ...extra,
        },
      });
      expect(res.statusCode).toBe(201);
      return res.json().data as { id: string; account_number: string; account_bank_name: string };
    };
    const openStatic = (headers: Record<string, string> = {}) =>
      open({ account_type: 'static', amount: 0, bvn: BVN }, headers);
    const transfer = (id: string, payload: object, m: TestMerchant = alice) =>
      gw.app.inject({
        method: 'POST',
        url: `/sandbox/virtual-accounts/${id}/transfers`,
        headers: m.headers,
        payload,
      });
    const accountStatus = async (id: string) =>
      (await gw.app.inject({ method: 'GET', url: `/virtual-accounts/${id}`, headers: alice.headers })).json()
        .data.status;
    const chargesOf = async (id: string) => {
      const res = await gw.app.inject({
        method: 'GET',
        url: `/charges?virtual_account_id=${id}`,
        headers: alice.headers,
      });
      expect(res.statusCode).toBe(200);
      expectOperationResponse('GET /charges', 200, res.json());
      return res.json();
    };
    /** The charge's timeline notes, through v3's transaction events (the same charge, the other dialect). */
    const notesOf = async (reference: string) => {
      const v3 = { authorization: `Bearer ${alice.credentials.v3.secret_key}` };
      const verified = await gw.app.inject({
        method: 'GET',
        url: `/v3/transactions/verify_by_reference?tx_ref=${reference}`,
        headers: v3,
      });
      const events = await gw.app.inject({
        method: 'GET',
        url: `/v3/transactions/${verified.json().data.id}/events`,
        headers: v3,
      });
      return (events.json().data as { note: string }[]).map((e) => e.note);
    };
    const eventsOf = async (chargeId: string) =>
      (
        await gw.deps.db.query<{ type: string; status: string }>(
          `SELECT type, data->'charge'->>'status' AS status FROM events WHERE charge_id = $1`,
          [chargeId],
        )
      ).rows;

    it('turns the exact amount into a succeeded charge, and uses the dynamic account up', async () => {
      const account = await open({ meta: { order: '42' } });
      const res = await transfer(account.id, {
        amount: 1500,
        originator_name: 'Ada Obi',
        originator_account_number: '0690000031',
        originator_bank_name: 'ACCESS BANK',
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expectOperationResponse('GET /charges/{id}', 200, body);
      expect(body).toMatchObject({
        status: 'success',
        message: 'Charge created',
        data: {
          amount: 1500,
          currency: 'NGN',
          customer_id: customer,
          status: 'succeeded',
          processor_response: { type: 'approved', code: '00' },
          meta: { order: '42' },
          payment_method_details: { type: 'bank_transfer', customer_id: customer },
        },
      });
      expect(body.data.reference).toMatch(/^BTR-[A-Za-z0-9]{20}$/);
      expect(await accountStatus(account.id)).toBe('inactive');
      expect(await notesOf(body.data.reference)).toContain(
        'Received the NGN 1,500.00 due by bank transfer; approved (00)',
      );
      expect(await eventsOf(body.data.id)).toEqual([{ type: 'charge.completed', status: 'succeeded' }]);

      const again = await transfer(account.id, { amount: 1500 });
      expect(again.statusCode).toBe(400);
      expect(again.json().error).toMatchObject({
        type: 'VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE',
        code: '19400',
        message: `Virtual account ${account.id} was dynamic and has already been paid: it takes no more transfers`,
      });
      expect((await chargesOf(account.id)).data).toHaveLength(1);
    });

    it('fails an underpayment with 13 invalid_amount and keeps the account open for the full amount', async () => {
      const account = await open();
      const under = await transfer(account.id, { amount: 1000 });
      expect(under.statusCode).toBe(201);
      expect(under.json().data).toMatchObject({
        amount: 1500,
        status: 'failed',
        processor_response: { type: 'invalid_amount', code: '13' },
      });
      expect(await notesOf(under.json().data.reference)).toContain(
        'Received NGN 1,000.00 of the NGN 1,500.00 due: underpaid, returned to the sender',
      );
      expect(await accountStatus(account.id)).toBe('active');
      const full = await transfer(account.id, { amount: '1500.00' });
      expect(full.json().data.status).toBe('succeeded');
      const listed = await chargesOf(account.id);
      expect(listed.data.map((c: { id: string }) => c.id)).toEqual([
        full.json().data.id,
        under.json().data.id,
      ]);
      expect(await eventsOf(under.json().data.id)).toEqual([{ type: 'charge.completed', status: 'failed' }]);
    });

    it('takes an overpayment for the amount due and notes the excess returned', async () => {
      const account = await open();
      const over = await transfer(account.id, { amount: 2000.5 });
      expect(over.json().data).toMatchObject({ amount: 1500, status: 'succeeded' });
      expect(await notesOf(over.json().data.reference)).toContain(
        'Received NGN 2,000.50 for NGN 1,500.00 due; NGN 500.50 returned to the sender; approved (00)',
      );
      expect(await accountStatus(account.id)).toBe('inactive');
    });

    it('lets a static account take several transfers, each a charge of what arrived', async () => {
      const account = await openStatic();
      const other = await openStatic();
      const amounts = [100, 2500.25, 7];
      const ids: string[] = [];
      for (const amount of amounts) {
        const res = await transfer(account.id, { amount });
        expect(res.json().data).toMatchObject({ amount, status: 'succeeded' });
        ids.push(res.json().data.id);
      }
      await transfer(other.id, { amount: 50 });
      expect(await accountStatus(account.id)).toBe('active');
      const listed = await chargesOf(account.id);
      expect(listed.meta.page_info.total).toBe(3);
      expect(listed.data.map((c: { id: string }) => c.id)).toEqual(ids.reverse());
      expect(new Set(listed.data.map((c: { reference: string }) => c.reference)).size).toBe(3);
      for (const id of ids) expect(await eventsOf(id)).toHaveLength(1);
    });

    it('fails every transfer into an issuer:failed account with 05 and leaves the account open', async () => {
      const account = await open({}, { 'x-scenario-key': 'issuer:failed' });
      const res = await transfer(account.id, { amount: 1500 });
      expect(res.json().data).toMatchObject({
        status: 'failed',
        processor_response: { type: 'do_not_honor', code: '05' },
      });
      expect(await accountStatus(account.id)).toBe('active');
      const staticFailed = await openStatic({ 'x-scenario-key': 'issuer:insufficient_funds' });
      const declined = await transfer(staticFailed.id, { amount: 10 });
      expect(declined.json().data.processor_response).toEqual({ type: 'insufficient_funds', code: '51' });
    });

    it('lets only one of several racing exact transfers pay a dynamic account', async () => {
      const account = await open();
      const results = await Promise.all(
        Array.from({ length: 5 }, () => transfer(account.id, { amount: 1500 })),
      );
      const paid = results.filter((r) => r.statusCode === 201);
      expect(paid).toHaveLength(1);
      expect(paid[0]?.json().data.status).toBe('succeeded');
      for (const r of results.filter((r) => r.statusCode !== 201)) {
        expect(r.statusCode).toBe(400);
        expect(r.json().error.type).toBe('VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE');
      }
      expect((await chargesOf(account.id)).meta.page_info.total).toBe(1);
    });

    it('leaves the charge pending for a requery when the account’s scenario asks for it', async () => {
      const account = await open({}, { 'x-scenario-key': 'scenario:requery' });
      const res = await transfer(account.id, { amount: 1500 });
      expect(res.statusCode).toBe(201);
      expectOperationResponse('GET /charges/{id}', 200, res.json());
      expect(res.json().data).toMatchObject({
        status: 'pending',
        next_action: { type: 'requires_requery' },
      });
      expect(await accountStatus(account.id)).toBe('active');
    });

    it('refuses money once the account has expired', async () => {
      const account = await open({ expiry: 60 });
      gw.clock.advance(60_000);
      const res = await transfer(account.id, { amount: 1500 });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.type).toBe('VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE');
      expect(res.json().error.message).toMatch(/expired at .*: it takes no more transfers/);
      expect((await chargesOf(account.id)).data).toHaveLength(0);
    });

    it('refuses money once the account has been deactivated', async () => {
      const account = await openStatic();
      await gw.app.inject({
        method: 'PUT',
        url: `/virtual-accounts/${account.id}`,
        headers: alice.headers,
        payload: { action_type: 'update_status', status: 'inactive' },
      });
      const res = await transfer(account.id, { amount: 100 });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        type: 'VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE',
        message: `Virtual account ${account.id} was deactivated: it takes no more transfers`,
      });
    });

    it('names the amount when it is not a positive amount of the account’s currency', async () => {
      const account = await openStatic();
      for (const amount of [0, -1, 'ten', 1.234, null]) {
        const res = await transfer(account.id, { amount });
        expect(res.statusCode, String(amount)).toBe(400);
        expect(res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name)).toEqual([
          'amount',
        ]);
      }
      const missing = await transfer(account.id, {});
      expect(missing.statusCode).toBe(400);
      expect((await chargesOf(account.id)).data).toHaveLength(0);
    });

    it('answers 404 for an unknown account and another merchant’s', async () => {
      const account = await openStatic();
      for (const [id, m] of [
        ['van_0000000000', alice],
        [account.id, bob],
      ] as const) {
        const res = await transfer(id, { amount: 100 }, m);
        expect(res.statusCode).toBe(404);
        expect(res.json().error.type).toBe('VIRTUAL_ACCOUNT_NOT_FOUND');
      }
      expect((await chargesOf(account.id)).data).toHaveLength(0);
    });

    it('lists no charge of another merchant’s account', async () => {
      const account = await openStatic();
      await transfer(account.id, { amount: 100 });
      const res = await gw.app.inject({
        method: 'GET',
        url: `/charges?virtual_account_id=${account.id}`,
        headers: bob.headers,
      });
      expect(res.json().data).toEqual([]);
    });
  });
}

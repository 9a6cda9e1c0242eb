/**
 * v4 `/virtual-accounts` through the public HTTP API, on both stores: the creation rules of spec §8.7
 * per currency and account type, the documented response shape, reference uniqueness, idempotency,
 * status read honestly over time (expiry), deactivation and BVN updates, and merchant isolation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isNuban } from '../../../src/domain/virtual-account.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

const BVN = '12345678901';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`/virtual-accounts on ${kind.name}`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    let aliceCustomer: string;
    let bobCustomer: string;
    let n = 0;
    const ref = (prefix = 'va') => `${prefix}-${(n++).toString(36)}-${Date.now().toString(36)}`;

    const newCustomer = async (m: TestMerchant) =>
      (
        await gw.app.inject({
          method: 'POST',
          url: '/customers',
          headers: m.headers,
          payload: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
        })
      ).json().data.id as string;

    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Shop');
      bob = await gw.merchant('Bob Shop');
      aliceCustomer = await newCustomer(alice);
      bobCustomer = await newCustomer(bob);
    });
    afterAll(() => gw.close());

    const dynamic = (extra: Record<string, unknown> = {}) => ({
      reference: ref(),
      customer_id: aliceCustomer,
      amount: 1500,
      currency: 'NGN',
      account_type: 'dynamic',
      ...extra,
    });
    const create = (m: TestMerchant, payload: object, headers: Record<string, string> = {}) =>
      gw.app.inject({
        method: 'POST',
        url: '/virtual-accounts',
        headers: { ...m.headers, ...headers },
        payload,
      });
    const fetch = (m: TestMerchant, id: string) =>
      gw.app.inject({ method: 'GET', url: `/virtual-accounts/${id}`, headers: m.headers });
    const put = (m: TestMerchant, id: string, payload: object) =>
      gw.app.inject({ method: 'PUT', url: `/virtual-accounts/${id}`, headers: m.headers, payload });
    const fieldsOf = (body: { error: { validation_errors?: { field_name: string }[] } }) =>
      (body.error.validation_errors ?? []).map((e) => e.field_name);

    describe('POST /virtual-accounts', () => {
      it('opens a dynamic NGN account at WEMA BANK for an hour, in the documented shape', async () => {
        const payload = dynamic({ meta: { order: '42' } });
        expectValidRequest('POST /virtual-accounts', payload);
        const res = await create(alice, payload);
        expect(res.statusCode).toBe(201);
        const body = res.json();
        expectOperationResponse('POST /virtual-accounts', 201, body);
        const now = gw.clock.now();
        expect(body).toMatchObject({
          status: 'success',
          message: 'Virtual account created',
          data: {
            amount: 1500,
            currency: 'NGN',
            reference: payload.reference,
            account_bank_name: 'WEMA BANK',
            account_type: 'dynamic',
            status: 'active',
            customer_id: aliceCustomer,
            meta: { order: '42' },
            note: 'Please make a bank transfer to Alice Shop',
            created_datetime: now.toISOString(),
            account_expiration_datetime: new Date(now.getTime() + 3_600_000).toISOString(),
          },
        });
        expect(body.data.id).toMatch(/^van_[A-Za-z0-9]{10}$/);
        expect(isNuban(body.data.account_number, '035')).toBe(true);
      });

      it('names the narration in the note and honours the expiry asked for', async () => {
        const res = await create(alice, dynamic({ narration: 'Ada Obi Wallet', expiry: 600, amount: 99.5 }));
        expect(res.statusCode).toBe(201);
        const { data } = res.json();
        expect(data.note).toBe('Please make a bank transfer to Ada Obi Wallet');
        expect(data.amount).toBe(99.5);
        expect(data.account_expiration_datetime).toBe(
          new Date(gw.clock.now().getTime() + 600_000).toISOString(),
        );
      });

      it('opens a static NGN account with a BVN (or a NIN) that never expires', async () => {
        for (const id of [{ bvn: BVN }, { nin: '98765432109' }]) {
          const payload = { ...dynamic({ account_type: 'static', amount: 0 }), ...id };
          expectValidRequest('POST /virtual-accounts', payload);
          const res = await create(alice, payload);
          expect(res.statusCode).toBe(201);
          const body = res.json();
          expectOperationResponse('POST /virtual-accounts', 201, body);
          expect(body.data).toMatchObject({ account_type: 'static', amount: 0, status: 'active' });
          const years = new Date(body.data.account_expiration_datetime).getUTCFullYear();
          expect(years).toBe(gw.clock.now().getUTCFullYear() + 1000);
        }
      });

      it('refuses a static NGN account without a BVN or NIN, naming bvn', async () => {
        const res = await create(alice, dynamic({ account_type: 'static', amount: 0 }));
        expect(res.statusCode).toBe(400);
        const body = res.json();
        expectOperationResponse('POST /virtual-accounts', 400, body);
        expect(body.error).toMatchObject({ type: 'REQUEST_NOT_VALID', code: '10400' });
        expect(fieldsOf(body)).toEqual(['bvn']);
        expect(body.error.validation_errors[0].message).toMatch(/bvn or nin is required/);
      });

      it('refuses a static account with an amount, or with an expiry, naming the field', async () => {
        const withAmount = await create(alice, dynamic({ account_type: 'static', amount: 100, bvn: BVN }));
        expect(withAmount.statusCode).toBe(400);
        expect(fieldsOf(withAmount.json())).toEqual(['amount']);
        expect(withAmount.json().error.validation_errors[0].message).toBe(
          'amount must be 0 for a static account',
        );
        const withExpiry = await create(
          alice,
          dynamic({ account_type: 'static', amount: 0, bvn: BVN, expiry: 600 }),
        );
        expect(withExpiry.statusCode).toBe(400);
        expect(fieldsOf(withExpiry.json())).toEqual(['expiry']);
      });

      it('refuses a dynamic account without an amount to collect', async () => {
        for (const amount of [0, '0.00']) {
          const res = await create(alice, dynamic({ amount }));
          expect(res.statusCode).toBe(400);
          expect(fieldsOf(res.json())).toEqual(['amount']);
          expect(res.json().error.validation_errors[0].message).toMatch(
            /greater than 0 for a dynamic account/,
          );
        }
        const negative = await create(alice, dynamic({ amount: -5 }));
        expect(negative.statusCode).toBe(400);
        expect(fieldsOf(negative.json())).toEqual(['amount']);
        const tooPrecise = await create(alice, dynamic({ amount: 10.123 }));
        expect(tooPrecise.statusCode).toBe(400);
        expect(tooPrecise.json().error.validation_errors[0].message).toMatch(/at most 2 decimal places/);
      });

      it('requires customer_account_number for EGP and KES, and opens them at their sandbox banks', async () => {
        for (const [currency, bank] of [
          ['EGP', 'BANQUE MISR'],
          ['KES', 'EQUITY BANK KENYA'],
        ] as const) {
          const missing = await create(alice, dynamic({ currency }));
          expect(missing.statusCode).toBe(400);
          expect(fieldsOf(missing.json())).toEqual(['customer_account_number']);
          expect(missing.json().error.validation_errors[0].message).toBe(
            `customer_account_number is required for ${currency} accounts`,
          );
          const res = await create(alice, dynamic({ currency, customer_account_number: '0123456789' }));
          expect(res.statusCode).toBe(201);
          expectOperationResponse('POST /virtual-accounts', 201, res.json());
          expect(res.json().data).toMatchObject({ currency, account_bank_name: bank });
        }
      });

      it('opens GHS accounts, static ones without a BVN', async () => {
        const res = await create(alice, dynamic({ currency: 'GHS', account_type: 'static', amount: 0 }));
        expect(res.statusCode).toBe(201);
        expect(res.json().data).toMatchObject({ currency: 'GHS', account_bank_name: 'ACCESS BANK GHANA' });
      });

      it('refuses other currencies, bad expiries and bad BVNs, naming each field', async () => {
        const res = await create(alice, dynamic({ currency: 'USD', expiry: 59, bvn: '0123' }));
        expect(res.statusCode).toBe(400);
        expect(fieldsOf(res.json()).sort()).toEqual(['bvn', 'currency', 'expiry']);
        const missing = await create(alice, {});
        expect(fieldsOf(missing.json()).sort()).toEqual([
          'account_type',
          'amount',
          'currency',
          'customer_id',
          'reference',
        ]);
      });

      it('refuses an unknown customer, and another merchant’s, naming customer_id', async () => {
        for (const customer of ['cus_0000000000', bobCustomer]) {
          const res = await create(alice, dynamic({ customer_id: customer }));
          expect(res.statusCode).toBe(400);
          expect(fieldsOf(res.json())).toEqual(['customer_id']);
        }
      });

      it('refuses a reference already used by one of the merchant’s accounts (409), not another merchant’s', async () => {
        const payload = dynamic();
        expect((await create(alice, payload)).statusCode).toBe(201);
        const again = await create(alice, { ...payload, amount: 10 });
        expect(again.statusCode).toBe(409);
        const body = again.json();
        expectOperationResponse('POST /virtual-accounts', 409, body);
        expect(body.error).toMatchObject({
          type: 'VIRTUAL_ACCOUNT_REFERENCE_ALREADY_EXISTS',
          code: '1900409',
          message: `A virtual account with reference ${payload.reference} already exists`,
        });
        const bobs = await create(bob, { ...payload, customer_id: bobCustomer });
        expect(bobs.statusCode).toBe(201);
      });

      it('replays the first reply under the same X-Idempotency-Key, and refuses the key for another body', async () => {
        const key = `va-key-${ref()}`;
        const payload = dynamic();
        const first = await create(alice, payload, { 'x-idempotency-key': key });
        const second = await create(alice, payload, { 'x-idempotency-key': key });
        expect(first.statusCode).toBe(201);
        expect(second.statusCode).toBe(201);
        expect(second.headers['x-idempotency-cache-hit']).toBe('true');
        expect(second.body).toBe(first.body);
        const other = await create(alice, dynamic(), { 'x-idempotency-key': key });
        expect(other.statusCode).toBe(409);
        expect(other.json().error.type).toBe('RESOURCE_CONFLICT');
        const listed = await gw.app.inject({
          method: 'GET',
          url: `/virtual-accounts?reference=${payload.reference}`,
          headers: alice.headers,
        });
        expect(listed.json().meta.page_info.total).toBe(1);
      });

      it('hands out a different ten-digit account number every time', async () => {
        const numbers = new Set<string>();
        for (let i = 0; i < 8; i++) {
          const res = await create(alice, dynamic());
          numbers.add(res.json().data.account_number as string);
        }
        expect(numbers.size).toBe(8);
        for (const number of numbers) expect(number).toMatch(/^\d{10}$/);
      });

      it('refuses an X-Scenario-Key over 1000 characters', async () => {
        const res = await create(alice, dynamic(), { 'x-scenario-key': `issuer:${'a'.repeat(1000)}` });
        expect(res.statusCode).toBe(400);
        expect(fieldsOf(res.json())).toEqual(['X-Scenario-Key']);
      });
    });

    describe('GET /virtual-accounts and /virtual-accounts/{id}', () => {
      it('fetches an account, and reads an expired dynamic account as inactive', async () => {
        const created = (await create(alice, dynamic({ expiry: 60 }))).json().data;
        const res = await fetch(alice, created.id);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expectOperationResponse('GET /virtual-accounts/{id}', 200, body);
        expect(body).toMatchObject({ status: 'success', message: 'Virtual account fetched', data: created });
        gw.clock.advance(60_000);
        const later = (await fetch(alice, created.id)).json();
        expectOperationResponse('GET /virtual-accounts/{id}', 200, later);
        expect(later.data.status).toBe('inactive');
      });

      it('answers 404 for an unknown account and for another merchant’s', async () => {
        const bobs = (await create(bob, { ...dynamic(), customer_id: bobCustomer })).json().data;
        for (const id of ['van_0000000000', bobs.id, 'nonsense']) {
          const res = await fetch(alice, id);
          expect(res.statusCode).toBe(404);
          expectOperationResponse('GET /virtual-accounts/{id}', 404, res.json());
          expect(res.json().error).toMatchObject({ type: 'VIRTUAL_ACCOUNT_NOT_FOUND', code: '1900404' });
        }
      });

      it('lists the merchant’s accounts most recent first, filtered by reference and dates', async () => {
        const carol = await gw.merchant('Carol Shop');
        const customer = await newCustomer(carol);
        const made: { id: string; reference: string; created_datetime: string }[] = [];
        for (let i = 0; i < 3; i++) {
          made.push((await create(carol, { ...dynamic(), customer_id: customer })).json().data);
          gw.clock.advance(1_000);
        }
        const list = async (query = '') => {
          const res = await gw.app.inject({
            method: 'GET',
            url: `/virtual-accounts${query}`,
            headers: carol.headers,
          });
          expect(res.statusCode).toBe(200);
          expectOperationResponse('GET /virtual-accounts', 200, res.json());
          return res.json();
        };
        const all = await list();
        expect(all.message).toBe('Virtual accounts fetched');
        expect(all.meta.page_info).toEqual({ total: 3, current_page: 1, total_pages: 1 });
        expect(all.data.map((a: { id: string }) => a.id)).toEqual(made.map((a) => a.id).reverse());
        const one = await list(`?reference=${made[1]?.reference}`);
        expect(one.data.map((a: { id: string }) => a.id)).toEqual([made[1]?.id]);
        const since = await list(`?from=${encodeURIComponent(made[1]?.created_datetime ?? '')}`);
        expect(since.data).toHaveLength(2);
        const until = await list(`?to=${encodeURIComponent(made[0]?.created_datetime ?? '')}`);
        expect(until.data.map((a: { id: string }) => a.id)).toEqual([made[0]?.id]);
        const bad = await gw.app.inject({
          method: 'GET',
          url: '/virtual-accounts?size=5',
          headers: carol.headers,
        });
        expect(bad.statusCode).toBe(400);
      });
    });

    describe('PUT /virtual-accounts/{id}', () => {
      it('deactivates an account once; deactivating it again is VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE', async () => {
        const created = (await create(alice, dynamic())).json().data;
        const payload = { action_type: 'update_status', status: 'inactive', meta: { closed: 'yes' } };
        expectValidRequest('PUT /virtual-accounts/{id}', payload);
        const res = await put(alice, created.id, payload);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expectOperationResponse('PUT /virtual-accounts/{id}', 200, body);
        expect(body).toMatchObject({
          message: 'Virtual account updated',
          data: { id: created.id, status: 'inactive', meta: { closed: 'yes' } },
        });
        expect((await fetch(alice, created.id)).json().data.status).toBe('inactive');
        const again = await put(alice, created.id, payload);
        expect(again.statusCode).toBe(400);
        expectOperationResponse('PUT /virtual-accounts/{id}', 400, again.json());
        expect(again.json().error).toMatchObject({
          type: 'VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE',
          code: '19400',
          message: `Virtual account ${created.id} was deactivated; it is already inactive`,
        });
      });

      it('says an expired account is already inactive', async () => {
        const created = (await create(alice, dynamic({ expiry: 60 }))).json().data;
        gw.clock.advance(61_000);
        const res = await put(alice, created.id, { action_type: 'update_status', status: 'inactive' });
        expect(res.statusCode).toBe(400);
        expect(res.json().error.type).toBe('VIRTUAL_ACCOUNT_IS_ALREADY_INACTIVE');
        expect(res.json().error.message).toMatch(/expired at/);
      });

      it('replaces the BVN of a static account and keeps it active', async () => {
        const created = (await create(alice, dynamic({ account_type: 'static', amount: 0, bvn: BVN }))).json()
          .data;
        const payload = { action_type: 'update_bvn', bvn: '22345678901' };
        expectValidRequest('PUT /virtual-accounts/{id}', payload);
        const res = await put(alice, created.id, payload);
        expect(res.statusCode).toBe(200);
        expectOperationResponse('PUT /virtual-accounts/{id}', 200, res.json());
        expect(res.json().data).toMatchObject({ id: created.id, status: 'active', meta: {} });
        // The BVN itself is never stored: only a keyed fingerprint.
        const { rows } = await gw.deps.db.query<{ identity: unknown }>(
          'SELECT identity FROM virtual_accounts WHERE id = $1',
          [created.id],
        );
        expect(JSON.stringify(rows)).not.toContain('22345678901');
        expect(JSON.stringify(rows)).not.toContain(BVN);
      });

      it('names the field an action needs, or does not take', async () => {
        const created = (await create(alice, dynamic())).json().data;
        const cases: [object, string[]][] = [
          [{ action_type: 'update_status' }, ['status']],
          [{ action_type: 'update_bvn' }, ['bvn']],
          [{ action_type: 'update_bvn', bvn: BVN, status: 'inactive' }, ['status']],
          [{ action_type: 'update_status', status: 'inactive', bvn: BVN }, ['bvn']],
          [{ action_type: 'close' }, ['action_type']],
          [{ action_type: 'update_status', status: 'active' }, ['status']],
        ];
        for (const [payload, fields] of cases) {
          const res = await put(alice, created.id, payload);
          expect(res.statusCode, JSON.stringify(payload)).toBe(400);
          expect(fieldsOf(res.json())).toEqual(fields);
        }
        expect((await fetch(alice, created.id)).json().data.status).toBe('active');
      });

      it('answers 404 for another merchant’s account, leaving it as it was', async () => {
        const bobs = (await create(bob, { ...dynamic(), customer_id: bobCustomer })).json().data;
        const res = await put(alice, bobs.id, { action_type: 'update_status', status: 'inactive' });
        expect(res.statusCode).toBe(404);
        expect(res.json().error.type).toBe('VIRTUAL_ACCOUNT_NOT_FOUND');
        expect((await fetch(bob, bobs.id)).json().data.status).toBe('active');
      });
    });
  });
}

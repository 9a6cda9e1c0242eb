/**
 * `POST /v3/charges?type=` for the types other than card, across types (v3 spec §5, §8, §9), on both
 * stores: the type itself, what a re-sent `tx_ref` gets, X-Idempotency-Key, and how the transactions
 * look in the list, the fee endpoint and the timeline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { v3Card } from '../../support/v3.js';
import { api, body } from './method-charges-support.js';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 charge types on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    let v3: ReturnType<typeof api>;

    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Types Shop');
      v3 = api(gw, () => m);
    });
    afterAll(() => gw.close());

    describe('the type', () => {
      it('an unknown type: 400 naming type and listing the supported ones', async () => {
        const res = await v3.charge('bitcoin', body('opay'));
        expect(res.statusCode).toBe(400);
        const { message } = res.json();
        expect(message).toMatch(/^type bitcoin is not supported: use one of card, mobile_money_ghana, /);
        for (const type of [
          'mpesa',
          'ussd',
          'bank_transfer',
          'qr',
          'voucher_payment',
          'mono',
          'account-ach-uk',
          'fawry_pay',
        ]) {
          expect(message).toContain(type);
        }
      });

      it('a missing type: 400 naming type', async () => {
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v3/charges',
          headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
          payload: body('opay'),
        });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({
          status: 'error',
          message: expect.stringContaining('type'),
          data: null,
        });
      });

      it('no body at all: the required fields are named', async () => {
        const res = await gw.app.inject({
          method: 'POST',
          url: '/v3/charges?type=mpesa',
          headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        });
        expect(res.statusCode).toBe(400);
        expect(res.json().message).toBe(
          'tx_ref is required; amount is required; email is required; phone_number is required',
        );
      });

      it('a JSON array body is refused, not a 500', async () => {
        const res = await v3.charge('opay', [body('opay')]);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ status: 'error', data: null });
      });
    });

    describe('a tx_ref names one charge', () => {
      it('re-sent once the charge is final: 409 "A transaction with tx_ref … already exists"', async () => {
        const payload = body('voucher_payment');
        expect((await v3.charge('voucher_payment', payload)).json().data.status).toBe('successful');
        const again = await v3.charge('voucher_payment', payload);
        expect(again.statusCode).toBe(409);
        expect(again.json()).toEqual({
          status: 'error',
          message: `A transaction with tx_ref ${payload.tx_ref} already exists`,
          data: null,
        });
      });

      it('re-sent while its charge waits: the same step again (same link), and still one charge', async () => {
        const payload = body('mobile_money_ghana');
        const first = await v3.charge('mobile_money_ghana', payload);
        const again = await v3.charge('mobile_money_ghana', payload);
        expect(again.statusCode).toBe(200);
        expect(again.json()).toEqual(first.json());
        const list = await gw.app.inject({
          method: 'GET',
          url: `/v3/transactions?tx_ref=${payload.tx_ref}`,
          headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        });
        expect(list.json().meta.page_info.total).toBe(1);
      });

      it('re-sent with another amount or type, or used by a card charge: 409', async () => {
        const payload = body('ussd');
        await v3.charge('ussd', payload);
        expect((await v3.charge('ussd', { ...payload, amount: 2000 })).statusCode).toBe(409);
        expect((await v3.charge('qr', { ...payload, is_nqr: 1 })).statusCode).toBe(409);

        const card = v3Card('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' });
        expect((await v3.charge('card', card)).statusCode).toBe(200);
        const reused = await v3.charge('opay', body('opay', { tx_ref: card.tx_ref }));
        expect(reused.statusCode).toBe(409);
        expect(reused.json().message).toBe(`A transaction with tx_ref ${card.tx_ref} already exists`);
      });

      it('two requests racing with one tx_ref make one charge; the other gets its step or 409', async () => {
        const payload = body('mpesa');
        const replies = await Promise.all([v3.charge('mpesa', payload), v3.charge('mpesa', payload)]);
        for (const reply of replies) expect([200, 409]).toContain(reply.statusCode);
        const ids = new Set(
          replies.filter((r) => r.statusCode === 200).map((r) => r.json().data.id as number),
        );
        expect(ids.size).toBe(1);
      });
    });

    describe('X-Idempotency-Key', () => {
      it('the same key and body: the stored reply again, flagged; one charge', async () => {
        const payload = body('fawry_pay');
        const key = { 'x-idempotency-key': `idem-${payload.tx_ref}` };
        const first = await v3.charge('fawry_pay', payload, key);
        const second = await v3.charge('fawry_pay', payload, key);
        expect(first.statusCode).toBe(200);
        expect(second.statusCode).toBe(200);
        expect(second.body).toBe(first.body);
        expect(second.headers['x-idempotency-cache-hit']).toBe('true');
      });

      it('the same key and body after the charge completed: still the stored reply, not a 409', async () => {
        const payload = body('voucher_payment');
        const key = { 'x-idempotency-key': `idem-${payload.tx_ref}` };
        const first = await v3.charge('voucher_payment', payload, key);
        const second = await v3.charge('voucher_payment', payload, key);
        expect(second.statusCode).toBe(200);
        expect(second.body).toBe(first.body);
      });

      it('the same key with another body: 409, and a malformed key: 400 naming the header', async () => {
        const payload = body('enaira');
        const key = { 'x-idempotency-key': `idem-${payload.tx_ref}` };
        await v3.charge('enaira', payload, key);
        const other = await v3.charge('enaira', { ...payload, amount: 200 }, key);
        expect(other.statusCode).toBe(409);
        expect(other.json()).toMatchObject({ status: 'error', data: null });
        const bad = await v3.charge('enaira', body('enaira'), { 'x-idempotency-key': 'short' });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().message).toMatch(/^X-Idempotency-Key must be/);
      });
    });

    describe('the transactions', () => {
      it('GET /v3/transactions lists them with their payment_type, auth_model and no card', async () => {
        const payload = body('mobile_money_tanzania');
        await v3.charge('mobile_money_tanzania', payload);
        const list = await gw.app.inject({
          method: 'GET',
          url: `/v3/transactions?tx_ref=${payload.tx_ref}`,
          headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        });
        expect(list.json()).toMatchObject({
          status: 'success',
          message: 'Transactions fetched',
          data: [
            {
              tx_ref: payload.tx_ref,
              status: 'pending',
              payment_type: 'mobilemoneytz',
              auth_model: 'MOBILEMONEY',
              narration: 'MOBILEMONEYTZ Transaction ',
              currency: 'TZS',
              amount: 1500,
              app_fee: 30,
              customer_email: payload.email,
            },
          ],
        });
        expect(list.json().data[0]).not.toHaveProperty('card');
      });

      it('the fee endpoint quotes the other types by their v3 names', async () => {
        const fee = await gw.app.inject({
          method: 'GET',
          url: '/v3/transactions/fee?amount=1500&currency=NGN&payment_type=qr',
          headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        });
        // NQR: 0.5 % of NGN 1,500 = 7.50, VAT 7.5 % = 0.56.
        expect(fee.json()).toMatchObject({ status: 'success', data: { fee: 8.06, flutterwave_fee: 8.06 } });
      });

      it("the timeline names the method and the customer's part", async () => {
        const payload = body('ussd');
        const id = (await v3.charge('ussd', payload)).json().data.id as number;
        await v3.control(id, 'approve');
        const events = await gw.app.inject({
          method: 'GET',
          url: `/v3/transactions/${id}/events`,
          headers: { authorization: `Bearer ${m.credentials.v3.secret_key}` },
        });
        const data = events.json().data as { object: string; note: string; action: string }[];
        expect(data[0]?.object).toBe('USSD');
        expect(data.map((e) => e.note)).toEqual([
          expect.stringMatching(
            /^Charge created; waiting for the customer to dial \*737\*000\*[0-9]{4}# \(Guaranty Trust Bank\)$/,
          ),
          'The customer dialled the code and confirmed with their bank PIN; approved (00)',
          'Transaction completed: successful',
        ]);
      });
    });
  });
}

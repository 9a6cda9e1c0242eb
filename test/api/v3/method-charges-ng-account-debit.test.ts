/**
 * Nigerian bank-account debit through the public API (issue 12's worked example,
 * src/methods/ng-account-debit.ts): `POST /v3/charges?type=debit_ng_account` with `account_bank` and
 * `account_number` asks for the OTP the bank sent (`meta.authorization.mode: "otp"`), `POST
 * /v3/validate-charge` with `type: "account"` and the OTP completes it, then the v3 webhook, verify
 * (`payment_type: "account"`) and a refund; v4 reads it as a bank account naming `account_debit`.
 * The test accounts (docs/sandbox.md) pick the outcome; a wrong OTP declines; refusals name the field.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startReceiver, type Receiver } from '../../support/receiver.js';
import { v3Headers } from '../../support/v3.js';
import { addEndpoint } from '../../support/webhooks.js';
import { create, gw, m, onEachStore, other, refused, v3, walletOf } from './method-charges-stores.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

const validate = (flwRef: string, otp: string | number, who = m) =>
  gw.app.inject({
    method: 'POST',
    url: '/v3/validate-charge',
    headers: v3Headers(who),
    payload: { otp, flw_ref: flwRef, type: 'account' },
  });

const account = (bank: string, number: string) => ({ account_bank: bank, account_number: number });

onEachStore('v3 Nigerian account debits', 'Account Debit Shop', () => {
  describe('type=debit_ng_account', () => {
    it('"Charge initiated": pending, meta.authorization {mode: "otp", endpoint: "/v3/validate-charge"}', async () => {
      const { payload, reply, tx } = await create('debit_ng_account', { meta: { order: 'D-1' } });
      expect(reply).toEqual({
        status: 'success',
        message: 'Charge initiated',
        data: expect.objectContaining({
          id: tx.id,
          tx_ref: payload.tx_ref,
          amount: 1500,
          currency: 'NGN',
          status: 'pending',
          auth_model: 'AUTH',
          payment_type: 'account',
          processor_response: 'Kindly enter the OTP sent to your phone and email',
          meta: { order: 'D-1' },
        }),
        meta: {
          authorization: {
            mode: 'otp',
            endpoint: '/v3/validate-charge',
            validate_instructions: 'Please validate with the OTP sent to your mobile or email',
          },
        },
      });
      // Only the bank and the last four digits are kept.
      expect(await walletOf(tx.id)).toEqual({
        type: 'account_debit',
        accountDebit: { accountBank: '044', last4: '0031' },
      });
    });

    it('validate-charge {type: "account", otp: 12345} → successful; webhook, verify, refund, v4 view', async () => {
      receiver = await startReceiver();
      await addEndpoint(gw, m, receiver.url, { dialect: 'v3' });
      const { payload, reply, tx } = await create('debit_ng_account');

      const validated = await validate(reply.data.flw_ref, '12345');
      expect(validated.statusCode, validated.body).toBe(200);
      expect(validated.json()).toMatchObject({
        status: 'success',
        message: 'Charge validated',
        data: { id: tx.id, status: 'successful', payment_type: 'account', processor_response: 'Approved' },
      });

      await gw.runJobs();
      const [hit] = await receiver.waitFor(1);
      expect(JSON.parse(hit?.body ?? '{}')).toMatchObject({
        event: 'charge.completed',
        'event.type': 'ACCOUNT_TRANSACTION',
        data: { id: tx.id, tx_ref: payload.tx_ref, status: 'successful', payment_type: 'account' },
      });

      for (const res of [await v3.verify(tx.id), await v3.verifyByRef(payload.tx_ref)]) {
        expect(res.json()).toMatchObject({
          data: {
            id: tx.id,
            status: 'successful',
            amount: 1500,
            auth_model: 'AUTH',
            payment_type: 'account',
          },
        });
      }

      const refund = await gw.app.inject({
        method: 'POST',
        url: `/v3/transactions/${tx.id}/refund`,
        headers: v3Headers(m),
      });
      expect(refund.statusCode, refund.body).toBe(200);
      expect(refund.json().data).toMatchObject({ tx_id: tx.id, amount_refunded: 1500 });

      const { headers } = await gw.login(m.credentials);
      const list = await gw.app.inject({
        method: 'GET',
        url: `/charges?reference=${payload.tx_ref}`,
        headers,
      });
      const v4 = await gw.app.inject({ method: 'GET', url: `/charges/${list.json().data[0].id}`, headers });
      expectOperationResponse('GET /charges/{id}', 200, v4.json());
      expect(v4.json().data).toMatchObject({
        status: 'succeeded',
        refunded: true,
        payment_method_details: {
          type: 'bank_account',
          bank_account: { method: 'account_debit', country: 'NG', last4: '0031' },
        },
      });
      // v4 has no account debit: the saved method is charged through v3 only.
      const charged = v4.json().data;
      const again = await gw.app.inject({
        method: 'POST',
        url: '/charges',
        headers: { ...headers, 'x-idempotency-key': `debit-again-${payload.tx_ref}` },
        payload: {
          amount: 1500,
          currency: 'NGN',
          reference: `${payload.tx_ref}-v4`,
          customer_id: charged.customer_id,
          payment_method_id: charged.payment_method_details.id,
        },
      });
      expect(again.statusCode, again.body).toBe(422);
      expect(again.json().error.message).toMatch(/is charged through the v3 API only$/);
    });

    it('a wrong OTP declines the charge (invalid transaction); the charge then takes no OTP', async () => {
      const { reply, tx } = await create('debit_ng_account');
      const wrong = await validate(reply.data.flw_ref, '54321');
      expect(wrong.statusCode).toBe(200);
      expect(wrong.json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Invalid transaction',
      });
      const again = await validate(reply.data.flw_ref, '12345');
      expect(again.statusCode).toBe(400);
      expect(again.json().message).toMatch(/is already failed$/);
      expect((await v3.verify(tx.id)).json().data.status).toBe('failed');
    });

    it.each([
      ['101', '5900102340', 'successful', 'Approved'],
      ['044', '0690000032', 'failed', 'Insufficient funds'],
      ['044', '0690000034', 'failed', 'Do not honor'],
      ['058', '0123456789', 'successful', 'Approved'],
    ])('test account %s/%s → %s (%s)', async (bank, number, status, text) => {
      const { reply } = await create('debit_ng_account', account(bank, number));
      const validated = await validate(reply.data.flw_ref, 12345);
      expect(validated.json().data).toMatchObject({ status, processor_response: text });
    });

    it('X-Scenario-Key overrides the test account, and then any OTP is taken', async () => {
      const headers = { 'x-scenario-key': 'issuer:insufficient_funds' };
      const { reply } = await create('debit_ng_account', {}, headers);
      const validated = await validate(reply.data.flw_ref, '99999');
      expect(validated.json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Insufficient funds',
      });
    });

    it('the sandbox controls cannot complete it: only the OTP does; another merchant cannot validate it', async () => {
      const { reply, tx } = await create('debit_ng_account');
      const control = await v3.control(tx.id, 'approve');
      expect(control.statusCode).toBe(400);
      expect(control.json().message).toMatch(/is waiting for the OTP/);
      expect((await validate(reply.data.flw_ref, '12345', other)).statusCode).toBe(404);
      await v3.wait();
      expect((await v3.verify(tx.id)).json().data.status).toBe('pending');
    });
  });

  describe('type=debit_ng_account: refusals name the field', () => {
    it('account_bank and account_number are required, and checked', async () => {
      expect(await refused('debit_ng_account', { account_bank: undefined })).toBe('account_bank is required');
      expect(await refused('debit_ng_account', { account_number: undefined })).toBe(
        'account_number is required',
      );
      expect(await refused('debit_ng_account', { account_bank: '999' })).toBe(
        'account_bank 999 is not a Nigerian bank code: see GET /v3/banks/NG',
      );
      expect(await refused('debit_ng_account', { account_number: '069000003' })).toBe(
        'account_number must be a 10-digit NUBAN account number',
      );
    });

    it('NGN only, from NGN 100', async () => {
      expect(await refused('debit_ng_account', { currency: 'USD' })).toBe(
        'Currency USD is not supported for Nigerian bank account debit: use NGN',
      );
      expect(await refused('debit_ng_account', { amount: 99 })).toBe(
        'The smallest Nigerian bank account debit charge is NGN 100.00',
      );
    });
  });
});

/**
 * The v3 charge types completed on the sandbox page (v3 spec §5), on both stores: Nigerian, UK/EU and ACH bank
 * accounts, Apple Pay, Google Pay, OPay and eNaira return to `redirect_url` with `response=`; their refusals; a
 * bank transfer waits for money into its account (POST /v3/sandbox/transfers); and the security of the charges.
 * The per-store setup is in ./method-charges-stores.ts.
 */
import { describe, expect, it } from 'vitest';
import { answerPage, legacyResponseOf, RETURN_URL } from './method-charges-support.js';
import { gw, other, v3, onEachStore, create, refused } from './method-charges-stores.js';

/** Redirect types: where Flutterwave puts `meta.authorization`, `data.auth_url`, and the v3 names. */
const REDIRECT_TYPES = [
  {
    type: 'mono',
    paymentType: 'account',
    authModel: 'INTERNET_BANKING',
    inData: true,
    authUrl: true,
    pending: 'Pending validation',
  },
  {
    type: 'ach_payment',
    paymentType: 'account-ach-us',
    authModel: 'AUTH',
    inData: true,
    authUrl: true,
    pending: 'Pending validation',
  },
  {
    type: 'account-ach-uk',
    paymentType: 'account-ach-uk',
    authModel: 'TOKEN',
    inData: false,
    authUrl: false,
    pending: 'Transaction is pending authentication',
  },
  {
    type: 'applepay',
    paymentType: 'applepay',
    authModel: 'APPLEPAY',
    inData: true,
    authUrl: true,
    pending: 'Pending validation',
  },
  {
    type: 'googlepay',
    paymentType: 'googlepay',
    authModel: 'GOOGLEPAY_NOAUTH',
    inData: true,
    authUrl: true,
    pending: 'Payment token retrieval has been initiated',
  },
  {
    type: 'opay',
    paymentType: 'opay',
    authModel: 'OPAY',
    inData: true,
    authUrl: true,
    pending: 'Pending validation',
  },
  {
    type: 'enaira',
    paymentType: 'enaira',
    authModel: 'ENAIRA',
    inData: true,
    authUrl: false,
    pending: 'Pending validation',
  },
] as const;

onEachStore('v3 charges of other types', 'Many Methods Shop', () => {
  describe.each(REDIRECT_TYPES)(
    '$type: the sandbox page',
    ({ type, paymentType, authModel, inData, authUrl, pending }) => {
      it(`"Charge initiated" with the transaction and meta.authorization {mode: "redirect"} ${inData ? 'inside data' : 'at the top'}`, async () => {
        const { payload, reply, tx } = await create(type, { meta: { order: 'A-1' } });
        expect(reply).toMatchObject({
          status: 'success',
          message: 'Charge initiated',
          data: {
            id: tx.id,
            tx_ref: payload.tx_ref,
            status: 'pending',
            auth_model: authModel,
            payment_type: paymentType,
            processor_response: pending,
          },
        });
        const authorization = inData ? reply.data.meta.authorization : reply.meta.authorization;
        expect(authorization).toMatchObject({
          mode: 'redirect',
          redirect: expect.stringMatching(/^http:\/\/baobab\.test\/sandbox\/redirects\?.*token=/),
        });
        if (inData) {
          expect(reply).not.toHaveProperty('meta');
          expect(reply.data.meta.order).toBe('A-1'); // the merchant's meta, beside the authorization
        } else {
          expect(reply.data.meta).toEqual({ order: 'A-1' });
        }
        if (authUrl) expect(reply.data.auth_url).toBe(authorization.redirect);
        else expect(reply.data).not.toHaveProperty('auth_url');
        expect(tx).toMatchObject({
          status: 'pending',
          processor_response: pending,
          meta: { order: 'A-1' },
        });
        expect(tx).not.toHaveProperty('card');
      });

      it('the customer approves on the page → back to redirect_url with response=, successful', async () => {
        const { payload, reply, tx } = await create(type);
        const link = (inData ? reply.data.meta : reply.meta).authorization.redirect as string;
        const shown = await gw.app.inject({
          method: 'GET',
          url: new URL(link).pathname + new URL(link).search,
        });
        expect(shown.statusCode).toBe(200);
        const answered = await answerPage(gw, link, 'approve');
        expect(answered.statusCode).toBe(303);
        expect(legacyResponseOf(answered.headers['location'])).toMatchObject({
          id: tx.id,
          txRef: payload.tx_ref,
          status: 'successful',
          paymentType,
          authModelUsed: authModel,
          chargeResponseCode: '00',
          redirectUrl: RETURN_URL,
        });
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'successful',
          processor_response: 'Approved',
        });
        // The link is spent.
        expect((await answerPage(gw, link, 'decline')).statusCode).toBe(409);
      });

      it('the customer declines on the page → failed, 05', async () => {
        const { reply, tx } = await create(type);
        const link = (inData ? reply.data.meta : reply.meta).authorization.redirect as string;
        const answered = await answerPage(gw, link, 'decline');
        const response = legacyResponseOf(answered.headers['location']);
        expect(response).toMatchObject({ status: 'failed', chargeResponseCode: '05', paymentType });
        expect(response).not.toHaveProperty('chargeToken');
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'failed',
          processor_response: 'Do not honor',
        });
      });
    },
  );

  describe('bank accounts and wallets: refusals', () => {
    it('UK/EU accounts need is_token_io: 1 and GBP or EUR', async () => {
      expect(await refused('account-ach-uk', { is_token_io: undefined })).toBe('is_token_io is required');
      expect(await refused('account-ach-uk', { is_token_io: 2 })).toBe(
        'is_token_io must be 1: UK and EU account charges are authorised through token.io',
      );
      expect(await refused('account-ach-uk', { currency: 'NGN' })).toBe(
        'Currency NGN is not supported for UK and EU bank account: use GBP, EUR',
      );
      expect(await refused('account-ach-uk', { currency: undefined })).toBe('currency is required');
    });

    it("ACH: US in USD, ZA (or the SDK sample's SA) in ZAR, payment_type account for ZAR", async () => {
      expect(await refused('ach_payment', { country: 'NG' })).toBe(
        'country must be US (USD debits) or ZA (ZAR debits) for ACH payments',
      );
      expect(await refused('ach_payment', { country: 'US', currency: 'ZAR' })).toBe(
        'currency ZAR does not match country US: ACH debits US accounts in USD and South African ones in ZAR',
      );
      const { tx } = await create('ach_payment', { country: 'SA', currency: undefined });
      expect(tx).toMatchObject({ currency: 'ZAR', payment_type: 'account', auth_model: 'AUTH' });
    });

    it('Apple Pay and Google Pay need redirect_url, an absolute http(s) URL', async () => {
      expect(await refused('applepay', { redirect_url: undefined })).toBe('redirect_url is required');
      expect(await refused('googlepay', { redirect_url: 'javascript:alert(1)' })).toBe(
        'redirect_url must be an absolute http or https URL',
      );
    });

    it('NGN-only wallets refuse other currencies and amounts below NGN 100', async () => {
      expect(await refused('opay', { currency: 'GHS' })).toBe(
        'Currency GHS is not supported for OPay: use NGN',
      );
      expect(await refused('enaira', { amount: 99.99 })).toBe('The smallest eNaira charge is NGN 100.00');
      expect(await refused('mono', { amount: 100.001 })).toBe(
        'amount must have at most 2 decimal places for NGN',
      );
    });
  });

  describe('bank transfer', () => {
    it('"Charge initiated" with no data: meta.authorization {mode: "banktransfer", the account, transfer_amount "1500.00"}', async () => {
      const { payload, reply, tx } = await create('bank_transfer');
      expect(reply).toEqual({
        status: 'success',
        message: 'Charge initiated',
        meta: {
          authorization: {
            transfer_reference: tx.flw_ref,
            transfer_account: expect.stringMatching(/^[0-9]{10}$/),
            transfer_bank: expect.any(String),
            account_expiration: gw.clock.now().getTime() + 3_600_000,
            transfer_note: expect.stringContaining('NGN 1,500.00'),
            transfer_amount: '1500.00',
            mode: 'banktransfer',
          },
        },
      });
      expect(tx).toMatchObject({
        tx_ref: payload.tx_ref,
        status: 'pending',
        payment_type: 'bank_transfer',
        processor_response: 'Awaiting bank transfer',
        amount: 1500,
      });
    });

    it('the customer transfers the amount (POST /v3/sandbox/transfers) → successful', async () => {
      const { reply, tx } = await create('bank_transfer');
      const sent = await v3.transfer(reply.meta.authorization.transfer_account, 1500);
      expect(sent.statusCode, sent.body).toBe(200);
      expect(sent.json().data).toMatchObject({ id: tx.id, status: 'successful' });
      expect((await v3.verify(tx.id)).json().data).toMatchObject({
        status: 'successful',
        payment_type: 'bank_transfer',
      });
    });

    it('the customer transfers too little → failed, the money goes back', async () => {
      const { reply, tx } = await create('bank_transfer');
      await v3.transfer(reply.meta.authorization.transfer_account, 1000);
      expect((await v3.verify(tx.id)).json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Invalid amount',
      });
    });

    it('nobody transfers: the sandbox transfers the amount due after its wait', async () => {
      const { tx } = await create('bank_transfer');
      await v3.wait();
      expect((await v3.verify(tx.id)).json().data.status).toBe('successful');
    });

    it('refusals: expires out of range, a currency without transfer accounts', async () => {
      expect(await refused('bank_transfer', { expires: 0 })).toBe(
        'expires must be a whole number of seconds from 1 to 31536000',
      );
      expect(await refused('bank_transfer', { expires: 31_536_001 })).toBe(
        'expires must be a whole number of seconds from 1 to 31536000',
      );
      expect(await refused('bank_transfer', { currency: 'USD' })).toMatch(
        /^Currency USD is not supported for bank transfer/,
      );
    });
  });

  describe('security', () => {
    it("another merchant's charge is not found by verify, verify_by_reference or the controls", async () => {
      const { payload, tx } = await create('ussd');
      expect((await v3.verify(tx.id, other)).statusCode).toBe(404);
      const byRef = await gw.app.inject({
        method: 'GET',
        url: `/v3/transactions/verify_by_reference?tx_ref=${payload.tx_ref}`,
        headers: { authorization: `Bearer ${other.credentials.v3.secret_key}` },
      });
      expect(byRef.json()).toEqual({
        status: 'error',
        message: 'No transaction was found for this tx_ref',
        data: null,
      });
      expect((await v3.control(tx.id, 'decline', undefined, other)).statusCode).toBe(404);
      expect((await v3.verify(tx.id)).json().data.status).toBe('pending');
    });
  });
});

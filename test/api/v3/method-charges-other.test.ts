/**
 * The v3 charge types other than card and mobile money (v3 spec §5), on both stores, each driven to
 * success and to failure through the public API: USSD, NIBSS QR and Fawry wait for the customer (the
 * sandbox controls, or the timer); Nigerian, UK/EU and ACH bank accounts, Apple Pay, Google Pay, OPay
 * and eNaira go through the sandbox page and return to `redirect_url` with `response=`; 1Voucher is
 * final at once; a bank transfer waits for money into its account (POST /v3/sandbox/transfers).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import {
  answerPage,
  api,
  body,
  legacyResponseOf,
  RETURN_URL,
  type ChargeType,
} from './method-charges-support.js';
import { decodeQr, storedQrPayload } from '../../support/qr.js';

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

/** Types whose customer acts away from the merchant: answered by the sandbox controls or the timer. */
const WAITING_TYPES = ['ussd', 'qr', 'fawry_pay'] as const;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 charges of other types on ${kind.name}`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    let other: TestMerchant;
    let v3: ReturnType<typeof api>;

    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Many Methods Shop');
      other = await gw.merchant('Other Shop');
      v3 = api(gw, () => m);
    });
    afterAll(() => gw.close());

    const create = async (type: ChargeType, extra: Record<string, unknown> = {}, headers = {}) => {
      const payload = body(type, extra);
      const res = await v3.charge(type, payload, headers);
      expect(res.statusCode, res.body).toBe(200);
      const verified = await v3.verifyByRef(payload.tx_ref);
      expect(verified.statusCode).toBe(200);
      return { payload, reply: res.json(), tx: verified.json().data };
    };

    const refused = async (type: ChargeType, extra: Record<string, unknown>, status = 400) => {
      const res = await v3.charge(type, body(type, extra));
      expect(res.statusCode, res.body).toBe(status);
      expect(res.json()).toMatchObject({ status: 'error', data: null });
      return res.json().message as string;
    };

    describe('USSD', () => {
      it('"Charge initiated": data.payment_code and meta.authorization {mode: "ussd", note: the code to dial}', async () => {
        const { payload, reply, tx } = await create('ussd');
        expect(reply).toMatchObject({
          status: 'success',
          message: 'Charge initiated',
          data: {
            id: tx.id,
            tx_ref: payload.tx_ref,
            status: 'pending',
            auth_model: 'USSD',
            payment_type: 'ussd',
            processor_response: 'Transaction in progress',
            payment_code: expect.stringMatching(/^[0-9]{4}$/),
          },
          meta: { authorization: { mode: 'ussd' } },
        });
        // 058 is Guaranty Trust Bank, whose customers dial *737#.
        expect(reply.meta.authorization.note).toBe(`*737*000*${reply.data.payment_code}#`);
        expect(tx).not.toHaveProperty('card');
      });

      it('the customer dials and confirms → successful; app_fee from the USSD rate with VAT', async () => {
        const { tx } = await create('ussd');
        const approved = await v3.control(tx.id, 'approve');
        expect(approved.json().data).toMatchObject({ status: 'successful', processor_response: 'Approved' });
        // 1.4 % of NGN 1,500 = 21.00, VAT 7.5 % = 1.58.
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'successful',
          app_fee: 22.58,
          amount_settled: 1477.42,
        });
      });

      it('refusals: account_bank missing or not a USSD bank, currency, smallest amount', async () => {
        expect(await refused('ussd', { account_bank: undefined })).toBe('account_bank is required');
        expect(await refused('ussd', { account_bank: '999' })).toMatch(
          /^account_bank 999 does not take USSD payments: use one of 011, 030, 032, 033, 035, 044, /,
        );
        expect(await refused('ussd', { currency: 'USD' })).toBe(
          'Currency USD is not supported for USSD: use NGN',
        );
        expect(await refused('ussd', { amount: 50 })).toBe('The smallest USSD charge is NGN 100.00');
      });
    });

    describe('NIBSS QR', () => {
      it('"Charge initiated": meta.authorization {mode: "qr", qr_image, validate_instructions}; the PNG scans to the NQR payload', async () => {
        const { reply, tx } = await create('qr');
        expect(reply).toMatchObject({
          status: 'success',
          message: 'Charge initiated',
          data: { id: tx.id, status: 'pending', auth_model: 'QR', payment_type: 'qr' },
          meta: {
            authorization: {
              mode: 'qr',
              qr_image: expect.stringMatching(/^iVBORw0KGgo/),
              validate_instructions: expect.any(String),
            },
          },
        });
        const payload = await storedQrPayload(gw, { txId: tx.id });
        expect(decodeQr(reply.meta.authorization.qr_image)).toBe(payload);
        // EMVCo: the NQR scheme, NGN (566), the amount, and the charge's reference.
        expect(payload).toContain('NG.COM.NIBSSPLC.NQR');
        expect(payload).toContain('5303566');
        expect(payload).toContain('54071500.00');
        expect(payload).toContain(tx.flw_ref.slice(-25));
      });

      it('is_nqr is required and must be 1', async () => {
        expect(await refused('qr', { is_nqr: undefined })).toBe('is_nqr is required');
        expect(await refused('qr', { is_nqr: 0 })).toBe(
          'is_nqr must be 1: type=qr charges are NIBSS QR (NQR) payments',
        );
        const { tx } = await create('qr', { is_nqr: 1 });
        expect(tx.status).toBe('pending');
      });
    });

    describe('Fawry Pay', () => {
      it('"Charge initiated": data.order_ref and meta.authorization {mode: "fawry_pay", instruction}', async () => {
        const { reply, tx } = await create('fawry_pay');
        expect(reply).toMatchObject({
          status: 'success',
          message: 'Charge initiated',
          data: {
            id: tx.id,
            status: 'pending',
            currency: 'EGP',
            payment_type: 'fawry_pay',
            processor_response: 'Request is pending',
            order_ref: `URF_FAWRY_${Date.parse(tx.created_at)}_${tx.id}`,
            auth_url: 'N/A',
            payment_code: expect.stringMatching(/^[0-9]{9}$/),
          },
          meta: { authorization: { mode: 'fawry_pay' } },
        });
        expect(reply.meta.authorization.instruction).toBe(
          `Pay EGP 100.00 at any Fawry outlet or in the myFawry app with reference number ${reply.data.payment_code}`,
        );
      });

      it('refusals: phone_number required, EGP only', async () => {
        expect(await refused('fawry_pay', { phone_number: undefined })).toBe('phone_number is required');
        expect(await refused('fawry_pay', { currency: 'NGN' })).toBe(
          'Currency NGN is not supported for Fawry Pay: use EGP',
        );
      });
    });

    describe.each(WAITING_TYPES)('%s completes away from the merchant', (type) => {
      it('the customer approves → successful', async () => {
        const { tx } = await create(type);
        expect((await v3.control(tx.flw_ref, 'approve')).json().data.status).toBe('successful');
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'successful',
          processor_response: 'Approved',
        });
      });

      it('the customer declines → failed, 05 Do not honor', async () => {
        const { tx } = await create(type);
        expect((await v3.control(tx.id, 'decline')).json().data.status).toBe('failed');
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'failed',
          processor_response: 'Do not honor',
        });
      });

      it('nobody acts: the timer completes it with the scenario (approved, or X-Scenario-Key issuer:failed)', async () => {
        const approved = await create(type);
        const failing = await create(type, {}, { 'x-scenario-key': 'issuer:failed' });
        await v3.wait();
        expect((await v3.verify(approved.tx.id)).json().data.status).toBe('successful');
        expect((await v3.verify(failing.tx.id)).json().data).toMatchObject({
          status: 'failed',
          processor_response: 'Do not honor',
        });
      });
    });

    describe('1Voucher', () => {
      it('a test voucher holding enough: successful at once ("Charge initiated", data only)', async () => {
        const { payload, reply, tx } = await create('voucher_payment');
        expect(reply).toEqual({
          status: 'success',
          message: 'Charge initiated',
          data: expect.objectContaining({
            id: tx.id,
            tx_ref: payload.tx_ref,
            status: 'successful',
            amount: 100,
            currency: 'ZAR',
            auth_model: 'VOUCHER',
            payment_type: 'voucher_payment',
            processor_response: 'Approved',
          }),
        });
        expect(tx.status).toBe('successful');
      });

      it('a voucher holding less than the amount: failed, Insufficient funds', async () => {
        // 2000000000000002 holds ZAR 50.00.
        const { reply } = await create('voucher_payment', { pin: '2000000000000002' });
        expect(reply.data).toMatchObject({ status: 'failed', processor_response: 'Insufficient funds' });
      });

      it('a PIN the sandbox does not know: failed, Invalid account number', async () => {
        const { reply } = await create('voucher_payment', { pin: '9999999999999999' });
        expect(reply.data).toMatchObject({ status: 'failed', processor_response: 'Invalid account number' });
      });

      it('keeps only the last 4 digits and a fingerprint of the PIN, never the PIN', async () => {
        const pin = '3000000000000003';
        const { tx } = await create('voucher_payment', { pin });
        expect(tx.status).toBe('successful');
        const { rows } = await gw.deps.db.query<{
          details: { voucher: { last4: string; fingerprint: string } };
        }>(
          'SELECT pm.details FROM payment_methods pm JOIN charges c ON c.payment_method_id = pm.id WHERE c.tx_id = $1',
          [tx.id],
        );
        expect(rows[0]?.details.voucher.last4).toBe('0003');
        for (const table of ['payment_methods', 'charges', 'events', 'idempotency_keys', 'customers']) {
          const dump = await gw.deps.db.query<{ t: string }>(`SELECT (x.*)::text AS t FROM ${table} x`);
          expect(
            dump.rows.some((r) => r.t.includes(pin)),
            table,
          ).toBe(false);
        }
      });

      it('refusals: a PIN that is not 16 digits, another currency', async () => {
        expect(await refused('voucher_payment', { pin: '123456789012345' })).toBe(
          'pin must be the 16-digit voucher PIN, as a string',
        );
        expect(await refused('voucher_payment', { pin: undefined })).toBe('pin is required');
        expect(await refused('voucher_payment', { currency: 'NGN' })).toBe(
          'Currency NGN is not supported for 1Voucher: use ZAR',
        );
      });
    });

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
}

/**
 * v3 mobile money that prompts the phone (v3 spec §5, §4.3), on both stores: Tanzania, francophone wallets and
 * M-Pesa complete through the sandbox controls or, with nobody acting, the sandbox's timer. Each request's
 * refusals name the field and say what is allowed; and the security of the charges. The per-store setup is in
 * ./method-charges-stores.ts.
 */
import { describe, expect, it } from 'vitest';
import { body, type ChargeType } from './method-charges-support.js';
import { gw, other, v3, onEachStore, walletOf, create } from './method-charges-stores.js';

const PUSH_TYPES = [
  ['mobile_money_tanzania', 'mobilemoneytz', 'MOBILEMONEY'],
  ['mobile_money_franco', 'mobilemoneysn', 'AUTH'],
  ['mpesa', 'mpesa', 'LIPA_MPESA'],
] as const;
onEachStore('v3 mobile money charges', 'Momo Shop', () => {
  describe('phone prompt types: Tanzania, francophone, M-Pesa', () => {
    it.each(PUSH_TYPES)(
      '%s: "Charge initiated" with the pending transaction; the customer approves → successful',
      async (type, paymentType, authModel) => {
        const { payload, reply, tx } = await create(type);
        expect(reply).toMatchObject({
          status: 'success',
          message: 'Charge initiated',
          data: {
            id: tx.id,
            tx_ref: payload.tx_ref,
            flw_ref: tx.flw_ref,
            status: 'pending',
            amount: payload.amount,
            currency: payload.currency,
            auth_model: authModel,
            payment_type: paymentType,
            processor_response: 'Transaction in progress',
            fraud_status: 'ok',
            charge_type: 'normal',
          },
        });
        expect(reply.data).not.toHaveProperty('card');
        if (type === 'mobile_money_franco') {
          expect(reply.meta).toEqual({ authorization: { mode: 'callback', redirect_url: null } });
        } else {
          expect(reply).not.toHaveProperty('meta');
        }
        if (type === 'mpesa') {
          expect(reply.data).toMatchObject({ auth_url: 'N/A', narration: 'FLW-PBF MPESA Transaction ' });
        }

        const approved = await v3.control(tx.id, 'approve');
        expect(approved.json()).toMatchObject({
          status: 'success',
          message: 'Charge updated',
          data: { id: tx.id, status: 'successful', processor_response: 'Approved' },
        });
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'successful',
          auth_model: authModel,
          payment_type: paymentType,
        });
      },
    );

    it.each(PUSH_TYPES)('%s: the customer declines (insufficient funds) → failed, 51', async (type) => {
      const { tx } = await create(type);
      const declined = await v3.control(tx.flw_ref, 'decline', { issuer: 'insufficient_funds' });
      expect(declined.json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Insufficient funds',
      });
      expect((await v3.verify(tx.id)).json().data.status).toBe('failed');
    });

    it.each(PUSH_TYPES)('%s: nobody acts; after the sandbox wait the charge succeeds', async (type) => {
      const { tx } = await create(type);
      gw.clock.advance(9_000);
      await gw.runJobs();
      expect((await v3.verify(tx.id)).json().data.status).toBe('pending');
      await v3.wait();
      expect((await v3.verify(tx.id)).json().data).toMatchObject({
        status: 'successful',
        processor_response: 'Approved',
      });
    });

    it.each(PUSH_TYPES)(
      '%s: nobody acts under X-Scenario-Key issuer:failed; the timer fails it with 05',
      async (type) => {
        const { tx } = await create(type, {}, { 'x-scenario-key': 'issuer:failed' });
        await v3.wait();
        expect((await v3.verify(tx.id)).json().data).toMatchObject({
          status: 'failed',
          processor_response: 'Do not honor',
        });
      },
    );

    it('an answered prompt cannot be answered again', async () => {
      const { tx } = await create('mpesa');
      await v3.control(tx.id, 'approve');
      const again = await v3.control(tx.id, 'decline');
      expect(again.statusCode).toBe(400);
      expect(again.json()).toMatchObject({ status: 'error', data: null });
      expect((await v3.verify(tx.id)).json().data.status).toBe('successful');
    });

    it("francophone wallets: XOF in Côte d'Ivoire with ORANGEMONEY (v3's name for Orange)", async () => {
      const { tx } = await create('mobile_money_franco', {
        currency: 'XOF',
        country: 'ci',
        network: 'orangemoney',
        phone_number: '2250700000001',
      });
      expect(tx).toMatchObject({ status: 'pending', currency: 'XOF', payment_type: 'mobilemoneysn' });
      expect(await walletOf(tx.id)).toMatchObject({
        mobileMoney: { network: 'ORANGE', countryCode: '225', phoneNumber: '0700000001' },
      });
    });

    it("M-Pesa takes the SDK's network name SAFARICOM; the wallet number loses its 254", async () => {
      const { tx } = await create('mpesa', { network: 'SAFARICOM' });
      expect(tx.payment_type).toBe('mpesa');
      expect(await walletOf(tx.id)).toMatchObject({
        mobileMoney: { network: 'MPESA', countryCode: '254', phoneNumber: '54709929220' },
      });
    });
  });

  describe('validation', () => {
    const refused = async (type: ChargeType, extra: Record<string, unknown>, status = 400) => {
      const res = await v3.charge(type, body(type, extra));
      expect(res.statusCode, res.body).toBe(status);
      const json = res.json();
      expect(json.status).toBe('error');
      expect(json.data).toBeNull();
      return json.message as string;
    };

    it.each([
      ['mobile_money_ghana', 'phone_number'],
      ['mobile_money_ghana', 'network'],
      ['mobile_money_uganda', 'network'],
      ['mobile_money_tanzania', 'network'],
      ['mobile_money_rwanda', 'order_id'],
      ['mobile_money_franco', 'country'],
      ['mpesa', 'phone_number'],
      ['mobile_money_zambia', 'tx_ref'],
      ['mobile_money_zambia', 'email'],
      ['mobile_money_zambia', 'amount'],
    ] as const)('%s without %s: 400 "<field> is required"', async (type, field) => {
      expect(await refused(type, { [field]: undefined })).toBe(`${field} is required`);
    });

    it('a network the market does not have: says which it has', async () => {
      expect(await refused('mobile_money_ghana', { network: 'GLO' })).toBe(
        'Network GLO is not supported for mobile money in GH: use MTN, VODAFONE, AIRTELTIGO',
      );
      expect(await refused('mobile_money_uganda', { network: 'VODACOM' })).toMatch(
        /^Network VODACOM .* use MTN, AIRTEL$/,
      );
    });

    it('Ghana takes TIGO and Telecel for AIRTELTIGO and VODAFONE', async () => {
      for (const network of ['TIGO', 'Telecel']) {
        const res = await v3.charge('mobile_money_ghana', body('mobile_money_ghana', { network }));
        expect(res.statusCode).toBe(200);
      }
    });

    it('a currency the type does not take: says which it takes', async () => {
      expect(await refused('mobile_money_ghana', { currency: 'NGN' })).toBe(
        'Currency NGN is not supported for Ghana mobile money in GH: use GHS',
      );
      expect(await refused('mobile_money_franco', { currency: 'XOF', country: 'CM' })).toBe(
        'Currency XOF is not supported for Francophone mobile money in CM: use XAF',
      );
      expect(await refused('mpesa', { currency: 'xyz' })).toBe(
        'Currency XYZ is not supported for M-Pesa in KE: use KES',
      );
    });

    it("the currency defaults to the market's", async () => {
      const { tx } = await create('mpesa', { currency: undefined });
      expect(tx.currency).toBe('KES');
    });

    it('a francophone country without mobile money: lists the countries', async () => {
      expect(await refused('mobile_money_franco', { country: 'NG' })).toMatch(
        /^Francophone mobile money is available in CI \(\+225\), SN \(\+221\), BF \(\+226\), CM \(\+237\)/,
      );
    });

    it('below the smallest amount: names it', async () => {
      expect(await refused('mobile_money_uganda', { amount: 100 })).toBe(
        'The smallest Uganda mobile money charge is UGX 500',
      );
      expect(await refused('mobile_money_uganda', { amount: 1500.5 })).toBe(
        'amount must be a whole number for UGX',
      );
    });

    it('malformed fields are named', async () => {
      expect(await refused('mpesa', { phone_number: '12-34' })).toBe(
        'phone_number must be 7 to 15 digits, optionally after a +',
      );
      expect(await refused('mpesa', { phone_number: '25412' + '3'.repeat(10), amount: 'ten' })).toBe(
        'amount must be a number',
      );
      expect(await refused('mpesa', { email: 'nope' })).toBe('email must be a valid email address');
      expect(await refused('mpesa', { redirect_url: 'ftp://x' })).toBe(
        'redirect_url must be an absolute http or https URL',
      );
    });
  });

  describe('security', () => {
    it('without the secret key: 401, and no charge', async () => {
      const payload = body('mpesa');
      const res = await gw.app.inject({ method: 'POST', url: '/v3/charges?type=mpesa', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ status: 'error', message: 'Authorization required', data: null });
      expect((await v3.verifyByRef(payload.tx_ref)).statusCode).toBe(404);
    });

    it("another merchant's charge: verify and the sandbox controls answer 404; the charge is untouched", async () => {
      const { tx } = await create('mobile_money_tanzania');
      expect((await v3.verify(tx.id, other)).statusCode).toBe(404);
      for (const key of [tx.id, tx.flw_ref]) {
        const res = await v3.control(key, 'approve', undefined, other);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({
          status: 'error',
          message: 'No transaction was found for this id',
          data: null,
        });
      }
      expect((await v3.verify(tx.id)).json().data.status).toBe('pending');
    });
  });
});

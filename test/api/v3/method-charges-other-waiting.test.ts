/**
 * The v3 charge types that wait for the customer (v3 spec §5), on both stores, each driven to success and to
 * failure through the public API: USSD, NIBSS QR and Fawry (the sandbox controls, or the timer); and 1Voucher,
 * final at once. The per-store setup is in ./method-charges-stores.ts.
 */
import { describe, expect, it } from 'vitest';
import { decodeQr, storedQrPayload } from '../../support/qr.js';
import { gw, v3, onEachStore, create, refused } from './method-charges-stores.js';

const WAITING_TYPES = ['ussd', 'qr', 'fawry_pay'] as const;
onEachStore('v3 charges of other types', 'Many Methods Shop', () => {
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
});

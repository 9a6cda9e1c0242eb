/**
 * v3 mobile money with the OTP page (v3 spec §5, §4.3), on both stores: Ghana, Uganda, Rwanda and Zambia answer
 * with the OTP page (`mode: "redirect"`, no `data`) and complete there. The phone prompt types and the refusals
 * are in ./method-charges-mobile-money-prompt.test.ts; the per-store setup is in ./method-charges-stores.ts.
 */
import { describe, expect, it } from 'vitest';
import { answerPage, EMAIL, legacyResponseOf } from './method-charges-support.js';
import { decodeQr, storedQrPayload } from '../../support/qr.js';
import { gw, v3, onEachStore, create } from './method-charges-stores.js';

const PAGE_TYPES = [
  ['mobile_money_ghana', 'mobilemoneygh', 'GHS'],
  ['mobile_money_uganda', 'mobilemoneyug', 'UGX'],
  ['mobile_money_rwanda', 'mobilemoneyrw', 'RWF'],
  ['mobile_money_zambia', 'mobilemoneyzm', 'ZMW'],
] as const;
onEachStore('v3 mobile money charges', 'Momo Shop', () => {
  describe('OTP page types: Ghana, Uganda, Rwanda, Zambia', () => {
    it.each(PAGE_TYPES)(
      '%s: "Charge initiated" with only meta.authorization {redirect, mode: "redirect"}; the page approves with OTP 123456 → successful',
      async (type, paymentType, currency) => {
        const { payload, reply, tx } = await create(type);
        expect(reply).toEqual({
          status: 'success',
          message: 'Charge initiated',
          meta: {
            authorization: {
              mode: 'redirect',
              redirect: expect.stringMatching(/^http:\/\/baobab\.test\/sandbox\/redirects\?.*token=/),
            },
          },
        });
        expect(tx).toMatchObject({
          tx_ref: payload.tx_ref,
          status: 'pending',
          processor_response: 'Pending validation',
          auth_model: 'MOBILEMONEY',
          payment_type: paymentType,
          currency,
          amount: payload.amount,
          customer: { email: EMAIL, name: 'Ama Mensah' },
        });
        expect(tx).not.toHaveProperty('card');

        const link: string = reply.meta.authorization.redirect;
        const shown = await gw.app.inject({
          method: 'GET',
          url: new URL(link).pathname + new URL(link).search,
        });
        expect(shown.statusCode).toBe(200);

        const answered = await answerPage(gw, link, 'approve', { otp: '123456' });
        expect(answered.statusCode).toBe(303);
        expect(legacyResponseOf(answered.headers['location'])).toMatchObject({
          id: tx.id,
          txRef: payload.tx_ref,
          flwRef: tx.flw_ref,
          status: 'successful',
          paymentType,
          authModelUsed: 'MOBILEMONEY',
          chargeResponseCode: '00',
          currency,
        });
        expect((await v3.verify(tx.id)).json()).toMatchObject({
          status: 'success',
          message: 'Transaction fetched successfully',
          data: {
            id: tx.id,
            status: 'successful',
            processor_response: 'Approved',
            payment_type: paymentType,
          },
        });
      },
    );

    it.each(PAGE_TYPES)('%s: the customer declines on the page → failed, 05 Do not honor', async (type) => {
      const { reply, tx } = await create(type);
      const answered = await answerPage(gw, reply.meta.authorization.redirect, 'decline');
      expect(answered.statusCode).toBe(303);
      expect(legacyResponseOf(answered.headers['location'])).toMatchObject({
        status: 'failed',
        chargeResponseCode: '05',
        chargeResponseMessage: 'Do not honor',
      });
      expect((await v3.verify(tx.id)).json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Do not honor',
      });
    });

    it('an approval without the OTP is refused on the page and changes nothing', async () => {
      const { reply, tx } = await create('mobile_money_ghana');
      const answered = await answerPage(gw, reply.meta.authorization.redirect, 'approve');
      expect(answered.statusCode).toBe(422);
      expect((await v3.verify(tx.id)).json().data.status).toBe('pending');
    });

    it('nothing completes a page charge behind the customer: the timer leaves it pending', async () => {
      const { tx } = await create('mobile_money_zambia');
      await v3.wait();
      expect((await v3.verify(tx.id)).json().data.status).toBe('pending');
    });

    it('X-Scenario-Key issuer:insufficient_funds: the approval on the page is declined with 51', async () => {
      const { reply, tx } = await create(
        'mobile_money_uganda',
        {},
        { 'x-scenario-key': 'issuer:insufficient_funds' },
      );
      const answered = await answerPage(gw, reply.meta.authorization.redirect, 'approve', {
        otp: '123456',
      });
      expect(legacyResponseOf(answered.headers['location'])).toMatchObject({
        status: 'failed',
        chargeResponseCode: '51',
      });
      expect((await v3.verify(tx.id)).json().data.processor_response).toBe('Insufficient funds');
    });

    it('without redirect_url the page shows the outcome instead of sending the browser back', async () => {
      const { reply, tx } = await create('mobile_money_rwanda', { redirect_url: undefined });
      const answered = await answerPage(gw, reply.meta.authorization.redirect, 'approve', {
        otp: '123456',
      });
      expect(answered.statusCode).toBe(200);
      expect(answered.headers['content-type']).toMatch(/^text\/html/);
      expect((await v3.verify(tx.id)).json().data.status).toBe('successful');
    });

    it('X-Scenario-Key scenario:push turns Ghana into a phone prompt: data and mode "callback"', async () => {
      const { reply, tx } = await create('mobile_money_ghana', {}, { 'x-scenario-key': 'scenario:push' });
      expect(reply).toMatchObject({
        status: 'success',
        message: 'Charge initiated',
        data: {
          id: tx.id,
          status: 'pending',
          payment_type: 'mobilemoneygh',
          processor_response: 'Transaction in progress',
        },
        meta: { authorization: { mode: 'callback', redirect_url: null } },
      });
      expect((await v3.control(tx.id, 'approve')).json().data.status).toBe('successful');
    });

    it('X-Scenario-Key scenario:qr: mode "qr" with a PNG that scans to the charge\'s EMVCo payload', async () => {
      const { reply, tx } = await create(
        'mobile_money_ghana',
        { network: 'vodafone' },
        { 'x-scenario-key': 'scenario:qr' },
      );
      expect(reply.meta.authorization).toMatchObject({
        mode: 'qr',
        validate_instructions: expect.stringContaining('VODAFONE'),
      });
      const payload = await storedQrPayload(gw, { txId: tx.id });
      expect(payload).toMatch(/^000201/);
      expect(decodeQr(reply.meta.authorization.qr_image)).toBe(payload);
      expect(payload).toContain('MOMO.VODAFONE.GH');
      expect((await v3.control(tx.flw_ref, 'decline')).json().data.status).toBe('failed');
    });
  });
});

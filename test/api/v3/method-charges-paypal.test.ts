/**
 * PayPal through the public API (issue 12's worked example, src/methods/paypal.ts): `POST
 * /v3/charges?type=paypal` answers a redirect inside `data` (v3 spec §5), the sandbox's PayPal page
 * approves or declines and sends the customer back to `redirect_url`, the v3 webhook and verify name
 * it `paypal`, it refunds, and v4 reads it as a bank account naming `paypal` (v4 has no PayPal type).
 * Its refusals name the field: redirect_url, a currency PayPal does not take, the smallest amount.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type Receiver } from '../../support/receiver.js';
import { expectOperationResponse } from '../../support/operations.js';
import { v3Headers } from '../../support/v3.js';
import { addEndpoint } from '../../support/webhooks.js';
import { answerPage, legacyResponseOf, RETURN_URL } from './method-charges-support.js';
import { create, gw, m, onEachStore, other, refused, v3 } from './method-charges-stores.js';

let receiver: Receiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** A PayPal charge and the link of its PayPal page. */
async function paypalCharge(extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const made = await create('paypal', extra, headers);
  return { ...made, link: made.reply.data.meta.authorization.redirect as string };
}

const v4Charge = async (reference: string) => {
  const { headers } = await gw.login(m.credentials);
  const list = await gw.app.inject({ method: 'GET', url: `/charges?reference=${reference}`, headers });
  const id = list.json().data[0].id as string;
  return gw.app.inject({ method: 'GET', url: `/charges/${id}`, headers });
};

onEachStore('v3 PayPal charges', 'PayPal Shop', () => {
  describe('type=paypal', () => {
    it('"Charge initiated": pending, meta.authorization {mode: "redirect"} inside data, auth_url the same link', async () => {
      const { payload, reply, tx, link } = await paypalCharge({ meta: { order: 'P-1' } });
      expect(reply).toMatchObject({
        status: 'success',
        message: 'Charge initiated',
        data: {
          id: tx.id,
          tx_ref: payload.tx_ref,
          amount: 25,
          currency: 'USD',
          status: 'pending',
          auth_model: 'PAYPAL',
          payment_type: 'paypal',
          processor_response: 'Pending validation',
          auth_url: link,
          meta: { order: 'P-1', authorization: { mode: 'redirect', redirect: link } },
        },
      });
      expect(reply).not.toHaveProperty('meta');
      expect(link).toMatch(/^http:\/\/baobab\.test\/sandbox\/redirects\?wallet&token=/);
      expect(tx).toMatchObject({ status: 'pending', payment_type: 'paypal', meta: { order: 'P-1' } });
    });

    it('the PayPal page shows the charge; approving → back to redirect_url, successful, webhook, verify, refund', async () => {
      receiver = await startReceiver();
      await addEndpoint(gw, m, receiver.url, { dialect: 'v3' });
      const { payload, tx, link } = await paypalCharge();

      const shown = await gw.app.inject({
        method: 'GET',
        url: new URL(link).pathname + new URL(link).search,
      });
      expect(shown.statusCode).toBe(200);
      expect(shown.body).toContain('Pay with PayPal');
      expect(shown.body).toContain('PayPal Shop');

      const answered = await answerPage(gw, link, 'approve');
      expect(answered.statusCode).toBe(303);
      expect(legacyResponseOf(answered.headers['location'])).toMatchObject({
        id: tx.id,
        txRef: payload.tx_ref,
        status: 'successful',
        paymentType: 'paypal',
        authModelUsed: 'PAYPAL',
        chargeResponseCode: '00',
        redirectUrl: RETURN_URL,
      });

      await gw.runJobs();
      const [hit] = await receiver.waitFor(1);
      expect(JSON.parse(hit?.body ?? '{}')).toMatchObject({
        event: 'charge.completed',
        'event.type': 'PAYPAL_TRANSACTION',
        data: { id: tx.id, tx_ref: payload.tx_ref, status: 'successful', currency: 'USD', amount: 25 },
      });

      for (const res of [await v3.verify(tx.id), await v3.verifyByRef(payload.tx_ref)]) {
        expect(res.statusCode).toBe(200);
        expect(res.json()).toMatchObject({
          message: 'Transaction fetched successfully',
          data: { id: tx.id, status: 'successful', payment_type: 'paypal', processor_response: 'Approved' },
        });
      }

      const refund = await gw.app.inject({
        method: 'POST',
        url: `/v3/transactions/${tx.id}/refund`,
        headers: v3Headers(m),
        payload: { amount: 10 },
      });
      expect(refund.statusCode, refund.body).toBe(200);
      expect(refund.json()).toMatchObject({
        status: 'success',
        message: 'Transaction refund initiated',
        data: { tx_id: tx.id, amount_refunded: 10 },
      });

      // v4 has no PayPal type: it reads the charge as a bank account naming paypal.
      const v4 = await v4Charge(payload.tx_ref);
      expect(v4.statusCode).toBe(200);
      expectOperationResponse('GET /charges/{id}', 200, v4.json());
      expect(v4.json().data).toMatchObject({
        status: 'succeeded',
        payment_method_details: { type: 'bank_account', bank_account: { method: 'paypal' } },
      });
    });

    it('declining on the PayPal page → failed, 05 Do not honor', async () => {
      const { tx, link } = await paypalCharge();
      const answered = await answerPage(gw, link, 'decline');
      expect(legacyResponseOf(answered.headers['location'])).toMatchObject({
        status: 'failed',
        chargeResponseCode: '05',
        paymentType: 'paypal',
      });
      expect((await v3.verify(tx.id)).json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Do not honor',
      });
    });

    it('X-Scenario-Key picks what PayPal answers once approved', async () => {
      const { tx, link } = await paypalCharge({}, { 'x-scenario-key': 'issuer:insufficient_funds' });
      await answerPage(gw, link, 'approve');
      expect((await v3.verify(tx.id)).json().data).toMatchObject({
        status: 'failed',
        processor_response: 'Insufficient funds',
      });
    });

    it('EUR and GBP are charged too; another merchant cannot verify the charge', async () => {
      const { tx } = await paypalCharge({ currency: 'eur' });
      expect(tx).toMatchObject({ currency: 'EUR', payment_type: 'paypal' });
      expect((await paypalCharge({ currency: 'GBP' })).tx.currency).toBe('GBP');
      expect((await v3.verify(tx.id, other)).statusCode).toBe(404);
    });
  });

  describe('type=paypal: refusals name the field', () => {
    it('v4 has no PayPal payment method: POST /payment-methods refuses the type', async () => {
      const { headers } = await gw.login(m.credentials);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/payment-methods',
        headers: { ...headers, 'x-idempotency-key': 'paypal-v4-refused-1' },
        payload: { type: 'paypal' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.validation_errors).toEqual([
        { field_name: 'type', message: expect.stringMatching(/^type must be one of: card, /) },
      ]);
    });

    it('redirect_url is required, and must be an http(s) URL', async () => {
      expect(await refused('paypal', { redirect_url: undefined })).toBe('redirect_url is required');
      expect(await refused('paypal', { redirect_url: 'ftp://x.example' })).toBe(
        'redirect_url must be an absolute http or https URL',
      );
    });

    it('a currency PayPal does not take, and less than 1.00', async () => {
      expect(await refused('paypal', { currency: 'NGN' })).toBe(
        'Currency NGN is not supported for PayPal: use USD, EUR, GBP',
      );
      expect(await refused('paypal', { amount: 0.99 })).toBe('The smallest PayPal charge is USD 1.00');
      const res = await v3.charge('paypal', { tx_ref: 'pp-x', amount: 10, currency: 'USD' });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/email is required|redirect_url is required/);
    });
  });
});

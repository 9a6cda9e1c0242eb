/**
 * POST /v3/payments: idempotency, scenario keys, refusals and security; and the journey, as Flutterwave Standard
 * integrations expect it (the setup is in ./payments-support.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  cardForm,
  postPage,
  postV3Payment,
  returnedWith,
  showPage,
  v3Payment,
  v3Session,
  verifyTransaction,
  visibleText,
} from '../../support/checkout.js';
import { uniqueRef, v3Headers } from '../../support/v3.js';
import { gw, m, v4View } from './payments-support.js';

describe('POST /v3/payments', () => {
  it('is idempotent under X-Idempotency-Key', async () => {
    const body = v3Payment();
    const key = { 'x-idempotency-key': `co-${uniqueRef()}` };
    const first = await postV3Payment(gw, m, body, key);
    const replay = await postV3Payment(gw, m, body, key);
    expect(replay.headers['x-idempotency-cache-hit']).toBe('true');
    expect(replay.body).toBe(first.body);
    const other = await postV3Payment(gw, m, { ...body, amount: 2 }, key);
    expect(other.statusCode).toBe(409);
  });

  it('binds X-Scenario-Key to the attempts made on the page: then any card follows it', async () => {
    const s = await v3Session(
      gw,
      m,
      { max_retry_attempt: 0 },
      { 'x-scenario-key': 'issuer:insufficient_funds' },
    );
    // Not a test card: with a scenario, any valid card is charged, and the scenario decides.
    const back = returnedWith(await postPage(gw, s.path, cardForm('4111111111111111')));
    expect(back).toMatchObject({ status: 'failed', tx_ref: s.txRef });
    expect((await verifyTransaction(gw, m, back['transaction_id'])).processor_response).toMatch(
      /insufficient/i,
    );
  });

  describe('refuses, naming the field, and never with a 500', () => {
    it.each([
      ['tx_ref', { tx_ref: undefined }, 'tx_ref is required'],
      ['tx_ref', { tx_ref: 'has space' }, 'tx_ref must be 1 to 100 characters without spaces'],
      ['amount', { amount: undefined }, 'amount is required'],
      ['amount', { amount: 'abc' }, 'amount must be a number'],
      ['amount', { amount: -5 }, 'amount must be greater than 0'],
      ['amount', { amount: 1.234 }, 'amount must have at most 2 decimal places for NGN'],
      ['currency', { currency: 'ABC' }, 'currency ABC is not supported'],
      ['currency', { currency: 7 }, 'currency must be a string'],
      ['redirect_url', { redirect_url: undefined }, 'redirect_url is required'],
      [
        'redirect_url',
        { redirect_url: 'javascript:alert(1)' },
        'redirect_url must be an absolute http or https URL',
      ],
      ['customer', { customer: undefined }, 'customer is required'],
      ['customer.email', { customer: { name: 'Ada' } }, 'customer.email is required'],
      ['customer.email', { customer: { email: 'nope' } }, 'customer.email must be a valid email address'],
      [
        'customizations.logo',
        { customizations: { logo: 'logo.png' } },
        'customizations.logo must be an absolute http or https URL',
      ],
      [
        'customizations.title',
        { customizations: { title: 'x'.repeat(101) } },
        'customizations.title must be at most 100 characters long',
      ],
      ['payment_options', { payment_options: ['card'] }, 'payment_options must be a string'],
      [
        'session_duration',
        { session_duration: 0 },
        'session_duration must be a whole number from 1 to 1440 minutes',
      ],
      [
        'session_duration',
        { session_duration: 1441 },
        'session_duration must be a whole number from 1 to 1440 minutes',
      ],
      [
        'session_duration',
        { session_duration: '1.5' },
        'session_duration must be a whole number from 1 to 1440 minutes',
      ],
      [
        'session_duration',
        { session_duration: 1.5 },
        'session_duration must be a whole number from 1 to 1440 minutes',
      ],
      ['max_retry_attempt', { max_retry_attempt: true }, 'max_retry_attempt must be a number or a string'],
      [
        'configurations.max_retry_attempt',
        { configurations: { max_retry_attempt: 11 } },
        'configurations.max_retry_attempt must be a whole number from 0 to 10',
      ],
      [
        'max_retry_attempt',
        { max_retry_attempt: -1 },
        'max_retry_attempt must be a whole number from 0 to 10',
      ],
      [
        'link_expiration',
        { link_expiration: 'tomorrow' },
        'link_expiration must be a date and time such as 2030-01-31T12:00:00Z',
      ],
      [
        'link_expiration',
        { link_expiration: '2001-01-01T00:00:00Z' },
        'link_expiration must be in the future',
      ],
      ['meta', { meta: 'text' }, 'meta must be an object'],
    ])('%s: %j', async (_field, change, message) => {
      const res = await postV3Payment(gw, m, v3Payment(change));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({ status: 'error', message, data: null });
    });

    it('a body that is not JSON', async () => {
      const res = await gw.app.inject({
        method: 'POST',
        url: '/v3/payments',
        headers: { ...v3Headers(m), 'content-type': 'application/json' },
        payload: '{"tx_ref":',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().status).toBe('error');
    });
  });

  describe('security', () => {
    it("keeps each merchant's tx_refs apart, and one merchant cannot see another's sessions", async () => {
      const other = await gw.merchant('Other Shop');
      const s = await v3Session(gw, m);
      const theirs = await postV3Payment(gw, other, v3Payment({ tx_ref: s.txRef }));
      expect(theirs.statusCode).toBe(200);
      expect(theirs.json().data.link).not.toBe(s.link);
      const listed = await gw.app.inject({
        method: 'GET',
        url: '/checkout/sessions?size=50',
        headers: other.headers,
      });
      expect(listed.json().data.map((x: { reference: string }) => x.reference)).toEqual([s.txRef]);
    });
  });
});

describe('the journey, as Flutterwave Standard integrations expect it', () => {
  it('returns to redirect_url with status, tx_ref and transaction_id; the transaction verifies', async () => {
    const s = await v3Session(gw, m, { meta: { order_id: 42, note: 'gift wrap' } });
    expect((await postPage(gw, s.path, cardForm('5531886652142950'))).headers['location']).toBe(s.path);
    expect(visibleText((await showPage(gw, s.path)).body)).toContain('Enter your card PIN');
    expect((await postPage(gw, s.path, { action: 'pin', pin: '3310' })).headers['location']).toBe(s.path);
    expect(visibleText((await showPage(gw, s.path)).body)).toContain('Enter the OTP');
    const back = returnedWith(await postPage(gw, s.path, { action: 'otp', otp: '12345' }));
    expect(back).toEqual({
      status: 'successful',
      tx_ref: s.txRef,
      transaction_id: expect.stringMatching(/^\d+$/),
    });
    expect(await verifyTransaction(gw, m, back['transaction_id'])).toMatchObject({
      status: 'successful',
      tx_ref: s.txRef,
      amount: 1500,
      currency: 'NGN',
      payment_type: 'card',
      customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
      meta: { order_id: '42', note: 'gift wrap' },
    });
    // Over: the link now only sends the browser back.
    expect(returnedWith(await showPage(gw, s.path))).toEqual(back);
  });

  it('a cancel returns status=cancelled with no transaction_id', async () => {
    const s = await v3Session(gw, m);
    expect(returnedWith(await postPage(gw, s.path, { action: 'cancel' }))).toEqual({
      status: 'cancelled',
      tx_ref: s.txRef,
    });
  });

  it("reuses the merchant's customer with the same email", async () => {
    const email = `${uniqueRef('c')}@example.com`;
    const a = await v3Session(gw, m, { customer: { email } });
    const b = await v3Session(gw, m, { customer: { email } });
    const [va, vb] = [await v4View(a.txRef), await v4View(b.txRef)];
    expect(va.customer_id).toBe(vb.customer_id);
  });
});

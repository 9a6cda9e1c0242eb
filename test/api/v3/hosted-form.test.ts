/** HTML checkout: `POST /v3/hosted/pay`, a form-encoded body with bracketed fields, through the public HTTP API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nestForm } from '../../../src/api/v3/hosted-form.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import {
  cardForm,
  postPage,
  redirectedTo,
  returnedWith,
  showPage,
  TEST_CARD,
  verifyTransaction,
  visibleText,
} from '../../support/checkout.js';
import { uniqueRef } from '../../support/v3.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

const form = (extra: Record<string, string> = {}) => ({
  public_key: m.credentials.v3.public_key,
  tx_ref: uniqueRef('form'),
  amount: '54600',
  currency: 'NGN',
  redirect_url: 'https://merchant.example/back?order=42',
  'meta[source]': 'docs-page',
  'customer[name]': 'Jesse Pinkman',
  'customer[email]': 'jessepinkman@walterwhite.org',
  'customizations[title]': 'Kofi Foods',
  ...extra,
});

describe('POST /v3/hosted/pay', () => {
  it('answers 303 to the hosted page; the payment ends at redirect_url and verifies with its meta', async () => {
    const body = form();
    const res = await postPage(gw, '/v3/hosted/pay', body);
    const page = redirectedTo(res);
    expect(page.pathname).toMatch(/^\/v3\/hosted\/pay\/[0-9a-f]{32}$/);
    const shown = await showPage(gw, page.pathname);
    expect(shown.headers['x-frame-options']).toBe('DENY');
    expect(visibleText(shown.body)).toContain('jessepinkman@walterwhite.org');
    redirectedTo(await postPage(gw, page.pathname, cardForm(TEST_CARD.pinOtp)));
    redirectedTo(await postPage(gw, page.pathname, { action: 'pin', pin: '3310' }));
    const back = returnedWith(await postPage(gw, page.pathname, { action: 'otp', otp: '12345' }));
    expect(back).toMatchObject({ status: 'successful', tx_ref: body.tx_ref });
    const verified = await verifyTransaction(gw, m, back['transaction_id']);
    expect(verified).toMatchObject({ status: 'successful', tx_ref: body.tx_ref, amount: 54600 });
    expect(verified.meta).toEqual({ source: 'docs-page' });
    expect(verified.customer).toMatchObject({ name: 'Jesse Pinkman', email: 'jessepinkman@walterwhite.org' });
  });

  it('bad input gets a readable page naming the field', async () => {
    const noEmail = await postPage(gw, '/v3/hosted/pay', { ...form(), 'customer[email]': 'not-an-email' });
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.headers['content-type']).toContain('text/html');
    expect(visibleText(noEmail.body)).toContain('customer.email');
    const { redirect_url: _r, ...noRedirect } = form();
    const missing = await postPage(gw, '/v3/hosted/pay', noRedirect);
    expect(visibleText(missing.body)).toContain('redirect_url');
    const amount = await postPage(gw, '/v3/hosted/pay', form({ amount: 'lots' }));
    expect(visibleText(amount.body)).toContain('amount');
  });

  it('refuses a secret key and an unknown public key; a tx_ref is used once', async () => {
    const secret = await postPage(gw, '/v3/hosted/pay', form({ public_key: m.credentials.v3.secret_key }));
    expect(secret.statusCode).toBe(401);
    expect(visibleText(secret.body)).toContain('secret key');
    const unknown = await postPage(gw, '/v3/hosted/pay', form({ public_key: 'FLWPUBK_TEST-0000-X' }));
    expect(unknown.statusCode).toBe(401);
    const body = form();
    redirectedTo(await postPage(gw, '/v3/hosted/pay', body));
    const again = await postPage(gw, '/v3/hosted/pay', body);
    expect(again.statusCode).toBe(409);
    expect(visibleText(again.body)).toContain('tx_ref');
  });
});

describe('nestForm', () => {
  it('reads brackets as objects and numbered brackets as lists, and refuses prototype keys', () => {
    expect(
      nestForm({
        'customer[email]': 'a@b.co',
        'subaccounts[1][id]': 'RS_2',
        'subaccounts[0][id]': 'RS_1',
        'meta[__proto__]': 'x',
        amount: '1',
      }),
    ).toEqual({
      customer: { email: 'a@b.co' },
      subaccounts: [{ id: 'RS_1' }, { id: 'RS_2' }],
      'meta[__proto__]': 'x',
      amount: '1',
    });
  });
});

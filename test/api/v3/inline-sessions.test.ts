/**
 * Inline checkout through the public HTTP API: `POST /v3/inline/sessions` (public key, CORS, the
 * session bound to the page's origin), the inline checkout page's framing policy, the return page's
 * postMessage, and `GET /v3.js`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import {
  cardForm,
  postPage,
  redirectedTo,
  showPage,
  TEST_CARD,
  verifyTransaction,
} from '../../support/checkout.js';
import { uniqueRef, v3Headers } from '../../support/v3.js';

const SHOP = 'https://shop.example';
let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

const config = (extra: Record<string, unknown> = {}) => ({
  public_key: m.credentials.v3.public_key,
  tx_ref: uniqueRef('inline'),
  amount: 1500,
  currency: 'NGN',
  payment_options: 'card, ussd',
  customer: { email: 'ada@example.com', name: 'Ada Lovelace', phone_number: '08012345678' },
  customizations: { title: 'Kofi Foods', description: 'Order 7', logo: '' },
  meta: { order_id: 7 },
  ...extra,
});

const open = (body: unknown, headers: Record<string, string> = { origin: SHOP }) =>
  gw.app.inject({ method: 'POST', url: '/v3/inline/sessions', headers, payload: body as object });

/** Pays the inline page at `link` with the PIN/OTP test card; where the last step sends the browser. */
async function payPinOtp(link: string): Promise<URL> {
  const path = new URL(link).pathname;
  redirectedTo(await postPage(gw, path, cardForm(TEST_CARD.pinOtp)));
  redirectedTo(await postPage(gw, path, { action: 'pin', pin: '3310' }));
  return redirectedTo(await postPage(gw, path, { action: 'otp', otp: '12345' }));
}

describe('POST /v3/inline/sessions', () => {
  it('opens a payment for the public key, bound to the page origin, with CORS for it', async () => {
    const body = config();
    const res = await open(body);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP);
    expect(res.headers['vary']).toContain('Origin');
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Checkout session created',
      data: { link: expect.stringMatching(/^http:\/\/baobab\.test\/v3\/hosted\/pay\/[0-9a-f]{32}$/) },
    });
    const page = await showPage(gw, new URL(res.json().data.link).pathname);
    expect(page.statusCode).toBe(200);
    // Framed by the shop alone, instead of never.
    expect(page.headers['x-frame-options']).toBeUndefined();
    expect(page.headers['content-security-policy']).toBe(`frame-ancestors ${SHOP}`);
  });

  it('answers the preflight for any page origin, never with *', async () => {
    const res = await gw.app.inject({
      method: 'OPTIONS',
      url: '/v3/inline/sessions',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    expect(res.headers['access-control-allow-methods']).toBe('POST');
    expect(res.headers['access-control-allow-headers']).toContain('content-type');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('refuses bad input naming the field, in the v3 envelope, readable by the page', async () => {
    const missing = await open({ ...config(), amount: undefined });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['access-control-allow-origin']).toBe(SHOP);
    expect(missing.json()).toEqual({
      status: 'error',
      message: expect.stringContaining('amount'),
      data: null,
    });
    const email = await open(config({ customer: { name: 'Ada' } }));
    expect(email.json().message).toContain('customer.email');
    const currency = await open(config({ currency: 'XYZ' }));
    expect(currency.json().message).toContain('currency');
    const redirect = await open(config({ redirect_url: 'javascript:alert(1)' }));
    expect(redirect.json().message).toContain('redirect_url');
    const noOrigin = await open(config(), {});
    expect(noOrigin.statusCode).toBe(400);
    expect(noOrigin.json().message).toContain('Origin');
    const nullOrigin = await open(config(), { origin: 'null' });
    expect(nullOrigin.json().message).toContain('Origin');
  });

  it('refuses a secret key, saying so, and an unknown public key', async () => {
    const secret = await open(config({ public_key: m.credentials.v3.secret_key }));
    expect(secret.statusCode).toBe(401);
    expect(secret.json().message).toContain('secret key');
    const unknown = await open(config({ public_key: 'FLWPUBK_TEST-00000000000000000000000000000000-X' }));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({ status: 'error', message: 'Invalid public key', data: null });
  });

  it('never hands out another payment: a tx_ref already used is refused', async () => {
    const body = config();
    expect((await open(body)).statusCode).toBe(200);
    const again = await open(body);
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toContain('tx_ref');
  });

  it('a public key reads nothing: the v3 API refuses it', async () => {
    const res = await gw.app.inject({
      method: 'GET',
      url: '/v3/transactions',
      headers: { authorization: `Bearer ${m.credentials.v3.public_key}` },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('the inline return page', () => {
  it('posts the callback response to the bound origin only, from the charge verify shows', async () => {
    const body = config();
    const link = (await open(body)).json().data.link as string;
    const end = await payPinOtp(link);
    expect(end.pathname).toBe('/v3/inline/return');
    const res = await showPage(gw, end.pathname + end.search);
    expect(res.statusCode).toBe(200);
    const policy = String(res.headers['content-security-policy']);
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(policy).toContain(`script-src 'nonce-${String(nonce)}'`);
    expect(policy).toContain(`frame-ancestors ${SHOP}`);
    expect(policy).not.toContain('unsafe-inline');
    expect(res.headers['x-frame-options']).toBeUndefined();
    // Every script carries the nonce; every postMessage names the origin, never '*'.
    expect([...res.body.matchAll(/<script([^>]*)>/g)].map((s) => s[1])).toEqual([
      ` nonce="${String(nonce)}"`,
    ]);
    expect(res.body).toContain(`var o=${JSON.stringify(SHOP)}`);
    expect(res.body).not.toMatch(/postMessage\([^)]*['"]\*['"]/);
    const message = JSON.parse(/m=(\{.*?\});\s*if/s.exec(res.body)?.[1] ?? '{}');
    expect(message).toEqual({
      type: 'baobab:checkout',
      event: 'completed',
      tx_ref: body.tx_ref,
      response: {
        status: 'successful',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone_number: null },
        transaction_id: expect.any(Number),
        tx_ref: body.tx_ref,
        flw_ref: expect.stringMatching(/^FLW-MOCK-/),
        currency: 'NGN',
        amount: 1500,
        charged_amount: 1500,
        charge_response_code: '00',
        charge_response_message: 'Approved by Financial Institution',
        created_at: expect.any(String),
      },
    });
    const verified = await verifyTransaction(gw, m, String(message.response.transaction_id));
    expect(verified).toMatchObject({ status: 'successful', tx_ref: body.tx_ref, amount: 1500 });
    expect(verified.meta).toEqual({ order_id: '7' });
  });

  it('with redirect_url, the message carries the merchant URL with status, tx_ref and transaction_id', async () => {
    const body = config({ redirect_url: `${SHOP}/done?order=7` });
    const end = await payPinOtp((await open(body)).json().data.link as string);
    const res = await showPage(gw, end.pathname + end.search);
    const message = JSON.parse(/m=(\{.*?\});\s*if/s.exec(res.body)?.[1] ?? '{}');
    const redirect = new URL(message.redirect as string);
    expect(redirect.origin + redirect.pathname).toBe(`${SHOP}/done`);
    expect(Object.fromEntries(redirect.searchParams)).toEqual({
      order: '7',
      status: 'successful',
      tx_ref: body.tx_ref,
      transaction_id: String(message.response.transaction_id),
    });
  });

  it('a cancel posts closed; the query cannot change what is told', async () => {
    const body = config();
    const link = (await open(body)).json().data.link as string;
    const end = redirectedTo(await postPage(gw, new URL(link).pathname, { action: 'cancel' }));
    end.searchParams.set('status', 'successful');
    const res = await showPage(gw, end.pathname + end.search);
    expect(JSON.parse(/m=(\{.*?\});\s*if/s.exec(res.body)?.[1] ?? '{}')).toEqual({
      type: 'baobab:checkout',
      event: 'closed',
      tx_ref: body.tx_ref,
    });
  });

  it('a Standard session is neither framed nor answered by the return page', async () => {
    const txRef = uniqueRef('std');
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/payments',
      headers: v3Headers(m),
      payload: {
        tx_ref: txRef,
        amount: 100,
        redirect_url: 'https://merchant.example/back',
        customer: { email: 'ada@example.com' },
      },
    });
    const page = await showPage(gw, new URL(res.json().data.link as string).pathname);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['content-security-policy']).toBeUndefined();
    const id = (
      await gw.app.inject({ method: 'GET', url: '/v3/transactions', headers: v3Headers(m) })
    ).json();
    expect(id.status).toBe('success');
    const ret = await showPage(gw, `/v3/inline/return?m=${m.credentials.v3.public_key}&tx_ref=${txRef}`);
    expect(ret.statusCode).toBe(404);
  });
});

describe('GET /v3.js', () => {
  it('serves the script with this gateway written in, as JavaScript, cacheable', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/v3.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body).toContain('var GATEWAY = "http://baobab.test"');
    expect(res.body).toContain('window.FlutterwaveCheckout');
    const again = await gw.app.inject({
      method: 'GET',
      url: '/v3.js',
      headers: { 'if-none-match': String(res.headers['etag']) },
    });
    expect(again.statusCode).toBe(304);
  });
});

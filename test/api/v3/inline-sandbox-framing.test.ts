/**
 * The sandbox pages an inline session's attempt leads to (3-D Secure, bank, wallet, mobile-money OTP)
 * may be framed by the session's bound origin alone, through the public HTTP API: the page, a re-shown
 * one after a wrong OTP, and the page saying the link expired. Every other sandbox page — a Standard
 * checkout's, a direct charge's, a forged link's — keeps `X-Frame-Options: DENY`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { cardForm, postPage, redirectedTo, TEST_CARD, v3Session } from '../../support/checkout.js';
import { uniqueRef, v3Card, v3Headers } from '../../support/v3.js';

const SHOP = 'https://shop.example';
let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

async function inlinePage(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await gw.app.inject({
    method: 'POST',
    url: '/v3/inline/sessions',
    headers: { origin: SHOP },
    payload: {
      public_key: m.credentials.v3.public_key,
      tx_ref: uniqueRef('inline'),
      amount: 1500,
      customer: { email: 'ada@example.com' },
      ...extra,
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return new URL(res.json().data.link as string).pathname;
}

const show = (url: URL | string) =>
  gw.app.inject({ method: 'GET', url: typeof url === 'string' ? url : url.pathname + url.search });

const answer = (token: string, fields: Record<string, string>) =>
  gw.app.inject({
    method: 'POST',
    url: '/sandbox/redirects',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ token, ...fields }).toString(),
  });

const framedByShop = (res: { headers: Record<string, unknown> }) => {
  expect(res.headers['x-frame-options']).toBeUndefined();
  expect(res.headers['content-security-policy']).toBe(`frame-ancestors ${SHOP}`);
};
const neverFramed = (res: { headers: Record<string, unknown> }) => {
  expect(res.headers['x-frame-options']).toBe('DENY');
  expect(res.headers['content-security-policy']).toBeUndefined();
};

describe('the sandbox pages of an inline attempt', () => {
  it('3-D Secure: framed by the bound origin alone, and the expired link’s page too', async () => {
    const path = await inlinePage({ payment_options: 'card' });
    const challenge = redirectedTo(await postPage(gw, path, cardForm(TEST_CARD.threeDs)));
    expect(challenge.pathname).toBe('/sandbox/redirects');
    const page = await show(challenge);
    expect(page.statusCode).toBe(200);
    framedByShop(page);
    gw.clock.advance(10 * 60_000);
    const expired = await show(challenge);
    expect(expired.statusCode).toBe(410);
    framedByShop(expired);
    const late = await answer(challenge.searchParams.get('token') ?? '', { decision: 'approve' });
    expect(late.statusCode).toBe(410);
    framedByShop(late);
  });

  it('mobile money OTP: the page and its re-showing after a wrong OTP', async () => {
    const path = await inlinePage({ currency: 'GHS', amount: 25, payment_options: 'mobilemoneyghana' });
    const otpPage = redirectedTo(
      await postPage(gw, path, {
        action: 'pay',
        method: 'mobile-money-ghana',
        network: 'GH:MTN',
        phone_number: '0547099292',
      }),
    );
    framedByShop(await show(otpPage));
    const token = otpPage.searchParams.get('token') ?? '';
    const wrong = await answer(token, { decision: 'approve', otp: '000000' });
    expect(wrong.statusCode).toBe(422);
    framedByShop(wrong);
    const right = await answer(token, { decision: 'approve', otp: '123456' });
    expect(redirectedTo(right).pathname).toBe(path);
  });

  it('a Standard checkout’s, a direct charge’s and a forged link’s pages are never framed', async () => {
    const standard = await v3Session(gw, m, { payment_options: 'card' });
    neverFramed(await show(redirectedTo(await postPage(gw, standard.path, cardForm(TEST_CARD.threeDs)))));
    const direct = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3Headers(m),
      payload: v3Card(TEST_CARD.threeDs, { redirect_url: `${SHOP}/back` }),
    });
    const link = String(
      direct.json().meta?.authorization?.redirect ?? direct.json().data?.meta?.authorization?.redirect,
    );
    expect(link).toContain('/sandbox/redirects');
    neverFramed(await show(new URL(link).pathname + new URL(link).search));
    neverFramed(await show('/sandbox/redirects?card&token=not-a-token'));
  });
});

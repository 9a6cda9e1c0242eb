/**
 * Hosted checkout for tests: open a session through either API, and drive its page the way a
 * browser does — GET the page, POST its forms (url-encoded), follow where each 303 points.
 */
import { expect } from 'vitest';
import type { TestGateway, TestMerchant } from './gateway.js';
import { uniqueRef, v3Headers } from './v3.js';

export const MERCHANT_SITE = 'https://merchant.example/back?order=42';

/** A `POST /v3/payments` body; `extra` overrides or adds fields. */
export const v3Payment = (
  extra: Record<string, unknown> = {},
): Record<string, unknown> & { tx_ref: string } => ({
  tx_ref: uniqueRef('co'),
  amount: 1500,
  currency: 'NGN',
  redirect_url: MERCHANT_SITE,
  customer: { email: 'ada@example.com', name: 'Ada Lovelace', phonenumber: '08012345678' },
  ...extra,
});

export const postV3Payment = (
  gw: TestGateway,
  m: TestMerchant,
  body: unknown,
  headers: Record<string, string> = {},
) =>
  gw.app.inject({
    method: 'POST',
    url: '/v3/payments',
    headers: { ...v3Headers(m), ...headers },
    payload: body as object,
  });

export interface Session {
  readonly link: string;
  /** The page as a path on the gateway, for `inject`. */
  readonly path: string;
  readonly txRef: string;
}

/** A v3 session, checked to have been created. */
export async function v3Session(
  gw: TestGateway,
  m: TestMerchant,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<Session> {
  const body = v3Payment(extra);
  const res = await postV3Payment(gw, m, body, headers);
  expect(res.statusCode, res.body).toBe(200);
  const link: string = res.json().data.link;
  return { link, path: new URL(link).pathname, txRef: body.tx_ref };
}

export const showPage = (gw: TestGateway, path: string) => gw.app.inject({ method: 'GET', url: path });

/** Posts a page form, as a browser would. */
export const postPage = (gw: TestGateway, path: string, fields: Record<string, string>) =>
  gw.app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(fields).toString(),
  });

/** The v3 transaction with this numeric id, as `GET /v3/transactions/{id}/verify` shows it. */
export const verifyTransaction = async (gw: TestGateway, m: TestMerchant, id: string | undefined) =>
  (
    await gw.app.inject({
      method: 'GET',
      url: `/v3/transactions/${String(id)}/verify`,
      headers: v3Headers(m),
    })
  ).json().data;

/** Where a 303 sends the browser. */
export function redirectedTo(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}): URL {
  expect(res.statusCode, res.body.slice(0, 500)).toBe(303);
  return new URL(String(res.headers['location']), 'http://baobab.test');
}

/** What a 303 to the merchant adds to its redirect_url (whose own query is kept). */
export function returnedWith(res: { statusCode: number; headers: Record<string, unknown>; body: string }) {
  const url = redirectedTo(res);
  expect(`${url.origin}${url.pathname}`).toBe('https://merchant.example/back');
  const { order, ...added } = Object.fromEntries(url.searchParams);
  expect(order).toBe('42');
  return added;
}

/** The page's Content-Security-Policy, as the browser reads it. */
export const pagePolicy = (markup: string): string | undefined =>
  /<meta http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(markup)?.[1]?.replaceAll('&#39;', "'");

export const TEST_CARD = {
  pinOtp: '5531886652142950',
  noauth: '5061460410120223210',
  threeDs: '4242424242424242',
};
export const DECLINED_CARD = '5143010522339965';

/** The card form of the page, filled. */
export const cardForm = (number: string): Record<string, string> => ({
  action: 'pay',
  method: 'card',
  card_number: number,
  expiry: '09/32',
  cvv: '564',
});

/** Text a reader sees: tags and the stylesheet dropped, entities decoded, whitespace collapsed. */
export const visibleText = (markup: string): string =>
  markup
    .replace(/<head>[\s\S]*<\/head>/, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The methods the chooser offers, by id, in order. */
export const offeredMethods = (markup: string): string[] =>
  [...markup.matchAll(/<input type="hidden" name="method" value="([^"]+)"/g)].map((m) => m[1] ?? '');

/** Shared setup of the sandbox-pages-*.test.ts files (the sandbox redirect pages): one gateway per importing file. */
import { afterAll, beforeAll, expect } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { getCharge, type RedirectCharge } from './redirect-charges.js';

export let gw: TestGateway;
export let m: TestMerchant;
/** Replaces the merchant the helpers act as (a test that logs in again after the clock moved). */
export const setMerchant = (next: TestMerchant) => {
  m = next;
};

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

export const show = (c: RedirectCharge) => gw.app.inject({ method: 'GET', url: c.path });
export const statusOf = async (c: RedirectCharge) => (await getCharge(gw, m, c.id)).json().data;

/** Text a reader sees: tags dropped, entities decoded, whitespace collapsed. */
export const text = (markup: string): string =>
  markup
    .replace(/<style>[^<]*<\/style>/, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();

export function expectPageHeaders(res: { headers: Record<string, unknown> }): void {
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-frame-options']).toBe('DENY');
}

/** Where a 303 sends the browser, split into the merchant's URL and the added parameters. */
export function returnedTo(res: { statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(303);
  const back = new URL(String(res.headers['location']));
  return { base: `${back.origin}${back.pathname}`, params: Object.fromEntries(back.searchParams) };
}

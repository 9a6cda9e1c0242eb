/** Shared setup of the payments-*.test.ts files (POST /v3/payments): one gateway per importing file. */
import { afterAll, beforeAll } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

export let gw: TestGateway;
export let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

/** The session as the v4 API shows it (the same row, whichever API made it). */
export async function v4View(txRef: string) {
  const res = await gw.app.inject({ method: 'GET', url: '/checkout/sessions?size=50', headers: m.headers });
  return res.json().data.find((s: { reference: string }) => s.reference === txRef);
}

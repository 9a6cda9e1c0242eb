/**
 * v4 mobile-money charges end to end: the push prompt (answered by the sandbox controls or by the
 * sandbox's timer), the redirect page, the QR code, and every check of the wallet, currency and amount.
 *
 * This module is the shared setup of the charges-mobile-money-*.test.ts files: one gateway per importing file.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { directBody, driver } from './other-methods-support.js';

export const WAIT_MS = 10_000;
export const DIRECT = 'POST /orchestration/direct-charges';

export let gw: TestGateway;
export let m: TestMerchant;
export const api = () => driver(gw, () => m);

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Accra Market');
});
afterAll(() => gw.close());

export async function pushCharge(scenario?: string) {
  const body = directBody('ghana');
  expectValidRequest(DIRECT, body);
  const res = await api().direct(body, scenario);
  expect(res.statusCode, res.body).toBe(201);
  expectOperationResponse(DIRECT, 201, res.json());
  return res.json().data;
}

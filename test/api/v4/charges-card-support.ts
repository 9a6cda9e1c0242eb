/**
 * Shared setup of the v4 card charge tests (charges-create.test.ts, charges-card-scenarios.test.ts): one gateway
 * per importing test file with the merchant Kola Stores, the orchestrator body of the docs and the calls made.
 */
import { afterAll, beforeAll } from 'vitest';
import { CARDS, CVVS, encryptCard } from '../../support/cards.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

export let gw: TestGateway;
export let m: TestMerchant;
/** Replaces the merchant the calls act as (a test that logs in again after the clock moved). */
export const setMerchant = (next: TestMerchant) => {
  m = next;
};
export let seq = 0;
export const ref = () => `ref-${Date.now().toString(36)}-${(seq++).toString(36)}`;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kola Stores');
});
afterAll(() => gw.close());

export const key = () => m.credentials.v4.encryption_key;

/** The orchestrator body of the docs, for the Mastercard test card. */
export const directBody = (extra: Record<string, unknown> = {}) => ({
  amount: 1234.56,
  currency: 'NGN',
  reference: ref(),
  customer: { email: 'james@example.com', name: { first: 'King', last: 'James' } },
  payment_method: {
    type: 'card',
    card: encryptCard(key(), { number: CARDS.mastercard, cvv: CVVS.mastercard }),
  },
  redirect_url: 'https://merchant.example/return',
  ...extra,
});

export const direct = (body: object, scenario?: string, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/orchestration/direct-charges',
    headers: { ...m.headers, ...(scenario ? { 'x-scenario-key': scenario } : {}), ...headers },
    payload: body,
  });

export const put = (id: string, payload: object, who: TestMerchant = m) =>
  gw.app.inject({ method: 'PUT', url: `/charges/${id}`, headers: who.headers, payload });

export const get = (id: string, who: TestMerchant = m) =>
  gw.app.inject({ method: 'GET', url: `/charges/${id}`, headers: who.headers });

export const otp = { authorization: { type: 'otp', otp: { code: '123456' } } };
export const avs = {
  authorization: {
    type: 'avs',
    avs: {
      address: { line1: '1 Marina', city: 'Lagos', state: 'Lagos', country: 'NG', postal_code: '101001' },
    },
  },
};

/**
 * The hosted checkout page through `inject`: the document (headers, policy, escaping, labels), the
 * methods it offers, each method carried through its rail to the merchant's redirect_url, the forms
 * it refuses and how, cancel, expiry, links that name nothing, races, and card data kept out of the
 * store. The same journeys in a real browser: checkout-browser.test.ts.
 *
 * This module is the shared setup of the checkout-page-*.test.ts files: one gateway per importing file.
 */
import { afterAll, beforeAll } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { showPage, verifyTransaction, type Session } from '../support/checkout.js';

export let gw: TestGateway;
export let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

export const verify = (id: string | undefined) => verifyTransaction(gw, m, id);

export const h1 = (markup: string): string | undefined => /<h1>([^<]*)<\/h1>/.exec(markup)?.[1];

/** The page as it stands: its heading. */
export const headingOf = async (s: Session) => h1((await showPage(gw, s.path)).body);

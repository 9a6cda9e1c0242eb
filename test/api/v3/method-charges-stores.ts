/**
 * The per-store setup of the v3 method charge suites (method-charges-mobile-money-*.test.ts,
 * method-charges-other-*.test.ts): `onEachStore` declares a file's suites once per available store, each on a
 * fresh gateway with the merchant `m` and another one, `other`; `gw`, `m`, `other`, `v3` and the helpers act on
 * the gateway of the suite running.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { api, body, type ChargeType } from './method-charges-support.js';

export let gw: TestGateway;
export let m: TestMerchant;
export let other: TestMerchant;
export let v3: ReturnType<typeof api>;

/** Declares the suites of `body` under `title on <store>` on every available store, the merchant named `merchant`. */
export function onEachStore(title: string, merchant: string, suites: () => void): void {
  for (const kind of STORES) {
    describe.skipIf(!kind.available)(`${title} on ${kind.name}`, () => {
      beforeAll(async () => {
        gw = await startGateway(kind);
        m = await gw.merchant(merchant);
        other = await gw.merchant('Other Shop');
        v3 = api(gw, () => m);
      });
      afterAll(() => gw.close());
      suites();
    });
  }
}

/** The payment method a charge was made with, as stored. */
export const walletOf = async (txId: number) => {
  const { rows } = await gw.deps.db.query<{ details: unknown }>(
    'SELECT pm.details FROM payment_methods pm JOIN charges c ON c.payment_method_id = pm.id WHERE c.tx_id = $1',
    [txId],
  );
  return rows[0]?.details;
};

/** Creates a charge of `type` and returns its reply body and, by verify_by_reference, its transaction. */
export const create = async (type: ChargeType, extra: Record<string, unknown> = {}, headers = {}) => {
  const payload = body(type, extra);
  const res = await v3.charge(type, payload, headers);
  expect(res.statusCode, res.body).toBe(200);
  const verified = await v3.verifyByRef(payload.tx_ref);
  expect(verified.statusCode).toBe(200);
  return { payload, reply: res.json(), tx: verified.json().data };
};

/** A charge of `type` the gateway refuses: its message. */
export const refused = async (type: ChargeType, extra: Record<string, unknown>, status = 400) => {
  const res = await v3.charge(type, body(type, extra));
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json()).toMatchObject({ status: 'error', data: null });
  return res.json().message as string;
};

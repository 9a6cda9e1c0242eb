/** Requests the fault and rate-limit suites send: one write and one read per dialect, and counts of what was written. */
import { expect } from 'vitest';
import type { TestGateway, TestMerchant } from '../../support/gateway.js';
import { postV3Payment, v3Payment } from '../../support/checkout.js';
import { v3Headers } from '../../support/v3.js';

export type DialectName = 'v4' | 'v3';

const scenario = (key: string | undefined): Record<string, string> =>
  key === undefined ? {} : { 'x-scenario-key': key };

/** A write in the dialect: v4 creates a customer, v3 a payment link (a checkout session). */
export function write(
  gw: TestGateway,
  m: TestMerchant,
  dialect: DialectName,
  key?: string,
  headers: Record<string, string> = {},
) {
  return dialect === 'v4'
    ? gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: { ...m.headers, ...scenario(key), ...headers },
        payload: { email: `c-${Math.random().toString(36).slice(2)}@example.com` },
      })
    : postV3Payment(gw, m, v3Payment(), { ...scenario(key), ...headers });
}

/** A read in the dialect. */
export function read(gw: TestGateway, m: TestMerchant, dialect: DialectName, key?: string) {
  return gw.app.inject({
    method: 'GET',
    url: dialect === 'v4' ? '/customers' : '/v3/transactions',
    headers: { ...(dialect === 'v4' ? m.headers : v3Headers(m)), ...scenario(key) },
  });
}

/** What a merchant's writes left in the store: its customers and checkout sessions. */
export async function written(gw: TestGateway, m: TestMerchant): Promise<number> {
  const { rows } = await gw.deps.db.query<{ n: string }>(
    `SELECT (SELECT count(*) FROM customers WHERE merchant_id = $1)
          + (SELECT count(*) FROM checkout_sessions WHERE merchant_id = $1) AS n`,
    [m.credentials.merchant_id],
  );
  return Number(rows[0]?.n);
}

/** The dialect's error body: v4 `{status: failed, error: {type, code, message}}`, v3 `{status: error, message, data: null}`. */
export function expectEnvelope(dialect: DialectName, body: unknown, type: string, code: string): void {
  if (dialect === 'v4') {
    expect(body).toEqual({ status: 'failed', error: { type, code, message: expect.any(String) } });
  } else {
    expect(body).toEqual({ status: 'error', message: expect.any(String), data: null });
  }
}

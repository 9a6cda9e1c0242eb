/**
 * What the settlement suites share: a day of collections made through the public API — successful
 * charges (a v3 no-auth card, NGN), refunds and a chargeback (v4) — and the ledger's own sums of the
 * movements they caused, to check a settlement against.
 */
import { expect } from 'vitest';
import type { TestGateway, TestMerchant } from './gateway.js';
import { v3Card, v3Headers } from './v3.js';

const NOAUTH_CARD = '5061460410120223210';

export interface MadeCharge {
  readonly id: string;
  readonly txId: number;
  readonly flwRef: string;
  readonly reference: string;
}

export const call = (
  gw: TestGateway,
  m: TestMerchant,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
) =>
  gw.app.inject({
    method,
    url,
    headers: m.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** A successful NGN card charge of `amount` (major units), with its v4 and v3 names. */
export async function chargeOf(gw: TestGateway, m: TestMerchant, amount: number): Promise<MadeCharge> {
  const card = v3Card(NOAUTH_CARD, { amount });
  const res = await gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: v3Headers(m),
    payload: card,
  });
  expect(res.statusCode, res.body).toBe(200);
  const v3 = res.json<{ data: { id: number; flw_ref: string; status: string } }>().data;
  expect(v3.status).toBe('successful');
  const found = await call(gw, m, 'GET', `/charges?reference=${card.tx_ref}`);
  const id = found.json<{ data: { id: string }[] }>().data[0]?.id ?? '';
  return { id, txId: v3.id, flwRef: v3.flw_ref, reference: card.tx_ref };
}

export async function refundOf(gw: TestGateway, m: TestMerchant, chargeId: string, amount: number) {
  const res = await call(gw, m, 'POST', '/refunds', {
    amount,
    charge_id: chargeId,
    reason: 'requested_by_customer',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ data: { id: string } }>().data.id;
}

export async function disputeOf(gw: TestGateway, m: TestMerchant, chargeId: string, amount: number) {
  const res = await call(gw, m, 'POST', '/chargebacks', {
    charge_id: chargeId,
    amount,
    expiry: 24,
    type: 'local',
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ data: { id: string } }>().data.id;
}

/** The ledger's sums, in minor units, of the movements these charges, refunds and chargebacks made. */
export async function ledgerSums(gw: TestGateway, sources: readonly string[]) {
  const { rows } = await gw.deps.db.query<{ kind: string; account: string; amount: unknown }>(
    `SELECT kind, account, sum(amount) AS amount FROM ledger_entries WHERE source_id = ANY($1::text[])
     GROUP BY kind, account`,
    [sources],
  );
  const sum = (kind: string[], account: string) =>
    rows
      .filter((r) => kind.includes(r.kind) && r.account === account)
      .reduce((t, r) => t + Number(r.amount), 0);
  return {
    gross: 0 - sum(['charge'], 'customer_funds'),
    fee: sum(['charge'], 'fees'),
    refund: sum(['refund'], 'refunds'),
    chargeback: 0 - sum(['dispute_hold', 'dispute_release'], 'available'),
    net: sum(['charge', 'refund', 'dispute_hold', 'dispute_release'], 'available'),
  };
}

/** Minor units of a major NGN amount on the wire. */
export const kobo = (major: number): number => Math.round(major * 100);

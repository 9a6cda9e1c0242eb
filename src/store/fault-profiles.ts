/** Merchants' sandbox fault profiles (0017, docs/sandbox.md "Faults"). */
import type { FaultKind, FaultProfile } from '../domain/faults.js';
import type { Queryable } from './db.js';

type Row = {
  seed: string;
  rates: Partial<Record<FaultKind, number>>;
  latency_ms: number;
  requests: string;
};

const profileOf = (row: Row): FaultProfile => ({
  seed: Number(row.seed),
  rates: row.rates,
  latencyMs: row.latency_ms,
});

export async function findFaultProfile(
  q: Queryable,
  merchantId: string,
): Promise<{ profile: FaultProfile; requests: number } | undefined> {
  const { rows } = await q.query<Row>(
    'SELECT seed, rates, latency_ms, requests FROM sandbox_fault_profiles WHERE merchant_id = $1',
    [merchantId],
  );
  const row = rows[0];
  return row && { profile: profileOf(row), requests: Number(row.requests) };
}

/** Sets the profile and starts its count again from 0. */
export async function putFaultProfile(
  q: Queryable,
  merchantId: string,
  profile: FaultProfile,
  now: Date,
): Promise<void> {
  await q.query(
    `INSERT INTO sandbox_fault_profiles (merchant_id, seed, rates, latency_ms, requests, updated_at)
     VALUES ($1, $2, $3, $4, 0, $5)
     ON CONFLICT (merchant_id) DO UPDATE SET seed = EXCLUDED.seed, rates = EXCLUDED.rates,
       latency_ms = EXCLUDED.latency_ms, requests = 0, updated_at = EXCLUDED.updated_at`,
    [merchantId, profile.seed, JSON.stringify(profile.rates), profile.latencyMs, now],
  );
}

export async function deleteFaultProfile(q: Queryable, merchantId: string): Promise<boolean> {
  const { rows } = await q.query<{ merchant_id: string }>(
    'DELETE FROM sandbox_fault_profiles WHERE merchant_id = $1 RETURNING merchant_id',
    [merchantId],
  );
  return rows.length > 0;
}

/** Counts one more request against the profile: the profile and that request's number (from 1). */
export async function countFaultRequest(
  q: Queryable,
  merchantId: string,
): Promise<{ profile: FaultProfile; n: number } | undefined> {
  const { rows } = await q.query<Row>(
    `UPDATE sandbox_fault_profiles SET requests = requests + 1 WHERE merchant_id = $1
     RETURNING seed, rates, latency_ms, requests`,
    [merchantId],
  );
  const row = rows[0];
  return row && { profile: profileOf(row), n: Number(row.requests) };
}

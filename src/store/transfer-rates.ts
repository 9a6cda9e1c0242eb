/** FX quotes: the sandbox table's rate for an amount, kept until it expires. */
import type { Queryable } from './db.js';
import { toNumber } from './db.js';

export interface RateQuote {
  readonly id: string;
  readonly merchantId: string;
  readonly sourceCurrency: string;
  readonly destinationCurrency: string;
  readonly sourceAmount: number;
  readonly destinationAmount: number;
  readonly rate: string;
  readonly expiresAt: Date;
  readonly createdAt: Date;
}

export async function insertRate(q: Queryable, r: RateQuote): Promise<void> {
  await q.query(
    `INSERT INTO transfer_rates (id, merchant_id, source_currency, destination_currency, source_amount,
       destination_amount, rate, expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      r.id,
      r.merchantId,
      r.sourceCurrency,
      r.destinationCurrency,
      r.sourceAmount,
      r.destinationAmount,
      r.rate,
      r.expiresAt,
      r.createdAt,
    ],
  );
}

type RateRow = {
  id: string;
  merchant_id: string;
  source_currency: string;
  destination_currency: string;
  source_amount: unknown;
  destination_amount: unknown;
  rate: string;
  expires_at: Date;
  created_at: Date;
};

/** The quote if it exists for this merchant and has not expired at `now`. */
export async function findRate(
  q: Queryable,
  merchantId: string,
  id: string,
  now: Date,
): Promise<RateQuote | undefined> {
  const { rows } = await q.query<RateRow>(
    'SELECT * FROM transfer_rates WHERE merchant_id = $1 AND id = $2 AND expires_at > $3',
    [merchantId, id, now],
  );
  const r = rows[0];
  return (
    r && {
      id: r.id,
      merchantId: r.merchant_id,
      sourceCurrency: r.source_currency,
      destinationCurrency: r.destination_currency,
      sourceAmount: toNumber(r.source_amount),
      destinationAmount: toNumber(r.destination_amount),
      rate: r.rate,
      expiresAt: r.expires_at,
      createdAt: r.created_at,
    }
  );
}

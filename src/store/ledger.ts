/**
 * The ledger (migration 0012): wallets per merchant and currency, whose totals move only together with
 * double-entry rows in one statement. Charges and refunds move them by trigger, in the statement that
 * writes them; transfers and top-ups with the statements here. `wallets` CHECKs refuse any movement
 * that would take a balance below zero; the entries are the truth (`ledgerMismatches`). A charge's
 * credit waits in `wallet_credits` until the next movement of the wallet folds it in (migration
 * 0021), so balances are read from `wallet_balances`, the row plus its pending credits.
 */
import type { Queryable } from './db.js';
import { toNumber } from './db.js';

export interface WalletBalance {
  readonly currency: string;
  readonly available: number;
  readonly ledger: number;
}

export interface LedgerEntry {
  readonly id: number;
  readonly journalId: string;
  readonly currency: string;
  readonly account: string;
  readonly amount: number;
  readonly kind: string;
  readonly sourceId?: string;
  readonly createdAt: Date;
}

/** Opens the wallet with its sandbox balance if it does not exist yet (idempotent, race-safe). */
export async function openWallet(
  q: Queryable,
  merchantId: string,
  currency: string,
  at: Date,
): Promise<void> {
  await q.query('SELECT baobab_open_wallet($1::text, $2::text, $3::timestamptz)', [merchantId, currency, at]);
}

type WalletRow = { currency: string; available_balance: unknown; ledger_balance: unknown };
const toBalance = (r: WalletRow): WalletBalance => ({
  currency: r.currency,
  available: toNumber(r.available_balance),
  ledger: toNumber(r.ledger_balance),
});

/** Every wallet of the merchant: the sandbox's opening currencies (opened on first read) and any other it has. */
export async function walletBalances(q: Queryable, merchantId: string, at: Date): Promise<WalletBalance[]> {
  await q.query(
    `SELECT baobab_open_wallet($1::text, o.currency, $2::timestamptz) FROM sandbox_opening_balances o
     WHERE NOT EXISTS (SELECT 1 FROM wallets w WHERE w.merchant_id = $1::text AND w.currency = o.currency)`,
    [merchantId, at],
  );
  const { rows } = await q.query<WalletRow>(
    'SELECT currency, available_balance, ledger_balance FROM wallet_balances WHERE merchant_id = $1 ORDER BY currency',
    [merchantId],
  );
  return rows.map(toBalance);
}

export async function walletBalance(
  q: Queryable,
  merchantId: string,
  currency: string,
  at: Date,
): Promise<WalletBalance> {
  await openWallet(q, merchantId, currency, at);
  const { rows } = await q.query<WalletRow>(
    'SELECT currency, available_balance, ledger_balance FROM wallet_balances WHERE merchant_id = $1 AND currency = $2',
    [merchantId, currency],
  );
  const row = rows[0];
  return row ? toBalance(row) : { currency, available: 0, ledger: 0 };
}

/** Folds the wallet's pending charge credits into its row (before a movement guarded on the row). */
export async function foldWallet(q: Queryable, merchantId: string, currency: string): Promise<void> {
  await q.query('SELECT baobab_fold_wallet($1::text, $2::text)', [merchantId, currency]);
}

/**
 * Folds the pending credits of up to `limit` wallets (the worker's housekeeping, so the credits a
 * balance read adds up stay few); how many it folded.
 */
export async function foldPendingCredits(q: Queryable, limit: number): Promise<number> {
  const { rows } = await q.query<{ n: unknown }>(
    `WITH w AS (SELECT DISTINCT merchant_id, currency FROM wallet_credits LIMIT $1)
     SELECT count(*) AS n FROM (SELECT baobab_fold_wallet(w.merchant_id, w.currency) FROM w) f`,
    [limit],
  );
  return toNumber(rows[0]?.n ?? 0);
}

/** Adds to a wallet from the sandbox's funding account (the sandbox top-up control). */
export async function topUp(
  q: Queryable,
  w: { merchantId: string; currency: string; amount: number; id: string; at: Date },
): Promise<WalletBalance> {
  await openWallet(q, w.merchantId, w.currency, w.at);
  const { rows } = await q.query<WalletRow>(
    `WITH u AS (
       UPDATE wallets SET available_balance = available_balance + $3::bigint,
         ledger_balance = ledger_balance + $3::bigint, updated_at = $5::timestamptz
       WHERE merchant_id = $1::text AND currency = $2::text
       RETURNING currency, available_balance, ledger_balance
     ), e AS (
       INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
       SELECT 'top_up:' || $4::text, $1::text, $2::text, x.account, x.amount, 'top_up', $4::text, $5::timestamptz
       FROM u, (VALUES ('available', $3::bigint), ('sandbox_funding', -$3::bigint)) AS x (account, amount)
     )
     SELECT * FROM u`,
    [w.merchantId, w.currency, w.amount, w.id, w.at],
  );
  const row = rows[0];
  if (!row) throw new Error('top-up: the wallet was not opened');
  return toBalance(row);
}

type EntryRow = {
  id: unknown;
  journal_id: string;
  currency: string;
  account: string;
  amount: unknown;
  kind: string;
  source_id: string | null;
  created_at: Date;
};

/** The merchant's movements on its own accounts (`available`, `held`), most recent first. */
export async function statementEntries(
  q: Queryable,
  merchantId: string,
  filter: { currency?: string; from?: Date; to?: Date; limit: number; offset: number },
): Promise<{ entries: LedgerEntry[]; total: number }> {
  const params: unknown[] = [merchantId];
  const where = [`merchant_id = $1`, `account IN ('available', 'held')`];
  if (filter.currency !== undefined) where.push(`currency = $${params.push(filter.currency)}`);
  if (filter.from !== undefined) where.push(`created_at >= $${params.push(filter.from)}`);
  if (filter.to !== undefined) where.push(`created_at <= $${params.push(filter.to)}`);
  const cond = where.join(' AND ');
  const [count, rows] = await Promise.all([
    q.query<{ n: unknown }>(`SELECT count(*) AS n FROM ledger_entries WHERE ${cond}`, params),
    q.query<EntryRow>(
      `SELECT id, journal_id, currency, account, amount, kind, source_id, created_at FROM ledger_entries
       WHERE ${cond} ORDER BY created_at DESC, id DESC LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, filter.limit, filter.offset],
    ),
  ]);
  return {
    total: toNumber(count.rows[0]?.n ?? 0),
    entries: rows.rows.map((r) => ({
      id: toNumber(r.id),
      journalId: r.journal_id,
      currency: r.currency,
      account: r.account,
      amount: toNumber(r.amount),
      kind: r.kind,
      ...(r.source_id === null ? {} : { sourceId: r.source_id }),
      createdAt: r.created_at,
    })),
  };
}

/** Wallets whose totals differ from their entries, and journals that do not balance: always empty. */
export async function ledgerMismatches(q: Queryable): Promise<{ what: string; merchant_id: string }[]> {
  const { rows } = await q.query<{ what: string; merchant_id: string }>(
    'SELECT what, merchant_id FROM baobab_ledger_mismatches()',
  );
  return rows;
}

/** SQLSTATE 23514 on the wallet's no-negative CHECK: the balance does not cover the movement. */
export function isInsufficientBalance(error: unknown): boolean {
  const e = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    constraint?: unknown;
  };
  return e.code === '23514' && e.constraint === 'wallets_available_nonnegative';
}

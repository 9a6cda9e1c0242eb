/**
 * Transfers and the wallet movements they cause. Each write is ONE statement: the transfer row (or
 * its guarded update), the wallet's new totals, the ledger entries, the event, the timer and the
 * idempotency reply are CTEs of it, all depending on the guarded part, so either everything is
 * written or nothing is.
 *
 * Creating a transfer that holds money updates the wallet first, guarded by `available_balance >=
 * hold`: under READ COMMITTED, racing creations on any node queue on the wallet row and each re-checks
 * the guard against the committed balance, so exactly as many succeed as the balance covers. When the
 * guard fails nothing is written and the flow records the transfer as FAILED (insufficient_balance).
 * The guard reads the wallet row, so the charges' credits not folded into it yet are folded first
 * (migration 0021), in a statement of their own.
 */
import type { DomainEvent } from '../domain/events.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import { holdOf, type Transfer, type TransferStatus } from '../domain/transfer.js';
import { pick } from '../domain/customer.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import { foldWallet } from './ledger.js';
import type { ReplyRow } from './idempotency.js';
import { TIMER_DUE, TIMER_RUN_AT, type NewJob } from './jobs.js';
import { listPage, type Listing } from './listing.js';

export const TRANSFER_REFERENCE_CONSTRAINT = 'transfers_reference_unique';

/** What a write does to the wallet: see docs/payouts.md for each movement's entries. */
export type Movement = 'hold' | 'settle' | 'release' | 'reverse' | 'none';

const COLUMNS = `id, num_id, merchant_id, reference, action, type, status, source_currency, destination_currency,
  amount, debit_amount, fee, rate, recipient_id, destination, sender, narration, callback_url, meta, scenario,
  rail_state, provider_response, origin, parent_id, bulk_id, disburse_at, reversed_at, version, created_at,
  updated_at`;

type TransferRow = {
  id: string;
  num_id: unknown;
  merchant_id: string;
  reference: string;
  action: Transfer['action'];
  type: Transfer['type'];
  status: TransferStatus;
  source_currency: Transfer['sourceCurrency'];
  destination_currency: Transfer['destinationCurrency'];
  amount: unknown;
  debit_amount: unknown;
  fee: unknown;
  rate: unknown;
  recipient_id: string | null;
  destination: Transfer['destination'] & { appliesTo?: Transfer['appliesTo'] };
  sender: Transfer['sender'] | null;
  narration: string | null;
  callback_url: string | null;
  meta: Transfer['meta'];
  scenario: Transfer['scenario'];
  rail_state: unknown;
  provider_response: Transfer['providerResponse'] | null;
  origin: Transfer['origin'];
  parent_id: string | null;
  bulk_id: string | null;
  disburse_at: Date | null;
  reversed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
};

function toTransfer(r: TransferRow): Transfer {
  const { appliesTo, ...destination } = r.destination;
  return {
    id: r.id,
    numId: toNumber(r.num_id),
    merchantId: r.merchant_id,
    reference: r.reference,
    action: r.action,
    type: r.type,
    status: r.status,
    sourceCurrency: r.source_currency,
    destinationCurrency: r.destination_currency,
    amount: toNumber(r.amount),
    appliesTo: appliesTo ?? 'destination_currency',
    debitAmount: toNumber(r.debit_amount),
    fee: toNumber(r.fee),
    rate: String(r.rate),
    ...pick('recipientId', r.recipient_id ?? undefined),
    destination,
    ...pick('sender', r.sender ?? undefined),
    ...pick('narration', r.narration ?? undefined),
    ...pick('callbackUrl', r.callback_url ?? undefined),
    meta: r.meta,
    scenario: r.scenario,
    railState: r.rail_state,
    ...pick('providerResponse', r.provider_response ?? undefined),
    origin: r.origin,
    ...pick('parentId', r.parent_id ?? undefined),
    ...pick('bulkId', r.bulk_id ?? undefined),
    ...pick('disburseAt', r.disburse_at ?? undefined),
    ...pick('reversedAt', r.reversed_at ?? undefined),
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

/** Parameters $1…$30 of a transfer row, in COLUMNS order. */
const rowParams = (t: Transfer): unknown[] => [
  t.id,
  t.numId,
  t.merchantId,
  t.reference,
  t.action,
  t.type,
  t.status,
  t.sourceCurrency,
  t.destinationCurrency,
  t.amount,
  t.debitAmount,
  t.fee,
  t.rate,
  t.recipientId ?? null,
  JSON.stringify({ ...t.destination, appliesTo: t.appliesTo }),
  json(t.sender),
  t.narration ?? null,
  t.callbackUrl ?? null,
  JSON.stringify(t.meta),
  JSON.stringify(t.scenario),
  JSON.stringify(t.railState),
  json(t.providerResponse),
  t.origin,
  t.parentId ?? null,
  t.bulkId ?? null,
  t.disburseAt ?? null,
  t.reversedAt ?? null,
  t.version,
  t.createdAt,
  t.updatedAt,
];
const CASTS = `$1::text, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text,
  $10::bigint, $11::bigint, $12::bigint, $13::numeric, $14::text, $15::jsonb, $16::jsonb, $17::text, $18::text,
  $19::jsonb, $20::jsonb, $21::jsonb, $22::jsonb, $23::text, $24::text, $25::text, $26::timestamptz,
  $27::timestamptz, $28::integer, $29::timestamptz, $30::timestamptz`;

/** The entries of a movement, as (account, amount) rows, for a transfer's hold/debit/fee. */
function entriesOf(m: Movement): string {
  switch (m) {
    case 'hold':
      return `('available', -$H::bigint), ('held', $H::bigint)`;
    case 'settle':
      return `('held', -$H::bigint), ('payouts', $D::bigint), ('fees', $F::bigint)`;
    case 'release':
      return `('held', -$H::bigint), ('available', $H::bigint)`;
    case 'reverse':
      return `('payouts', -$D::bigint), ('fees', -$F::bigint), ('available', $H::bigint)`;
    case 'none':
      return '';
  }
}

const walletChange: Readonly<Record<Movement, string>> = {
  hold: 'available_balance = available_balance - $H::bigint',
  settle: 'ledger_balance = ledger_balance - $H::bigint',
  release: 'available_balance = available_balance + $H::bigint',
  reverse: 'available_balance = available_balance + $H::bigint, ledger_balance = ledger_balance + $H::bigint',
  none: '',
};

export interface TransferWrite {
  readonly transfer: Transfer;
  readonly movement: Movement;
  readonly event: DomainEvent | undefined;
  readonly job: NewJob | undefined;
  readonly reply?: ReplyRow | undefined;
}

/**
 * The CTEs that follow the guard `g` (a one-row CTE when the write applies): wallet, entries, event,
 * job and reply. `base` is the number of parameters before these.
 */
function followers(w: TransferWrite, base: number): { sql: string; params: unknown[] } {
  const t = w.transfer;
  const params: unknown[] = [];
  const p = (v: unknown): string => `$${base + params.push(v)}`;
  const m = t.merchantId;
  const parts: string[] = [];
  if (w.movement !== 'none') {
    // Only the amounts a movement names become parameters (an unused one has no type to infer).
    const values: Record<string, number> = { $H: holdOf(t), $D: t.debitAmount, $F: t.fee };
    const placed: Record<string, string> = {};
    const fill = (s: string) => s.replace(/\$[HDF]/g, (token) => (placed[token] ??= p(values[token])));
    const M = p(m);
    const C = p(t.sourceCurrency);
    const AT = p(t.updatedAt);
    const SRC = p(t.id);
    const KIND = p(`transfer_${w.movement}`);
    if (w.movement !== 'hold') {
      parts.push(`wl AS (UPDATE wallets SET ${fill(walletChange[w.movement])}, updated_at = ${AT}::timestamptz
        WHERE merchant_id = ${M}::text AND currency = ${C}::text AND EXISTS (SELECT 1 FROM g) RETURNING 1)`);
    }
    parts.push(`le AS (INSERT INTO ledger_entries (journal_id, merchant_id, currency, account, amount, kind, source_id, created_at)
      SELECT ${KIND}::text || ':' || ${SRC}::text, ${M}::text, ${C}::text, x.account, x.amount, ${KIND}::text, ${SRC}::text, ${AT}::timestamptz
      FROM g, (VALUES ${fill(entriesOf(w.movement))}) AS x (account, amount) WHERE x.amount <> 0)`);
  }
  if (w.event) {
    parts.push(`ev AS (INSERT INTO events (id, merchant_id, type, charge_id, data, created_at)
      SELECT ${p(w.event.id)}::text, ${p(m)}::text, ${p(w.event.type)}::text, NULL, ${p(JSON.stringify(w.event.data))}::jsonb,
        ${p(w.event.createdAt)}::timestamptz FROM g)`);
  }
  if (w.job) {
    const j = w.job;
    // A timer on the merchant's sandbox clock when it names the merchant (store/jobs.ts `NewJob`).
    const RUN = p(j.runAt);
    const CREATED = p(j.createdAt);
    const MERCHANT = p(j.merchantId ?? null);
    parts.push(`jb AS (INSERT INTO jobs (id, kind, payload, run_at, dedupe_key, created_at, merchant_id, due_at)
      SELECT ${p(j.id)}::text, ${p(j.kind)}::text, ${p(JSON.stringify(j.payload))}::jsonb,
        CASE WHEN ${MERCHANT}::text IS NULL THEN ${RUN}::timestamptz ELSE ${TIMER_RUN_AT(MERCHANT, CREATED, RUN)} END,
        ${p(j.dedupeKey ?? null)}::text, ${CREATED}::timestamptz, ${MERCHANT}::text,
        CASE WHEN ${MERCHANT}::text IS NOT NULL THEN ${TIMER_DUE(MERCHANT, CREATED, RUN)} END
      FROM g ON CONFLICT (dedupe_key) DO NOTHING)`);
  }
  if (w.reply) {
    const r = w.reply;
    parts.push(`ik AS (INSERT INTO idempotency_keys (merchant_id, scope, key, fingerprint, response_status, response_body, created_at, expires_at)
      SELECT ${p(r.merchantId)}::text, ${p(r.scope)}::text, ${p(r.key)}::text, ${p(r.fingerprint)}::text,
        ${p(r.status)}::integer, ${p(r.body)}::text, ${p(r.createdAt)}::timestamptz, ${p(r.expiresAt)}::timestamptz FROM g)`);
  }
  return { sql: parts.map((s) => `, ${s}`).join('\n'), params };
}

/**
 * Inserts a new transfer with its movement (`hold` or `none`), event, timer and reply. False, writing
 * nothing, when the hold is not covered by the available balance.
 */
export async function insertTransfer(q: Queryable, w: TransferWrite): Promise<boolean> {
  const t = w.transfer;
  const head = rowParams(t);
  const guard =
    w.movement === 'hold'
      ? `g AS (UPDATE wallets SET available_balance = available_balance - $31::bigint, updated_at = $29::timestamptz
           WHERE merchant_id = $3::text AND currency = $8::text AND available_balance >= $31::bigint RETURNING 1)`
      : `g AS (SELECT 1 AS one WHERE $31::bigint IS NOT NULL)`;
  const rest = followers(w, 31);
  if (w.movement === 'hold') await foldWallet(q, t.merchantId, t.sourceCurrency);
  const { rows } = await q.query<{ n: number }>(
    `WITH ${guard},
     t AS (INSERT INTO transfers (${COLUMNS}) SELECT ${CASTS} FROM g)
     ${rest.sql}
     SELECT count(*)::int AS n FROM g`,
    [...head, holdOf(t), ...rest.params],
  );
  return rows[0]?.n === 1;
}

/**
 * Writes `next` over the stored transfer if it is still at `expectedVersion`, with its movement,
 * event and timer. False, writing nothing, when it moved on meanwhile.
 */
export async function updateTransfer(
  q: Queryable,
  w: TransferWrite,
  expectedVersion: number,
): Promise<boolean> {
  const t = w.transfer;
  const rest = followers(w, 10);
  const { rows } = await q.query<{ n: number }>(
    `WITH g AS (
       UPDATE transfers SET status = $3::text, rail_state = $4::jsonb, provider_response = $5::jsonb,
         reversed_at = $6::timestamptz, version = $7::integer, updated_at = $8::timestamptz
       WHERE merchant_id = $1::text AND id = $2::text AND version = $9::integer AND $10::text IS NOT NULL
       RETURNING 1
     )
     ${rest.sql}
     SELECT count(*)::int AS n FROM g`,
    [
      t.merchantId,
      t.id,
      t.status,
      JSON.stringify(t.railState),
      json(t.providerResponse),
      t.reversedAt ?? null,
      t.version,
      t.updatedAt,
      expectedVersion,
      'guard',
      ...rest.params,
    ],
  );
  return rows[0]?.n === 1;
}

export type TransferKey =
  { readonly id: string } | { readonly numId: number } | { readonly reference: string };

export async function findTransfer(
  q: Queryable,
  merchantId: string,
  key: TransferKey,
): Promise<Transfer | undefined> {
  const [column, value] =
    'id' in key ? ['id', key.id] : 'numId' in key ? ['num_id', key.numId] : ['reference', key.reference];
  const { rows } = await q.query<TransferRow>(
    `SELECT ${COLUMNS} FROM transfers WHERE merchant_id = $1 AND ${column} = $2`,
    [merchantId, value],
  );
  return rows[0] && toTransfer(rows[0]);
}

export interface TransferFilter {
  readonly status?: TransferStatus;
  readonly action?: string;
  readonly type?: string;
  readonly sourceCurrency?: string;
  readonly destinationCurrency?: string;
  readonly recipientId?: string;
  readonly bulkId?: string;
  readonly parentId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

const TRANSFERS: Listing<TransferFilter, TransferRow, Transfer> = {
  alias: 'x',
  select: `SELECT ${COLUMNS.split(',')
    .map((c) => `x.${c.trim()}`)
    .join(', ')} FROM transfers x`,
  countFrom: 'transfers x',
  conditions: {
    status: (p) => `x.status = ${p}`,
    action: (p) => `x.action = ${p}`,
    type: (p) => `x.type = ${p}`,
    sourceCurrency: (p) => `x.source_currency = ${p}`,
    destinationCurrency: (p) => `x.destination_currency = ${p}`,
    recipientId: (p) => `x.recipient_id = ${p}`,
    bulkId: (p) => `x.bulk_id = ${p}`,
    parentId: (p) => `x.parent_id = ${p}`,
    from: (p) => `x.created_at >= ${p}`,
    to: (p) => `x.created_at <= ${p}`,
  },
  toItem: toTransfer,
};

export const listTransfers = (
  q: Queryable,
  merchantId: string,
  filter: TransferFilter,
  page: PageRequest,
): Promise<Page<Transfer>> => listPage(q, TRANSFERS, merchantId, filter, page);

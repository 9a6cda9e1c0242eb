/**
 * Virtual accounts, scoped by merchant — except the lookup by account number, which is how a bank
 * transfer finds its account (the number is unique across the instance). Updates are guarded by
 * `version`, so a change decided from a stale read writes nothing.
 */
import type { ChargeOrigin, Scenario } from '../domain/charge.js';
import { pick, type Meta } from '../domain/customer.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type {
  IdentityFingerprints,
  VirtualAccount,
  VirtualAccountCurrency,
  VirtualAccountType,
} from '../domain/virtual-account.js';
import type { Queryable } from './db.js';
import { toNumber } from './db.js';
import { listPage, type Listing } from './listing.js';
import type { Statement } from './statement.js';

export const VIRTUAL_ACCOUNT_REFERENCE_CONSTRAINT = 'virtual_accounts_reference_unique';

type VirtualAccountRow = {
  id: string;
  merchant_id: string;
  customer_id: string;
  reference: string;
  currency: VirtualAccountCurrency;
  account_type: VirtualAccountType;
  amount: unknown;
  account_number: string;
  bank_name: string;
  narration: string | null;
  note: string;
  identity: IdentityFingerprints;
  customer_account_number: string | null;
  meta: Meta;
  merchant_vat_amount: unknown;
  scenario: Scenario;
  origin: ChargeOrigin;
  charge_id: string | null;
  inactive_reason: VirtualAccount['inactiveReason'] | null;
  expires_at: Date;
  version: number;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS = `id, merchant_id, customer_id, reference, currency, account_type, amount, account_number, bank_name,
  narration, note, identity, customer_account_number, meta, merchant_vat_amount, scenario, origin, charge_id,
  inactive_reason, expires_at, version, created_at, updated_at`;

const toVirtualAccount = (row: VirtualAccountRow): VirtualAccount => ({
  id: row.id,
  merchantId: row.merchant_id,
  customerId: row.customer_id,
  reference: row.reference,
  currency: row.currency,
  accountType: row.account_type,
  amount: toNumber(row.amount),
  accountNumber: row.account_number,
  bankName: row.bank_name,
  ...pick('narration', row.narration ?? undefined),
  note: row.note,
  identity: row.identity,
  ...pick('customerAccountNumber', row.customer_account_number ?? undefined),
  meta: row.meta,
  ...pick(
    'merchantVatAmount',
    row.merchant_vat_amount === null ? undefined : toNumber(row.merchant_vat_amount),
  ),
  scenario: row.scenario,
  origin: row.origin,
  ...pick('chargeId', row.charge_id ?? undefined),
  ...pick('inactiveReason', row.inactive_reason ?? undefined),
  expiresAt: row.expires_at,
  version: row.version,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The next number of the instance-wide account sequence (see domain/virtual-account.ts accountNumberOf). */
export async function nextAccountSerial(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: unknown }>(`SELECT nextval('virtual_account_serials') AS n`);
  return toNumber(rows[0]?.n);
}

export function virtualAccountInsert(va: VirtualAccount): Statement {
  return {
    sql: `INSERT INTO virtual_accounts (id, merchant_id, customer_id, reference, currency, account_type, amount,
       account_number, bank_name, narration, note, identity, customer_account_number, meta, merchant_vat_amount,
       scenario, origin, charge_id, inactive_reason, expires_at, version, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::jsonb, $15, $16::jsonb, $17, $18,
       $19, $20, $21, $22, $23)`,
    params: [
      va.id,
      va.merchantId,
      va.customerId,
      va.reference,
      va.currency,
      va.accountType,
      va.amount,
      va.accountNumber,
      va.bankName,
      va.narration ?? null,
      va.note,
      JSON.stringify(va.identity),
      va.customerAccountNumber ?? null,
      JSON.stringify(va.meta),
      va.merchantVatAmount ?? null,
      JSON.stringify(va.scenario),
      va.origin,
      va.chargeId ?? null,
      va.inactiveReason ?? null,
      va.expiresAt,
      va.version,
      va.createdAt,
      va.updatedAt,
    ],
  };
}

/**
 * Writes `next` (its status, identity and meta) over the stored account if it is still at
 * `expectedVersion`. `rowCount` tells whether it landed: 0 when the account moved on meanwhile.
 */
export function virtualAccountUpdate(next: VirtualAccount, expectedVersion: number): Statement {
  return {
    sql: `UPDATE virtual_accounts SET inactive_reason = $3, identity = $4::jsonb, meta = $5::jsonb, version = $6,
       updated_at = $7
     WHERE merchant_id = $1 AND id = $2 AND version = $8`,
    params: [
      next.merchantId,
      next.id,
      next.inactiveReason ?? null,
      JSON.stringify(next.identity),
      JSON.stringify(next.meta),
      next.version,
      next.updatedAt,
      expectedVersion,
    ],
  };
}

/** Runs a guarded update on its own; false when the account had moved on from `expectedVersion`. */
export async function updateVirtualAccount(
  q: Queryable,
  next: VirtualAccount,
  expectedVersion: number,
): Promise<boolean> {
  const { sql, params } = virtualAccountUpdate(next, expectedVersion);
  return (await q.query(sql, params)).rowCount === 1;
}

export async function findVirtualAccount(
  q: Queryable,
  merchantId: string,
  id: string,
  opts: { readonly forUpdate?: boolean } = {},
): Promise<VirtualAccount | undefined> {
  const { rows } = await q.query<VirtualAccountRow>(
    `SELECT ${COLUMNS} FROM virtual_accounts WHERE merchant_id = $1 AND id = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, id],
  );
  return rows[0] && toVirtualAccount(rows[0]);
}

/** The merchant's account with this number, if the number is theirs. */
export async function findVirtualAccountByNumber(
  q: Queryable,
  merchantId: string,
  accountNumber: string,
  opts: { readonly forUpdate?: boolean } = {},
): Promise<VirtualAccount | undefined> {
  const { rows } = await q.query<VirtualAccountRow>(
    `SELECT ${COLUMNS} FROM virtual_accounts WHERE merchant_id = $1 AND account_number = $2${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, accountNumber],
  );
  return rows[0] && toVirtualAccount(rows[0]);
}

export interface VirtualAccountFilter {
  readonly reference?: string;
  readonly from?: Date;
  readonly to?: Date;
}

const VIRTUAL_ACCOUNTS: Listing<VirtualAccountFilter, VirtualAccountRow, VirtualAccount> = {
  alias: 'va',
  select: `SELECT ${COLUMNS} FROM virtual_accounts va`,
  countFrom: 'virtual_accounts va',
  conditions: {
    reference: (p) => `va.reference = ${p}`,
    from: (p) => `va.created_at >= ${p}`,
    to: (p) => `va.created_at <= ${p}`,
  },
  toItem: toVirtualAccount,
};

/** Most recent first, narrowed by every filter given. */
export const listVirtualAccounts = (
  q: Queryable,
  merchantId: string,
  filter: VirtualAccountFilter,
  page: PageRequest,
): Promise<Page<VirtualAccount>> => listPage(q, VIRTUAL_ACCOUNTS, merchantId, filter, page);

/** Every virtual account with this id or account number, of any merchant (or of `merchantId`). */
export async function findVirtualAccountLocations(
  q: Queryable,
  name: string,
  merchantId?: string,
): Promise<{ readonly merchantId: string; readonly id: string }[]> {
  const { rows } = await q.query<{ merchant_id: string; id: string }>(
    `SELECT merchant_id, id FROM virtual_accounts
     WHERE (id = $1 OR account_number = $1) AND ($2::text IS NULL OR merchant_id = $2)
     ORDER BY CASE WHEN id = $1 THEN 0 ELSE 1 END, created_at DESC LIMIT 20`,
    [name, merchantId ?? null],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, id: r.id }));
}

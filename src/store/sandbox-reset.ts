/**
 * Wiping one merchant's sandbox data (flows/sandbox/reset.ts): every row of every table that holds
 * what the merchant did, children before parents. What stays: the merchant row (its keys, v3 and v4),
 * its webhook endpoints (their settings and faults), its fault profile and rate-limit buckets, its
 * sandbox clock (time stays where the merchant put it), and the instance's own tables. Wallets go with their entries and pending credits: the next movement opens
 * each again at its sandbox opening balance (`baobab_open_wallet`), as for a new merchant.
 *
 * Tables per migration (src/store/migrations), and what happens to their rows of the merchant:
 * 0001 merchants (kept), customers, idempotency_keys · 0002 payment_methods, charges, events ·
 * 0004 refunds · 0005 jobs (by payload: `merchantId`, or a delivery of the merchant) · 0006
 * virtual_accounts · 0007 webhook_endpoints (kept), webhook_deliveries, webhook_attempts · 0008
 * checkout_sessions · 0011 bulk_charges, bulk_charge_items · 0012 wallets, ledger_entries,
 * transfer_recipients, transfer_senders, transfers, transfer_rates, transfer_batches
 * (sandbox_opening_balances is the instance's) · 0015 chargebacks · 0016 settlements,
 * settlement_items · 0017 sandbox_fault_profiles, rate_limit_buckets (kept) · 0020 sandbox_clocks
 * (kept) · 0021 wallet_credits.
 */
import type { Queryable } from './db.js';

const DELIVERIES = 'SELECT id FROM webhook_deliveries WHERE merchant_id = $1';

/** Table name → the statement deleting the merchant's rows (`$1`), in an order the foreign keys allow. */
const WIPES: readonly (readonly [string, string])[] = [
  [
    'jobs',
    `DELETE FROM jobs WHERE payload ->> 'merchantId' = $1 OR payload ->> 'deliveryId' IN (${DELIVERIES})`,
  ],
  ['webhook_attempts', `DELETE FROM webhook_attempts WHERE delivery_id IN (${DELIVERIES})`],
  ['webhook_deliveries', 'DELETE FROM webhook_deliveries WHERE merchant_id = $1'],
  ['settlement_items', 'DELETE FROM settlement_items WHERE merchant_id = $1'],
  ['settlements', 'DELETE FROM settlements WHERE merchant_id = $1'],
  ['chargebacks', 'DELETE FROM chargebacks WHERE merchant_id = $1'],
  ['bulk_charge_items', 'DELETE FROM bulk_charge_items WHERE merchant_id = $1'],
  ['bulk_charges', 'DELETE FROM bulk_charges WHERE merchant_id = $1'],
  ['refunds', 'DELETE FROM refunds WHERE merchant_id = $1'],
  ['transfers', 'DELETE FROM transfers WHERE merchant_id = $1'],
  ['transfer_batches', 'DELETE FROM transfer_batches WHERE merchant_id = $1'],
  ['transfer_rates', 'DELETE FROM transfer_rates WHERE merchant_id = $1'],
  ['transfer_recipients', 'DELETE FROM transfer_recipients WHERE merchant_id = $1'],
  ['transfer_senders', 'DELETE FROM transfer_senders WHERE merchant_id = $1'],
  ['charges', 'DELETE FROM charges WHERE merchant_id = $1'],
  ['checkout_sessions', 'DELETE FROM checkout_sessions WHERE merchant_id = $1'],
  ['virtual_accounts', 'DELETE FROM virtual_accounts WHERE merchant_id = $1'],
  ['payment_methods', 'DELETE FROM payment_methods WHERE merchant_id = $1'],
  ['customers', 'DELETE FROM customers WHERE merchant_id = $1'],
  ['events', 'DELETE FROM events WHERE merchant_id = $1'],
  ['idempotency_keys', 'DELETE FROM idempotency_keys WHERE merchant_id = $1'],
  ['wallet_credits', 'DELETE FROM wallet_credits WHERE merchant_id = $1'],
  ['ledger_entries', 'DELETE FROM ledger_entries WHERE merchant_id = $1'],
  ['wallets', 'DELETE FROM wallets WHERE merchant_id = $1'],
];

/** The tables `wipeMerchantData` empties of a merchant's rows. */
export const WIPED_TABLES: readonly string[] = WIPES.map(([table]) => table);

/**
 * Takes the merchant's row (so no customer, and so no charge, can be written for it meanwhile) and
 * deletes its rows; undefined when there is no such merchant. Run it inside a transaction.
 */
export async function wipeMerchantData(
  tx: Queryable,
  merchantId: string,
): Promise<Record<string, number> | undefined> {
  const { rows } = await tx.query('SELECT id FROM merchants WHERE id = $1 FOR UPDATE', [merchantId]);
  if (rows.length === 0) return undefined;
  const deleted: Record<string, number> = {};
  for (const [table, sql] of WIPES) deleted[table] = (await tx.query(sql, [merchantId])).rowCount;
  return deleted;
}

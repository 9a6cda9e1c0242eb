/**
 * Reset (docs/sandbox.md "Reset"): one merchant's sandbox data wiped in one transaction, all or
 * nothing — charges, customers, payment methods, refunds, transfers, virtual accounts, checkout
 * sessions, disputes, settlements, events and their webhook deliveries, jobs, idempotency replies,
 * and the ledger, so wallets start again from their opening balances. The merchant, its keys, its
 * webhook endpoints and its sandbox settings stay (store/sandbox-reset.ts lists every table).
 */
import { appError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { isLockTimeout } from '../../store/db.js';
import { wipeMerchantData } from '../../store/sandbox-reset.js';
import type { Deps } from '../deps.js';
import { inTransaction } from '../unit-of-work.js';

export interface ResetReport {
  /** Rows deleted, per table. */
  readonly deleted: Readonly<Record<string, number>>;
}

/**
 * A row the reset must delete that another transaction holds past the lock wait (a payout being
 * debited, say) rolls the whole reset back: 409, and nothing was deleted.
 */
export async function resetSandbox(deps: Pick<Deps, 'db'>, merchantId: string): Promise<Result<ResetReport>> {
  try {
    return await inTransaction(deps, async (tx) => {
      const deleted = await wipeMerchantData(tx, merchantId);
      return deleted
        ? ok({ deleted })
        : err(appError('RESOURCE_NOT_FOUND', `Merchant ${merchantId} not found`));
    });
  } catch (error) {
    if (!isLockTimeout(error)) throw error;
    return err(
      appError(
        'RESOURCE_CONFLICT',
        'The merchant’s data is being changed by another request: nothing was reset; retry',
      ),
    );
  }
}

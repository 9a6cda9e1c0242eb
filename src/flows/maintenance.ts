/** Housekeeping every node may run at any time: each step is idempotent and safe to run concurrently. */
import { purgeExpiredReplies } from '../store/idempotency.js';
import { foldPendingCredits } from '../store/ledger.js';
import type { Deps } from './deps.js';

export async function storeReachable(deps: Pick<Deps, 'db'>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  try {
    return await Promise.race([deps.db.query('SELECT 1').then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export function purgeExpiredIdempotencyKeys(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return purgeExpiredReplies(deps.db, deps.clock.now());
}

/** Folds charges' pending wallet credits into their wallets (a hundred wallets a call). */
export function foldWalletCredits(deps: Pick<Deps, 'db'>): Promise<number> {
  return foldPendingCredits(deps.db, 100);
}

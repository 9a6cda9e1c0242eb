/** Wallet balances, statements and the sandbox top-up (the ledger, store/ledger.ts). */
import { newId } from '../../domain/ids.js';
import type { Currency } from '../../domain/money.js';
import { ok, type Result } from '../../domain/result.js';
import {
  statementEntries,
  topUp,
  walletBalance,
  walletBalances,
  type LedgerEntry,
  type WalletBalance,
} from '../../store/ledger.js';
import type { Deps } from '../deps.js';
import { inTransaction } from '../unit-of-work.js';

export type { LedgerEntry, WalletBalance };

export const balancesOf = (deps: Deps, merchantId: string): Promise<WalletBalance[]> =>
  walletBalances(deps.db, merchantId, deps.clock.now());

export const balanceOf = (deps: Deps, merchantId: string, currency: Currency): Promise<WalletBalance> =>
  walletBalance(deps.db, merchantId, currency, deps.clock.now());

export function topUpWallet(
  deps: Deps,
  merchantId: string,
  currency: Currency,
  amount: number,
): Promise<Result<WalletBalance>> {
  return inTransaction(deps, async (tx) =>
    ok(await topUp(tx, { merchantId, currency, amount, id: newId('topUp'), at: deps.clock.now() })),
  );
}

export const statementOf = (
  deps: Deps,
  merchantId: string,
  filter: { currency?: string; from?: Date; to?: Date; limit: number; offset: number },
): Promise<{ entries: LedgerEntry[]; total: number }> => statementEntries(deps.db, merchantId, filter);

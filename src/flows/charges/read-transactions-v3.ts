/**
 * Reads for the v3 transaction endpoints: a filtered page of transactions, each with its payment
 * method and customer (what a v3 list row shows), within the caller's merchant.
 */
import type { Page, PageRequest } from '../../domain/pagination.js';
import {
  listTransactions,
  type TransactionFilter,
  type TransactionRow,
} from '../../store/transactions-v3.js';
import type { Deps } from '../deps.js';

export type { TransactionFilter, TransactionRow };

export function pageOfTransactions(
  deps: Deps,
  merchantId: string,
  filter: TransactionFilter,
  page: PageRequest,
): Promise<Page<TransactionRow>> {
  return listTransactions(deps.db, merchantId, filter, page);
}

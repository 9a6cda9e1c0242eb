/** Reads: one charge (with its payment method) or a filtered page of them, within the caller's merchant. */
import { appError } from '../domain/errors.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import { err, ok, type Result } from '../domain/result.js';
import { findCharge, listCharges, type ChargeFilter, type ChargeWithMethod } from '../store/charges.js';
import type { Deps } from './deps.js';

export type { ChargeFilter, ChargeWithMethod };

export async function getCharge(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<ChargeWithMethod>> {
  const found = await findCharge(deps.db, merchantId, id);
  return found ? ok(found) : err(appError('CHARGE_NOT_FOUND', `Charge ${id} was not found`));
}

export function pageOfCharges(
  deps: Deps,
  merchantId: string,
  filter: ChargeFilter,
  page: PageRequest,
): Promise<Page<ChargeWithMethod>> {
  return listCharges(deps.db, merchantId, filter, page);
}

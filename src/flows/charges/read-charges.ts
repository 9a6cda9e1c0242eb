/** Reads: one charge (with its payment method) or a filtered page of them, within the caller's merchant. */
import { appError } from '../../domain/errors.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Customer } from '../../domain/customer.js';
import {
  findCharge,
  listCharges,
  type ChargeFilter,
  type ChargeKey,
  type ChargeWithMethod,
} from '../../store/charges.js';
import { findCustomer } from '../../store/customers.js';
import type { Deps } from '../deps.js';

export type { ChargeFilter, ChargeKey, ChargeWithMethod };

export async function getCharge(
  deps: Deps,
  merchantId: string,
  key: string | ChargeKey,
): Promise<Result<ChargeWithMethod>> {
  const found = await findCharge(deps.db, merchantId, key);
  return found ? ok(found) : err(appError('CHARGE_NOT_FOUND', 'Charge not found'));
}

/** A charge with its payment method and its customer: everything a v3 transaction shows. */
export interface ChargeInFull extends ChargeWithMethod {
  readonly customer: Customer;
}

export async function withCustomer(deps: Deps, found: ChargeWithMethod): Promise<ChargeInFull> {
  const customer = await findCustomer(deps.db, found.charge.merchantId, found.charge.customerId);
  if (!customer) throw new Error(`charge ${found.charge.id} has no customer ${found.charge.customerId}`);
  return { ...found, customer };
}

export function pageOfCharges(
  deps: Deps,
  merchantId: string,
  filter: ChargeFilter,
  page: PageRequest,
): Promise<Page<ChargeWithMethod>> {
  return listCharges(deps.db, merchantId, filter, page);
}

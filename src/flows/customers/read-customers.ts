/** Reads: one customer, a page of them, or those with one email. Always within the caller's merchant. */
import type { Customer } from '../../domain/customer.js';
import { notFound } from '../../domain/errors.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCustomer, listCustomers } from '../../store/customers.js';
import type { Deps } from '../deps.js';

export async function getCustomer(deps: Deps, merchantId: string, id: string): Promise<Result<Customer>> {
  const customer = await findCustomer(deps.db, merchantId, id);
  return customer ? ok(customer) : err(notFound('Customer'));
}

export function pageOfCustomers(deps: Deps, merchantId: string, page: PageRequest): Promise<Page<Customer>> {
  return listCustomers(deps.db, merchantId, page);
}

export function searchCustomers(
  deps: Deps,
  merchantId: string,
  email: string,
  page: PageRequest,
): Promise<Page<Customer>> {
  return listCustomers(deps.db, merchantId, page, { email });
}

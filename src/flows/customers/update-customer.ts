/** PUT /customers/{id}: fields present replace the stored ones; another merchant's customer is not found. */
import { applyPatch, type Customer, type CustomerPatch } from '../../domain/customer.js';
import { notFound } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCustomer, updateCustomer as storeUpdate } from '../../store/customers.js';
import type { Deps } from '../deps.js';
import { inTransaction } from '../unit-of-work.js';

export function updateCustomer(
  deps: Deps,
  merchantId: string,
  id: string,
  patch: CustomerPatch,
): Promise<Result<Customer>> {
  return inTransaction(deps, async (tx) => {
    const current = await findCustomer(tx, merchantId, id, { forUpdate: true });
    if (!current) return err(notFound('Customer'));
    const updated = await storeUpdate(tx, merchantId, id, applyPatch(current, patch), deps.clock.now());
    return updated ? ok(updated) : err(notFound('Customer'));
  });
}

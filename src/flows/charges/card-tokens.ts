/**
 * The customer details a v3 card token is tied to (`PUT /v3/tokens/{token}`): the email, name and
 * phone of the customer the card belongs to. They are that customer's details, so the change shows on
 * every transaction of the customer, and a tokenized charge afterwards must send the new email.
 */
import { applyPatch, type Customer, type CustomerPatch } from '../../domain/customer.js';
import { appError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCustomer, updateCustomer } from '../../store/customers.js';
import { findTokenHolder } from '../../store/transactions-v3.js';
import type { Deps } from '../deps.js';
import { inTransaction } from '../unit-of-work.js';

export function updateTokenDetails(
  deps: Deps,
  merchantId: string,
  token: string,
  patch: CustomerPatch,
): Promise<Result<Customer>> {
  return inTransaction(deps, async (tx) => {
    const holder = await findTokenHolder(tx, merchantId, token);
    if (!holder) {
      return err(
        appError(
          'RESOURCE_NOT_FOUND',
          'Token not found: it names no card successfully charged on your account',
        ),
      );
    }
    // Locked, so two updates of one customer apply one after the other.
    const current = await findCustomer(tx, merchantId, holder.customer.id, { forUpdate: true });
    if (!current) return err(appError('RESOURCE_NOT_FOUND', 'Token not found'));
    const updated = await updateCustomer(
      tx,
      merchantId,
      current.id,
      applyPatch(current, patch),
      deps.clock.now(),
    );
    return updated ? ok(updated) : err(appError('RESOURCE_NOT_FOUND', 'Token not found'));
  });
}

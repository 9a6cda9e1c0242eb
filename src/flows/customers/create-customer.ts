/** POST /customers: one new customer, idempotent under X-Idempotency-Key. */
import type { Customer, CustomerDetails } from '../../domain/customer.js';
import { newId } from '../../domain/ids.js';
import { ok, type Result } from '../../domain/result.js';
import { customerInsert } from '../../store/customers.js';
import { replyInsert } from '../../store/idempotency.js';
import { writeAll } from '../../store/statement.js';
import type { Deps } from '../deps.js';
import { execute, prepared, type Executed, type Rendering } from '../unit-of-work.js';

export function createCustomer(
  deps: Deps,
  merchantId: string,
  details: CustomerDetails,
  rendering: Rendering<Customer>,
): Promise<Result<Executed>> {
  return execute(deps, merchantId, rendering, async () => {
    const now = deps.clock.now();
    const customer: Customer = {
      ...details,
      id: newId('customer'),
      numId: await deps.numericIds.next(),
      merchantId,
      createdAt: now,
      updatedAt: now,
    };
    return prepared(customer, async (reply) => {
      await writeAll(deps.db, [customerInsert(customer), reply && replyInsert(reply)]);
      return ok(undefined);
    });
  });
}

/**
 * Resending a charge's webhook (v3 `POST /transactions/{id}/resend-hook`): a new `charge.completed`
 * event row with a fresh snapshot of the charge, which webhook delivery picks up like any other. A
 * new row rather than a replay of the old one, so the merchant is told where the charge stands now
 * (refunded amounts included) and every delivery attempt of the resend has its own log.
 */
import { appError } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge, type ChargeKey } from '../../store/charges.js';
import { eventInsert } from '../../store/events.js';
import { writeAll } from '../../store/statement.js';
import { completed } from '../charges/charging.js';
import type { Deps } from '../deps.js';

export async function resendChargeEvent(
  deps: Deps,
  merchantId: string,
  key: ChargeKey,
): Promise<Result<DomainEvent>> {
  const found = await findCharge(deps.db, merchantId, key);
  if (!found) return err(appError('CHARGE_NOT_FOUND', 'Charge not found'));
  const { charge, paymentMethod } = found;
  const event = completed(charge, paymentMethod);
  // `charge.completed` tells a final outcome; a pending charge has none to tell yet.
  if (!event) {
    return err(
      appError(
        'UNPROCESSABLE',
        `Charge ${charge.id} is still pending: there is no final outcome to send yet`,
      ),
    );
  }
  const resent: DomainEvent = { ...event, createdAt: deps.clock.now() };
  await writeAll(deps.db, [eventInsert(resent)]);
  return ok(resent);
}

/**
 * A merchant's events and what became of them: list, fetch with every delivery and attempt, and
 * resend (v4's counterpart of v3's resend-hook). A resend delivers the same event again — the same
 * `webhook-id`, so a receiver that has it already can tell — to the endpoints subscribed to it now,
 * or to one of them, each as a new delivery with its own attempts.
 */
import { notFound } from '../../domain/errors.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import { subscribes } from '../../domain/webhooks.js';
import { writeAll } from '../../store/statement.js';
import {
  deliveriesOfEvents,
  findEvent,
  listEvents,
  subscribers,
  type DeliveryWithAttempts,
  type EventFilter,
  type StoredEvent,
} from '../../store/webhooks.js';
import type { Deps } from '../deps.js';
import { customerOf, type RenderWebhook } from './webhook-messages.js';
import { deliveryWrites, newDeliveryId } from './webhook-relay.js';
import { eventFromRow } from '../../store/events.js';

export interface EventWithDeliveries {
  readonly event: StoredEvent;
  readonly deliveries: readonly DeliveryWithAttempts[];
}

export async function pageOfEvents(
  deps: Deps,
  merchantId: string,
  filter: EventFilter,
  page: PageRequest,
): Promise<Page<EventWithDeliveries>> {
  const events = await listEvents(deps.db, merchantId, filter, page);
  const deliveries = await deliveriesOfEvents(
    deps.db,
    merchantId,
    events.items.map((e) => e.id),
  );
  return {
    ...events,
    items: events.items.map((event) => ({ event, deliveries: deliveries.get(event.id) ?? [] })),
  };
}

export async function getEvent(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<EventWithDeliveries>> {
  const event = await findEvent(deps.db, merchantId, id);
  if (!event) return err(notFound(`Event ${id}`));
  const deliveries = await deliveriesOfEvents(deps.db, merchantId, [id]);
  return ok({ event, deliveries: deliveries.get(id) ?? [] });
}

/**
 * Resends an event to the enabled endpoints subscribed to its type, or to `endpointId` alone (which
 * must be one of them).
 */
export async function resendEvent(
  deps: Deps,
  merchantId: string,
  id: string,
  endpointId: string | undefined,
): Promise<Result<EventWithDeliveries>> {
  const event = await findEvent(deps.db, merchantId, id);
  if (!event) return err(notFound(`Event ${id}`));
  const endpoints = (await subscribers(deps.db, [merchantId])).filter(
    (w) => subscribes(w, event.type) && (endpointId === undefined || w.id === endpointId),
  );
  if (endpointId !== undefined && endpoints.length === 0) {
    return err(notFound(`Enabled webhook endpoint ${endpointId} subscribed to ${event.type}`));
  }
  const now = deps.clock.now();
  if (endpoints.length > 0) {
    await writeAll(
      deps.db,
      deliveryWrites(
        endpoints.map((w) => ({
          id: newDeliveryId(),
          merchantId,
          eventId: id,
          endpointId: w.id,
          cause: 'resend' as const,
          firstAttemptAt: now,
          createdAt: now,
        })),
        now,
      ),
    );
  }
  return getEvent(deps, merchantId, id);
}

/** The body a v4 endpoint receives for this event, for a reader to see what was sent. */
export async function v4PayloadOf(deps: Deps, stored: StoredEvent, render: RenderWebhook): Promise<unknown> {
  const event = eventFromRow(stored);
  // v4 bodies carry no account id.
  return render({
    event,
    dialect: 'v4',
    mode: 'hmac',
    accountId: 0,
    customer: await customerOf(deps, event),
  });
}

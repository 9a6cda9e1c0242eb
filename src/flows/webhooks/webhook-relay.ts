/**
 * The outbox relay: turns events into deliveries. An event row is written with the change it tells
 * (DESIGN §3); the relay, on any node, locks a batch of undispatched events, writes one delivery per
 * subscribed endpoint with the job for its first attempt, and marks the events dispatched — one
 * transaction, so an event is fanned out exactly once however many nodes relay, and a node dying
 * midway leaves its batch to the next relay.
 */
import { randomBase62 } from '../../domain/ids.js';
import { subscribes } from '../../domain/webhooks.js';
import { jobsInsert, newJobId, type NewJob } from '../../store/jobs.js';
import { writeAll } from '../../store/statement.js';
import {
  deliveriesInsert,
  lockUndispatched,
  markDispatched,
  subscribers,
  type NewDelivery,
} from '../../store/webhooks.js';
import type { Deps } from '../deps.js';
import { withFaults, type FanOut } from './webhook-faults.js';

export const DELIVER_JOB = 'webhook.deliver';

export interface DeliverPayload {
  readonly deliveryId: string;
  /** The attempt this job makes (1 for the first). */
  readonly attempt: number;
}

/** `whd_<16 base62>`: deliveries are shown in the events API but are not Flutterwave objects. */
export const newDeliveryId = (): string => `whd_${randomBase62(16)}`;

/**
 * The job for a delivery's attempt; its dedupe key makes scheduling an attempt twice a no-op. With
 * `merchantId` it is a timer on that merchant's sandbox clock (docs/sandbox.md "Time"): due
 * `runAt - now` after the merchant's time now (at once when that is not ahead).
 */
export function deliverJob(
  deliveryId: string,
  attempt: number,
  runAt: Date,
  now: Date,
  merchantId?: string,
): NewJob {
  const payload: DeliverPayload = { deliveryId, attempt };
  return {
    id: newJobId(),
    kind: DELIVER_JOB,
    payload,
    runAt,
    dedupeKey: `${DELIVER_JOB}:${deliveryId}:${String(attempt)}`,
    createdAt: now,
    ...(merchantId !== undefined && { merchantId }),
  };
}

/**
 * New deliveries and the jobs of their first attempts, as statements. A first attempt is a timer on
 * the merchant's sandbox clock, due `holdMs(d)` after the merchant's time now: nothing, unless a
 * webhook fault holds it (delay, out of order), so a frozen clock holds only what a fault delays.
 */
export function deliveryWrites(
  deliveries: readonly NewDelivery[],
  now: Date,
  holdMs: (d: NewDelivery) => number = () => 0,
) {
  return [
    deliveriesInsert(deliveries),
    jobsInsert(
      deliveries.map((d) =>
        deliverJob(d.id, 1, new Date(now.getTime() + Math.max(0, holdMs(d))), now, d.merchantId),
      ),
    ),
  ];
}

const BATCH = 200;

/** Relays one batch; resolves with how many events it dispatched (0: the outbox is empty). */
export async function relayBatch(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const events = await lockUndispatched(tx, BATCH);
    if (events.length === 0) return 0;
    const now = deps.clock.now();
    const endpoints = await subscribers(tx, [...new Set(events.map((e) => e.merchantId))]);
    const fanOut: FanOut[] = events.flatMap((event) =>
      endpoints
        .filter((w) => w.merchantId === event.merchantId && subscribes(w, event.type))
        .map((endpoint) => ({
          event,
          endpoint,
          delivery: {
            id: newDeliveryId(),
            merchantId: event.merchantId,
            eventId: event.id,
            endpointId: endpoint.id,
            cause: 'event' as const,
            // Due since the event: a worker pass that began after it sends it without waiting a poll.
            firstAttemptAt: event.createdAt,
            createdAt: now,
          },
        })),
    );
    // Sandbox webhook faults (docs/sandbox.md): a delay or out-of-order hold moves the first attempt.
    const deliveries: NewDelivery[] = await withFaults(tx, fanOut);
    // A fault's hold counts from the event; the event's time and the relay's may be on different clocks.
    const eventAt = new Map(fanOut.map((f) => [f.delivery.id, f.event.createdAt.getTime()]));
    const holdMs = (d: NewDelivery) => d.firstAttemptAt.getTime() - (eventAt.get(d.id) ?? now.getTime());
    await writeAll(tx, [
      ...(deliveries.length > 0 ? deliveryWrites(deliveries, now, holdMs) : []),
      markDispatched(
        events.map((e) => e.id),
        now,
      ),
    ]);
    return events.length;
  });
}

/** Relays until the outbox is empty; resolves with how many events were dispatched. */
export async function relayEvents(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await relayBatch(deps);
    total += n;
    if (n < BATCH) return total;
  }
}

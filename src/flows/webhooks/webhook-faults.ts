/**
 * Webhook faults at fan-out (docs/sandbox.md "Webhook faults"): the relay gives each new delivery
 * its faults — the endpoint's sandbox setting and the `webhook:` parts of the scenario key of the
 * charge or transfer its event is about — once, in the relay's transaction, so every node and every
 * rerun decides the same. Two of them act here, on when the first attempt is due: `delay=N` moves it
 * N seconds after the event; `out_of_order` holds it OUT_OF_ORDER_HOLD_SECONDS, unless an earlier
 * event of the same charge is already held for that endpoint (then this later event goes at once,
 * ahead of it, and carries no out-of-order fault itself). The rest act in the attempt (jobs/).
 */
import {
  OUT_OF_ORDER_HOLD_SECONDS,
  faultsOfScenarioKey,
  formatFaults,
  mergeFaults,
  readFaults,
  type WebhookFaults,
} from '../../domain/webhook-faults.js';
import type { Queryable } from '../../store/db.js';
import { heldForOrder } from '../../store/webhook-faults.js';
import type { NewDelivery, Subscriber, UndispatchedEvent } from '../../store/webhooks.js';

export interface FanOut {
  readonly event: UndispatchedEvent;
  readonly endpoint: Subscriber;
  readonly delivery: NewDelivery;
}

const plusSeconds = (at: Date, seconds: number): Date => new Date(at.getTime() + seconds * 1000);

/** The deliveries with their faults and first attempt times; unchanged when no fault applies. */
export async function withFaults(tx: Queryable, fanOut: readonly FanOut[]): Promise<NewDelivery[]> {
  const planned = fanOut.map((f) => ({
    ...f,
    faults: mergeFaults(readFaults(f.endpoint.faults), faultsOfScenarioKey(f.event.scenarioKey)),
  }));
  const ordered = planned.filter((p) => p.faults.outOfOrder && p.event.chargeId);
  const held =
    ordered.length === 0
      ? new Set<string>()
      : await heldForOrder(
          tx,
          [...new Set(ordered.map((p) => p.endpoint.id))],
          [...new Set(ordered.map((p) => p.event.chargeId ?? ''))],
        );
  // Events come oldest first, so a hold made earlier in this batch counts as well.
  return planned.map(({ event, endpoint, delivery, faults }) => {
    let f: WebhookFaults = faults;
    let due = delivery.firstAttemptAt;
    if (f.delaySeconds !== undefined) due = plusSeconds(event.createdAt, f.delaySeconds);
    if (f.outOfOrder) {
      const subject = `${endpoint.id}:${event.chargeId || event.id}`;
      if (held.has(subject)) {
        const { outOfOrder: _ahead, ...rest } = f;
        f = rest;
      } else {
        held.add(subject);
        due = plusSeconds(due, OUT_OF_ORDER_HOLD_SECONDS);
      }
    }
    const words = formatFaults(f);
    return { ...delivery, firstAttemptAt: due, ...(words !== undefined && { faults: words }) };
  });
}

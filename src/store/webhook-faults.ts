/**
 * Webhook faults in the store (migration 0018): an endpoint's sandbox fault setting, and the
 * out-of-order holds the relay looks for. Faults are stored in their canonical words
 * (domain/webhook-faults.ts `formatFaults`).
 */
import type { WebhookDialect } from '../domain/webhooks.js';
import type { Queryable } from './db.js';

/** A v4 endpoint by id, or the merchant's single v3 endpoint. */
export interface EndpointTarget {
  readonly dialect: WebhookDialect;
  readonly id?: string;
}

export interface EndpointFaults {
  readonly endpointId: string;
  readonly faults: string | null;
}

/**
 * Sets a merchant's live endpoint's faults (null: none); undefined when the merchant has no such
 * endpoint, so another merchant's endpoint is as absent as one that never was.
 */
export async function setEndpointFaults(
  q: Queryable,
  merchantId: string,
  target: EndpointTarget,
  faults: string | null,
  now: Date,
): Promise<EndpointFaults | undefined> {
  const { rows } = await q.query<{ id: string; faults: string | null }>(
    `UPDATE webhook_endpoints SET faults = $4, updated_at = $5
     WHERE merchant_id = $1 AND dialect = $2 AND ($3::text IS NULL OR id = $3) AND deleted_at IS NULL
     RETURNING id, faults`,
    [merchantId, target.dialect, target.id ?? null, faults, now],
  );
  const r = rows[0];
  return r && { endpointId: r.id, faults: r.faults };
}

/** A merchant's live endpoint's faults; undefined when there is no such endpoint. */
export async function findEndpointFaults(
  q: Queryable,
  merchantId: string,
  target: EndpointTarget,
): Promise<EndpointFaults | undefined> {
  const { rows } = await q.query<{ id: string; faults: string | null }>(
    `SELECT id, faults FROM webhook_endpoints
     WHERE merchant_id = $1 AND dialect = $2 AND ($3::text IS NULL OR id = $3) AND deleted_at IS NULL`,
    [merchantId, target.dialect, target.id ?? null],
  );
  const r = rows[0];
  return r && { endpointId: r.id, faults: r.faults };
}

/**
 * `endpointId:chargeId` for every delivery to these endpoints, of an event about these charges, held
 * back by an out-of-order fault and not yet attempted.
 */
export async function heldForOrder(
  q: Queryable,
  endpointIds: readonly string[],
  chargeIds: readonly string[],
): Promise<Set<string>> {
  const { rows } = await q.query<{ endpoint_id: string; charge_id: string }>(
    `SELECT d.endpoint_id, e.charge_id FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
     WHERE d.endpoint_id = ANY($1::text[]) AND d.faults IS NOT NULL AND d.status = 'pending'
       AND d.attempts = 0 AND d.faults LIKE '%out_of_order%' AND e.charge_id = ANY($2::text[])`,
    [endpointIds, chargeIds],
  );
  return new Set(rows.map((r) => `${r.endpoint_id}:${r.charge_id}`));
}

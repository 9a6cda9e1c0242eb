/**
 * Webhook deliveries and attempts (migration 0007), and the events table read as an outbox. Every
 * time comes from the caller's clock.
 */
import type { DomainEvent, EventType } from '../domain/events.js';
import type { DeliveryStatus, WebhookAttempt, WebhookDelivery } from '../domain/webhooks.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Queryable, Row } from './db.js';
import { listPage, type Listing } from './listing.js';
import type { Statement } from './statement.js';

// ─── The outbox ─────────────────────────────────────────────────────────────────────────────────

export interface UndispatchedEvent {
  readonly id: string;
  readonly merchantId: string;
  readonly type: EventType;
  readonly createdAt: Date;
  /** The charge the event is about ('' or null for none). */
  readonly chargeId: string | null;
  /** The X-Scenario-Key of the charge or transfer the event is about (its `webhook:` faults). */
  readonly scenarioKey?: string;
}

/**
 * Locks up to `limit` events not yet dispatched, oldest first, for the caller's transaction. SKIP
 * LOCKED: relays on other nodes take other events meanwhile, and none waits for another.
 */
export async function lockUndispatched(tx: Queryable, limit: number): Promise<UndispatchedEvent[]> {
  const { rows } = await tx.query<{
    id: string;
    merchant_id: string;
    type: EventType;
    created_at: Date;
    charge_id: string | null;
    scenario_key: string | null;
  }>(
    `SELECT id, merchant_id, type, created_at, charge_id,
       COALESCE(data->'charge'->'scenario'->>'key', data->'transfer'->'scenario'->>'key') AS scenario_key
     FROM events WHERE dispatched_at IS NULL
     ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((r) => ({
    id: r.id,
    merchantId: r.merchant_id,
    type: r.type,
    createdAt: r.created_at,
    chargeId: r.charge_id,
    ...(r.scenario_key !== null && { scenarioKey: r.scenario_key }),
  }));
}

export interface Subscriber {
  readonly id: string;
  readonly merchantId: string;
  readonly eventTypes?: readonly EventType[];
  /** The endpoint's sandbox faults, as stored (migration 0018). */
  readonly faults?: string;
}

/** The enabled, live endpoints of these merchants. */
export async function subscribers(tx: Queryable, merchantIds: readonly string[]): Promise<Subscriber[]> {
  const { rows } = await tx.query<{
    id: string;
    merchant_id: string;
    event_types: EventType[] | null;
    faults: string | null;
  }>(
    `SELECT id, merchant_id, event_types, faults FROM webhook_endpoints
     WHERE merchant_id = ANY($1::text[]) AND status = 'enabled' AND deleted_at IS NULL`,
    [merchantIds],
  );
  return rows.map((r) => ({
    id: r.id,
    merchantId: r.merchant_id,
    ...(r.event_types !== null && { eventTypes: r.event_types }),
    ...(r.faults !== null && { faults: r.faults }),
  }));
}

export const markDispatched = (eventIds: readonly string[], at: Date): Statement => ({
  sql: 'UPDATE events SET dispatched_at = $2 WHERE id = ANY($1::text[])',
  params: [eventIds, at],
});

export interface NewDelivery {
  readonly id: string;
  readonly merchantId: string;
  readonly eventId: string;
  readonly endpointId: string;
  readonly cause: 'event' | 'resend';
  readonly firstAttemptAt: Date;
  readonly createdAt: Date;
  /** The faults its first attempt is given (migration 0018), in their canonical words. */
  readonly faults?: string;
}

/** Deliveries, several in one statement; a fan-out already made for an event and endpoint is kept. */
export function deliveriesInsert(deliveries: readonly NewDelivery[]): Statement {
  return {
    sql: `INSERT INTO webhook_deliveries (id, merchant_id, event_id, endpoint_id, cause, status, next_attempt_at,
       created_at, updated_at, faults)
     SELECT d.id, d.merchant_id, d.event_id, d.endpoint_id, d.cause, 'pending', d.first_at, d.created_at, d.created_at,
       d.faults
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
       $8::text[])
       AS d (id, merchant_id, event_id, endpoint_id, cause, first_at, created_at, faults)
     ON CONFLICT (event_id, endpoint_id) WHERE cause = 'event' DO NOTHING`,
    params: [
      deliveries.map((d) => d.id),
      deliveries.map((d) => d.merchantId),
      deliveries.map((d) => d.eventId),
      deliveries.map((d) => d.endpointId),
      deliveries.map((d) => d.cause),
      deliveries.map((d) => d.firstAttemptAt),
      deliveries.map((d) => d.createdAt),
      deliveries.map((d) => d.faults ?? null),
    ],
  };
}

// ─── Reading back ───────────────────────────────────────────────────────────────────────────────

export type DeliveryRow = {
  id: string;
  event_id: string;
  endpoint_id: string;
  cause: 'event' | 'resend';
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_status_code: number | null;
  created_at: Date;
  updated_at: Date;
};

export const DELIVERY_COLUMNS =
  'd.id, d.event_id, d.endpoint_id, d.cause, d.status, d.attempts, d.next_attempt_at, d.last_status_code, d.created_at, d.updated_at';

export const toDelivery = (r: DeliveryRow): WebhookDelivery => ({
  id: r.id,
  eventId: r.event_id,
  endpointId: r.endpoint_id,
  cause: r.cause,
  status: r.status,
  attempts: r.attempts,
  ...(r.next_attempt_at !== null && { nextAttemptAt: r.next_attempt_at }),
  ...(r.last_status_code !== null && { lastStatusCode: r.last_status_code }),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

type AttemptRow = {
  delivery_id: string;
  attempt: number;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  status_code: number | null;
  response_excerpt: string | null;
  error: string | null;
  injected: string | null;
};

const toAttempt = (r: AttemptRow): WebhookAttempt => ({
  deliveryId: r.delivery_id,
  attempt: r.attempt,
  startedAt: r.started_at,
  ...(r.finished_at !== null && { finishedAt: r.finished_at }),
  ...(r.duration_ms !== null && { durationMs: r.duration_ms }),
  ...(r.status_code !== null && { statusCode: r.status_code }),
  ...(r.response_excerpt !== null && { responseExcerpt: r.response_excerpt }),
  ...(r.error !== null && { error: r.error }),
  ...(r.injected !== null && { injected: r.injected }),
});

export interface DeliveryWithAttempts extends WebhookDelivery {
  readonly url: string;
  readonly attemptLog: readonly WebhookAttempt[];
}

/** An event's deliveries, oldest first, each with its attempts and the endpoint's URL. */
export async function deliveriesOfEvents(
  q: Queryable,
  merchantId: string,
  eventIds: readonly string[],
): Promise<Map<string, DeliveryWithAttempts[]>> {
  const { rows } = await q.query<DeliveryRow & { url: string; attempt_log: AttemptRow[] | null } & Row>(
    `SELECT ${DELIVERY_COLUMNS}, w.url,
       (SELECT json_agg(a ORDER BY a.attempt) FROM webhook_attempts a WHERE a.delivery_id = d.id) AS attempt_log
     FROM webhook_deliveries d JOIN webhook_endpoints w ON w.id = d.endpoint_id
     WHERE d.merchant_id = $1 AND d.event_id = ANY($2::text[])
     ORDER BY d.seq`,
    [merchantId, eventIds],
  );
  const byEvent = new Map<string, DeliveryWithAttempts[]>();
  for (const r of rows) {
    const log = (r.attempt_log ?? []).map((a) =>
      toAttempt({
        ...a,
        started_at: new Date(a.started_at),
        finished_at: a.finished_at === null ? null : new Date(a.finished_at),
      }),
    );
    const list = byEvent.get(r.event_id) ?? [];
    list.push({ ...toDelivery(r), url: r.url, attemptLog: log });
    byEvent.set(r.event_id, list);
  }
  return byEvent;
}

/** A stored event, its snapshot in JSON form (dates as ISO strings). */
export interface StoredEvent {
  readonly id: string;
  readonly merchantId: string;
  readonly type: EventType;
  readonly chargeId: string | null;
  readonly data: unknown;
  readonly createdAt: Date;
}

export type EventRow = {
  id: string;
  merchant_id: string;
  type: EventType;
  charge_id: string | null;
  data: unknown;
  created_at: Date;
};

export const EVENT_COLUMNS = 'id, merchant_id, type, charge_id, data, created_at';
const prefixedEventColumns = 'e.id, e.merchant_id, e.type, e.charge_id, e.data, e.created_at';

export const toStoredEvent = (r: EventRow): StoredEvent => ({
  id: r.id,
  merchantId: r.merchant_id,
  type: r.type,
  chargeId: r.charge_id,
  data: r.data,
  createdAt: r.created_at,
});

export async function findEvent(
  q: Queryable,
  merchantId: string,
  id: string,
): Promise<StoredEvent | undefined> {
  const { rows } = await q.query<EventRow>(
    `SELECT ${EVENT_COLUMNS} FROM events WHERE merchant_id = $1 AND id = $2`,
    [merchantId, id],
  );
  const row = rows[0];
  return row && toStoredEvent(row);
}

/** The snapshot types, for a caller that revived a stored event's data. */
export type EventData = DomainEvent['data'];

export interface EventFilter {
  readonly type?: EventType;
  readonly chargeId?: string;
  readonly from?: Date;
  readonly to?: Date;
}

const EVENTS: Listing<EventFilter, EventRow, StoredEvent> = {
  alias: 'e',
  select: `SELECT ${prefixedEventColumns} FROM events e`,
  countFrom: 'events e',
  conditions: {
    type: (p) => `e.type = ${p}`,
    chargeId: (p) => `e.charge_id = ${p}`,
    from: (p) => `e.created_at >= ${p}`,
    to: (p) => `e.created_at <= ${p}`,
  },
  toItem: toStoredEvent,
};

/** A merchant's events, most recent first. */
export const listEvents = (
  q: Queryable,
  merchantId: string,
  filter: EventFilter,
  page: PageRequest,
): Promise<Page<StoredEvent>> => listPage(q, EVENTS, merchantId, filter, page);

/** Event rows, written in the same statement as the state change they record. */
import type { DomainEvent } from '../domain/events.js';
import type { Statement } from './statement.js';

export function eventInsert(e: DomainEvent): Statement {
  return {
    sql: `INSERT INTO events (id, merchant_id, type, charge_id, data, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    params: [e.id, e.merchantId, e.type, e.chargeId, JSON.stringify(e.data), e.createdAt],
  };
}

// Dates in a snapshot are ISO strings once stored; these keys hold them. `meta` and a rail's state
// are free-form: nothing under them is touched.
const DATE_KEYS = new Set(['createdAt', 'updatedAt', 'at', 'disburseAt', 'reversedAt', 'dueAt']);
const OPAQUE_KEYS = new Set(['meta', 'railState']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function revive(value: unknown, key: string): unknown {
  if (typeof value === 'string') return DATE_KEYS.has(key) && ISO_DATE.test(value) ? new Date(value) : value;
  if (Array.isArray(value)) return value.map((v: unknown) => revive(v, ''));
  if (value === null || typeof value !== 'object' || OPAQUE_KEYS.has(key)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v, k)]));
}

/** An event as written, from its row: the snapshot's dates become Dates again. */
export function eventFromRow(row: {
  readonly id: string;
  readonly merchantId: string;
  readonly type: DomainEvent['type'];
  readonly chargeId: string | null;
  readonly data: unknown;
  readonly createdAt: Date;
}): DomainEvent {
  return {
    id: row.id,
    merchantId: row.merchantId,
    type: row.type,
    chargeId: row.chargeId ?? '',
    data: revive(row.data, ''),
    createdAt: row.createdAt,
  } as DomainEvent;
}

/** Event rows, written in the same statement as the state change they record. */
import type { DomainEvent } from '../domain/events.js';
import type { Statement } from './statement.js';

export function eventInsert(e: DomainEvent): Statement {
  return {
    sql: `INSERT INTO events (id, merchant_id, type, charge_id, data, created_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)`,
    params: [e.id, e.merchantId, e.type, e.chargeId, JSON.stringify(e.data), e.createdAt],
  };
}

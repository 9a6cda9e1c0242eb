/** Webhook endpoints (migration 0007): a merchant's receivers, v4 ones and the single v3 URL. */
import type { EventType } from '../domain/events.js';
import type { WebhookDialect, WebhookEndpoint, WebhookMode } from '../domain/webhooks.js';
import type { Page, PageRequest } from '../domain/pagination.js';
import type { Queryable } from './db.js';
import { listPage, type Listing } from './listing.js';
import type { Statement } from './statement.js';

export type EndpointRow = {
  id: string;
  merchant_id: string;
  dialect: WebhookDialect;
  url: string;
  event_types: string[] | null;
  status: 'enabled' | 'disabled';
  mode: WebhookMode;
  description: string | null;
  meta: Record<string, string>;
  created_at: Date;
  updated_at: Date;
};

export const ENDPOINT_COLUMNS =
  'id, merchant_id, dialect, url, event_types, status, mode, description, meta, created_at, updated_at';

export const toEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  merchantId: row.merchant_id,
  dialect: row.dialect,
  url: row.url,
  ...(row.event_types !== null && { eventTypes: row.event_types as EventType[] }),
  status: row.status,
  mode: row.mode,
  ...(row.description !== null && { description: row.description }),
  meta: row.meta,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A new endpoint; `secretSealed` is the v4 endpoint's secret, sealed (v3 endpoints have none). */
export function endpointInsert(e: WebhookEndpoint, secretSealed: string | undefined): Statement {
  return {
    sql: `INSERT INTO webhook_endpoints (id, merchant_id, dialect, url, secret_sealed, event_types, status, mode,
       description, meta, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10::jsonb, $11, $12)`,
    params: [
      e.id,
      e.merchantId,
      e.dialect,
      e.url,
      secretSealed ?? null,
      e.eventTypes ?? null,
      e.status,
      e.mode,
      e.description ?? null,
      JSON.stringify(e.meta),
      e.createdAt,
      e.updatedAt,
    ],
  };
}

/** A merchant's live (not deleted) endpoint. */
export async function findEndpoint(
  q: Queryable,
  merchantId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE merchant_id = $1 AND id = $2 AND deleted_at IS NULL`,
    [merchantId, id],
  );
  const row = rows[0];
  return row && toEndpoint(row);
}

// ─── Managing endpoints (v4 /profile/webhook-endpoints, the v3 endpoint of the CLI and boot) ───────

/** An endpoint with its sealed secret, which only the flow can open (to show it masked). */
export interface SealedEndpoint {
  readonly endpoint: WebhookEndpoint;
  readonly secretSealed: string | null;
}

type SealedRow = EndpointRow & { secret_sealed: string | null };

const toSealed = (row: SealedRow): SealedEndpoint => ({
  endpoint: toEndpoint(row),
  secretSealed: row.secret_sealed,
});

const SEALED_COLUMNS = `${ENDPOINT_COLUMNS}, secret_sealed`;

// Deleted endpoints stay in the table (their deliveries still point at them) but are never listed.
const LIVE = '(SELECT * FROM webhook_endpoints WHERE deleted_at IS NULL) w';

const LIVE_ENDPOINTS: Listing<{ dialect: WebhookDialect }, SealedRow, SealedEndpoint> = {
  alias: 'w',
  select: `SELECT ${SEALED_COLUMNS} FROM ${LIVE}`,
  countFrom: LIVE,
  conditions: { dialect: (p) => `w.dialect = ${p}` },
  toItem: toSealed,
};

/** A merchant's live endpoints of one dialect, most recent first. */
export const listEndpoints = (
  q: Queryable,
  merchantId: string,
  dialect: WebhookDialect,
  page: PageRequest,
): Promise<Page<SealedEndpoint>> => listPage(q, LIVE_ENDPOINTS, merchantId, { dialect }, page);

/** A merchant's live endpoint of one dialect, locked for the caller's transaction when asked. */
export async function findSealedEndpoint(
  q: Queryable,
  merchantId: string,
  id: string,
  dialect: WebhookDialect,
  opts: { forUpdate?: boolean } = {},
): Promise<SealedEndpoint | undefined> {
  const { rows } = await q.query<SealedRow>(
    `SELECT ${SEALED_COLUMNS} FROM webhook_endpoints
     WHERE merchant_id = $1 AND id = $2 AND dialect = $3 AND deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, id, dialect],
  );
  return rows[0] && toSealed(rows[0]);
}

/** Writes every changeable field of a live endpoint; undefined when it is gone. */
export async function updateEndpoint(
  q: Queryable,
  e: WebhookEndpoint,
  secretSealed: string | null,
): Promise<SealedEndpoint | undefined> {
  const { rows } = await q.query<SealedRow>(
    `UPDATE webhook_endpoints SET url = $3, secret_sealed = $4, event_types = $5::text[], status = $6, mode = $7,
       description = $8, meta = $9::jsonb, updated_at = $10
     WHERE merchant_id = $1 AND id = $2 AND deleted_at IS NULL
     RETURNING ${SEALED_COLUMNS}`,
    [
      e.merchantId,
      e.id,
      e.url,
      secretSealed,
      e.eventTypes ?? null,
      e.status,
      e.mode,
      e.description ?? null,
      JSON.stringify(e.meta),
      e.updatedAt,
    ],
  );
  return rows[0] && toSealed(rows[0]);
}

/** Soft-deletes a live endpoint of one dialect; returns it as it was, or undefined when there was none. */
export async function deleteEndpoint(
  q: Queryable,
  merchantId: string,
  id: string,
  dialect: WebhookDialect,
  at: Date,
): Promise<SealedEndpoint | undefined> {
  const { rows } = await q.query<SealedRow>(
    `UPDATE webhook_endpoints SET deleted_at = $4, updated_at = $4
     WHERE merchant_id = $1 AND id = $2 AND dialect = $3 AND deleted_at IS NULL
     RETURNING ${SEALED_COLUMNS}`,
    [merchantId, id, dialect, at],
  );
  return rows[0] && toSealed(rows[0]);
}

/** The merchant's live v3 endpoint, if any (there is at most one). */
export async function findV3Endpoint(q: Queryable, merchantId: string): Promise<WebhookEndpoint | undefined> {
  const { rows } = await q.query<EndpointRow>(
    `SELECT ${ENDPOINT_COLUMNS} FROM webhook_endpoints
     WHERE merchant_id = $1 AND dialect = 'v3' AND deleted_at IS NULL`,
    [merchantId],
  );
  return rows[0] && toEndpoint(rows[0]);
}

/**
 * Sets the merchant's v3 endpoint: inserts `e`, or — when one is live already — gives that one `e`'s
 * URL and mode and enables it, keeping its id, so deliveries still pending go to the new URL. One
 * statement on the unique index of live v3 endpoints: nodes booting at once cannot make two.
 */
export async function upsertV3Endpoint(q: Queryable, e: WebhookEndpoint): Promise<WebhookEndpoint> {
  const { rows } = await q.query<EndpointRow>(
    `INSERT INTO webhook_endpoints (id, merchant_id, dialect, url, secret_sealed, event_types, status, mode, meta,
       created_at, updated_at)
     VALUES ($1, $2, 'v3', $3, NULL, NULL, 'enabled', $4, '{}', $5, $5)
     ON CONFLICT (merchant_id) WHERE dialect = 'v3' AND deleted_at IS NULL
     DO UPDATE SET url = excluded.url, mode = excluded.mode, status = 'enabled', updated_at = excluded.updated_at
     RETURNING ${ENDPOINT_COLUMNS}`,
    [e.id, e.merchantId, e.url, e.mode, e.createdAt],
  );
  const row = rows[0];
  if (!row) throw new Error('INSERT … RETURNING returned no row');
  return toEndpoint(row);
}

/** Soft-deletes the merchant's live v3 endpoint; returns it, or undefined when there was none. */
export async function deleteV3Endpoint(
  q: Queryable,
  merchantId: string,
  at: Date,
): Promise<WebhookEndpoint | undefined> {
  const { rows } = await q.query<EndpointRow>(
    `UPDATE webhook_endpoints SET deleted_at = $2, updated_at = $2
     WHERE merchant_id = $1 AND dialect = 'v3' AND deleted_at IS NULL
     RETURNING ${ENDPOINT_COLUMNS}`,
    [merchantId, at],
  );
  return rows[0] && toEndpoint(rows[0]);
}

/**
 * Sends a `Case` through the app (`inject`): ids drawn from what the run has seen, the URL encoded
 * (or raw where the case says), the merchant's real credentials — v4 Bearer token, v3 secret key —
 * unless the case is about credentials. Ids in successful answers feed the pools for later cases.
 */
import type { FastifyInstance } from 'fastify';
import type { TestMerchant } from '../../support/gateway.js';
import { resolved, type Case } from './cases.js';

export interface Sent {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly payload?: string;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  readonly json?: unknown;
}

export class Pools {
  private readonly ids = new Map<string, string[]>();
  get view(): ReadonlyMap<string, readonly string[]> {
    return this.ids;
  }
  add(pool: string, id: string): void {
    const list = this.ids.get(pool) ?? [];
    if (!list.includes(id)) list.push(id);
    if (list.length > 40) list.shift();
    this.ids.set(pool, list);
  }
}

const PREFIXED = /^(cus|pmd|chg|van|whe|cse|wbk)_[A-Za-z0-9]+$/;

/** Every id in a successful answer, into its pool: v4 ids by prefix, v3 ids by field. */
export function harvest(pools: Pools, path: string, body: unknown, key = ''): void {
  if (Array.isArray(body)) {
    for (const item of body) harvest(pools, path, item, key);
  } else if (typeof body === 'object' && body !== null) {
    for (const [k, v] of Object.entries(body)) harvest(pools, path, v, k);
  } else if (typeof body === 'string') {
    const prefix = PREFIXED.exec(body)?.[1];
    if (prefix) pools.add(prefix, body);
    if (key === 'flw_ref') pools.add('flw_ref', body);
    if (key === 'tx_ref') pools.add('tx_ref', body);
    if (key === 'token' && body.startsWith('flw-t1nf-')) pools.add('v3_token', body);
  } else if (typeof body === 'number' && key === 'id' && path.startsWith('/v3/')) {
    pools.add(path.includes('refund') ? 'v3_refund' : 'v3_id', String(body));
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

function queryString(query: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    const raw = typeof value === 'object' && value !== null && 'raw' in value ? value.raw : undefined;
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      parts.push(
        `${encodeURIComponent(name)}=${typeof raw === 'string' ? raw : encodeURIComponent(text(v))}`,
      );
    }
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

export function build(c: Case, m: TestMerchant, pools: Pools): Sent {
  const params = resolved(c.params, pools.view) as Record<string, unknown>;
  const path = c.op.path.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    const raw = c.rawPath?.[name];
    return raw ?? encodeURIComponent(text(params[name] ?? 'x'));
  });
  const headers: Record<string, string> = {};
  if (c.auth === 'merchant' && c.op.authenticated) {
    headers['authorization'] =
      c.op.dialect === 'v3' ? `Bearer ${m.credentials.v3.secret_key}` : m.headers.authorization;
  }
  for (const [name, value] of Object.entries(resolved(c.headers, pools.view) as Record<string, unknown>)) {
    if (value !== undefined) headers[name.toLowerCase()] = text(value);
  }
  const query = resolved(c.query, pools.view) as Record<string, unknown>;
  const sent: Sent = { method: c.op.method, url: `${path}${queryString(query)}`, headers };
  if (c.raw) {
    if (c.raw.type !== '') headers['content-type'] = c.raw.type;
    return { ...sent, payload: c.raw.text };
  }
  if (c.body === undefined) return sent;
  headers['content-type'] = 'application/json';
  return { ...sent, payload: JSON.stringify(resolved(c.body, pools.view)) };
}

export async function send(app: FastifyInstance, c: Case, sent: Sent): Promise<Answer> {
  const res = await app.inject({
    method: sent.method as 'GET',
    url: sent.url,
    headers: sent.headers,
    ...(sent.payload !== undefined && { payload: sent.payload }),
    // An event stream never ends by itself: read its status and headers, then hang up.
    ...(c.op.streams && { payloadAsStream: true }),
  });
  const contentType = String(res.headers['content-type'] ?? '');
  if (c.op.streams && contentType.startsWith('text/event-stream')) {
    res.stream().destroy();
    return { status: res.statusCode, contentType, text: '' };
  }
  const body = c.op.streams ? await readAll(res.stream()) : res.body;
  if (!contentType.startsWith('application/json')) return { status: res.statusCode, contentType, text: body };
  try {
    return { status: res.statusCode, contentType, text: body, json: JSON.parse(body) as unknown };
  } catch {
    return { status: res.statusCode, contentType, text: body };
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return out;
}

/**
 * Reads X-Idempotency-Key off a request and fingerprints the request, so a replay can be told from
 * a different request sent with the same key. Storage and locking live in flows/unit-of-work.ts.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { invalid } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Executed, IdempotencyClaim } from '../../flows/unit-of-work.js';
import { withoutBasePath } from './base-paths.js';

export const IDEMPOTENCY_HEADER = 'x-idempotency-key';
const KEY = /^[\x21-\x7e]{12,255}$/;

/** JSON with object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

export function idempotencyClaim(req: FastifyRequest): Result<IdempotencyClaim | undefined> {
  const key = req.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return ok(undefined);
  if (typeof key !== 'string' || !KEY.test(key)) {
    return err(
      invalid([
        {
          field: 'X-Idempotency-Key',
          message: 'X-Idempotency-Key must be 12 to 255 printable ASCII characters (a UUID is a good choice)',
        },
      ]),
    );
  }
  // A route served under a base path (base-paths.ts) is the same route: same scope, same fingerprint.
  const basePath = req.routeOptions.config.basePath;
  const fingerprint = createHash('sha256')
    .update(`${req.method} ${withoutBasePath(req.url, basePath)}\n${canonicalJson(req.body)}`)
    .digest('hex');
  // The route template, not the path: a key reused on the same route for another id is a conflict.
  const template = withoutBasePath(req.routeOptions.url ?? req.url, basePath);
  return ok({ key, scope: `${req.method} ${template}`, fingerprint });
}

/** Sends what a flow executed: the stored bytes on a replay, flagged with X-Idempotency-Cache-Hit. */
export function sendExecuted(reply: FastifyReply, executed: Executed): FastifyReply {
  if (executed.replayed) reply.header('x-idempotency-cache-hit', 'true');
  return reply.code(executed.reply.status).type('application/json; charset=utf-8').send(executed.reply.body);
}

/**
 * The edge's own answers, before or instead of a route's (docs/sandbox.md "Faults", "Rate limits"):
 * the per-merchant rate limit, and the request faults an `X-Scenario-Key` part names or the merchant's
 * fault profile draws. Installed once per dialect scope, after authentication (app.ts): an anonymous
 * request is never faulted or counted, and its 401 stays a 401. Faults live here only — flows and rails
 * never see them — so an error fault writes nothing, and `timeout_after_commit` withholds an answer
 * whose work, and idempotent reply, are already stored.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appError, invalid, type AppError } from '../../domain/errors.js';
import { faultOfKey, type Fault } from '../../domain/faults.js';
import { routeGroupOf } from '../../domain/rate-limits.js';
import type { FaultProfiles } from '../../flows/sandbox/fault-profiles.js';
import type { RateLimiter } from '../../flows/sandbox/rate-limiter.js';
import { withoutBasePath } from './base-paths.js';
import { contextOf, readScenarioKey } from './request-context.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Never faulted: the routes that manage fault profiles. */
    faultExempt?: boolean;
  }
}

export interface EdgeOptions {
  readonly faults: FaultProfiles;
  /** Absent: no rate limits (a tool's own app); main.ts always gives one. */
  readonly rateLimiter?: RateLimiter | undefined;
  /** How long `timeout_after_commit` holds the answer before closing the connection (BAOBAB_FAULT_HOLD_MS). */
  readonly holdMs: number;
}

const injected = (fault: string): string =>
  `Injected sandbox fault ${fault} (X-Scenario-Key or the fault profile); nothing was written`;

const FAILURES: Readonly<Record<string, { error: AppError; retryAfter?: string }>> = {
  error_500: { error: appError('INTERNAL_SERVER_ERROR', injected('error_500')) },
  error_502: { error: appError('BAD_GATEWAY', injected('error_502')) },
  error_503: { error: appError('SERVICE_UNAVAILABLE', injected('error_503')), retryAfter: '1' },
  rate_limited: { error: appError('TOO_MANY_REQUESTS'), retryAfter: '1' },
};

/** What is left to do to a request once its route has answered. */
const pending = new WeakMap<FastifyRequest, Fault>();

export function installEdge(scope: FastifyInstance, options: EdgeOptions): void {
  scope.addHook('onRequest', async (req, reply) => {
    const { merchantId } = contextOf(req).caller;
    const config = req.routeOptions.config;
    const limiter = options.rateLimiter;
    if (limiter && req.routeOptions.url !== undefined) {
      const group = routeGroupOf(req.method, withoutBasePath(req.routeOptions.url, config.basePath));
      const admitted = limiter.take(merchantId, group);
      if (!admitted.ok) {
        reply.header('retry-after', String(admitted.retryAfterSeconds));
        return reply.fail(appError('TOO_MANY_REQUESTS'));
      }
    }
    if (config.faultExempt === true) return undefined;
    const fault = await faultOf(req, merchantId, options.faults);
    if (fault === undefined) return undefined;
    if (typeof fault === 'string') return reply.fail(invalid([{ field: 'X-Scenario-Key', message: fault }]));
    return apply(req, reply, fault);
  });

  scope.addHook('onSend', async (req, reply, payload) => {
    const fault = pending.get(req);
    if (fault?.kind === 'latency') await sleep(fault.ms);
    // A replay of the stored reply is how the client recovers: it is answered.
    if (fault?.kind === 'timeout_after_commit' && reply.getHeader('x-idempotency-cache-hit') !== 'true') {
      await hold(req, reply, options.holdMs);
    }
    return payload;
  });
}

/** The header's fault, else the profile's draw (only for requests whose key names none). */
async function faultOf(
  req: FastifyRequest,
  merchantId: string,
  profiles: FaultProfiles,
): Promise<Fault | string | undefined> {
  const key = readScenarioKey(req);
  // An over-long or repeated header is the route's 400 to give, in its own words.
  const named = key.ok ? faultOfKey(key.value.key) : undefined;
  return named ?? profiles.draw(merchantId);
}

function apply(req: FastifyRequest, reply: FastifyReply, fault: Fault): FastifyReply | undefined {
  switch (fault.kind) {
    case 'error_500':
    case 'error_502':
    case 'error_503':
    case 'rate_limited': {
      const failure = FAILURES[fault.kind];
      if (!failure) return undefined;
      if (failure.retryAfter !== undefined) reply.header('retry-after', failure.retryAfter);
      return reply.fail(failure.error);
    }
    case 'connection_reset':
      reply.hijack();
      // The response too: under `app.inject` there is no socket, and the caller sees the stream end.
      reply.raw.destroy();
      req.raw.socket.destroy();
      return reply;
    case 'latency':
    case 'timeout_after_commit':
      pending.set(req, fault);
      return undefined;
  }
}

/** Waits `ms` or until the client gives up, then closes the connection without an answer. */
async function hold(req: FastifyRequest, reply: FastifyReply, ms: number): Promise<void> {
  const socket = req.raw.socket;
  if (socket.destroyed) return;
  const controller = new AbortController();
  const closed = new Promise<void>((resolve) => {
    socket.once('close', () => {
      resolve();
    });
  });
  await Promise.race([sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined), closed]);
  controller.abort();
  reply.raw.destroy();
  socket.destroy();
}

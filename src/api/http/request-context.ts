/**
 * What a dialect scope resolves once per request for its handlers: the authenticated caller, the
 * caller's merchant profile, the `X-Scenario-Key` header (one parser, with its length limit) and the
 * `X-Idempotency-Key` claim. Installed once per dialect scope (app.ts), it also sets the scope's
 * dialect on each of its routes — so no route repeats `config.dialect` — and marks them authenticated
 * (their 401 and security scheme in /openapi.json).
 */
import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler, RouteOptions } from 'fastify';
import type { Scenario } from '../../domain/charge.js';
import { invalid } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { parseScenarioKey, SCENARIO_KEY_MAX_LENGTH } from '../../domain/scenario.js';
import type { Caller } from '../../flows/merchants/authenticate.js';
import type { MerchantProfile, MerchantProfiles } from '../../flows/merchants/merchant-profiles.js';
import type { IdempotencyClaim } from '../../flows/unit-of-work.js';
import { callerOf } from './caller.js';
import { idempotencyClaim } from './idempotency.js';

export interface RequestContext {
  readonly caller: Caller;
  /** The caller's profile, read once per request; `fresh` reads the store again (rotated keys). */
  profile(fresh?: boolean): Promise<MerchantProfile>;
  /**
   * `X-Scenario-Key`: the parsed scenario (no `key` when the header is absent or blank), or 400
   * naming the header when it is longer than its limit or sent twice.
   */
  scenario(): Result<Scenario>;
  /** `X-Idempotency-Key` with the request's fingerprint, or 400 naming the header. */
  idempotency(): Result<IdempotencyClaim | undefined>;
}

export interface ScopeOptions {
  readonly dialect: 'v4' | 'v3';
  /** The dialect's authentication, an onRequest hook that sets the caller or answers 401. */
  readonly authenticate: onRequestAsyncHookHandler;
  readonly profiles: MerchantProfiles;
}

const contexts = new WeakMap<FastifyRequest, RequestContext>();

/** Makes `scope` a dialect scope: every route in it speaks `dialect` and is authenticated. */
export function requestContext(scope: FastifyInstance, options: ScopeOptions): void {
  scope.addHook('onRoute', (route) => {
    inScope(route, options.dialect);
  });
  scope.addHook('onRequest', options.authenticate);
  // Runs only once authentication let the request through.
  scope.addHook('onRequest', async (req) => {
    contexts.set(req, createContext(req, options.profiles));
  });
}

/** The context of a request in a dialect scope (after authentication). */
export function contextOf(req: FastifyRequest): RequestContext {
  const context = contexts.get(req);
  if (!context) throw new Error(`no request context on ${req.method} ${req.url}`);
  return context;
}

/** `X-Scenario-Key`, read the same way for every route and dialect (public routes call it directly). */
export function readScenarioKey(req: FastifyRequest): Result<Scenario> {
  const header = req.headers['x-scenario-key'];
  if (header !== undefined && (typeof header !== 'string' || header.length > SCENARIO_KEY_MAX_LENGTH)) {
    return err(
      invalid([
        {
          field: 'X-Scenario-Key',
          message: `X-Scenario-Key must be at most ${SCENARIO_KEY_MAX_LENGTH} characters`,
        },
      ]),
    );
  }
  return ok(parseScenarioKey(header));
}

function inScope(route: RouteOptions, dialect: 'v4' | 'v3'): void {
  route.config = { ...route.config, dialect: route.config?.dialect ?? dialect, authenticated: true };
  const schema = route.schema as { security?: unknown } | undefined;
  if (schema && route.config.dialect === 'v3' && schema.security === undefined) {
    route.schema = { ...schema, security: [{ v3_secret_key: [] }] };
  }
}

function createContext(req: FastifyRequest, profiles: MerchantProfiles): RequestContext {
  const caller = callerOf(req);
  let profile: Promise<MerchantProfile> | undefined;
  let scenario: Result<Scenario> | undefined;
  let claim: Result<IdempotencyClaim | undefined> | undefined;
  const read = async (fresh: boolean): Promise<MerchantProfile> => {
    const found = await profiles.get(caller.merchantId, fresh);
    if (!found) throw new Error(`no profile for authenticated merchant ${caller.merchantId}`);
    return found;
  };
  return {
    caller,
    profile(fresh = false) {
      if (fresh || !profile) profile = read(fresh);
      return profile;
    },
    scenario: () => (scenario ??= readScenarioKey(req)),
    // Read when the handler asks, after the body is parsed: the fingerprint covers it.
    idempotency: () => (claim ??= idempotencyClaim(req)),
  };
}

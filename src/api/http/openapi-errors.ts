/**
 * The error answers of every operation in /openapi.json, added in one place rather than on each of
 * sixty routes: an @fastify/swagger `transform` that lists, beside a route's own responses, every
 * error status the route can give, each with its dialect's error body. It changes the document only;
 * routes still serialise with their own `response` schemas.
 *
 * What a route can answer follows from what it is:
 * - every route: 400 (a malformed URL or X-Trace-Id, text the store cannot hold), 500, 503;
 * - `config.authenticated` (set for the dialect scopes in app.ts): 401, and 429 (rate limits) and
 *   502 (an injected fault, api/http/faults.ts) unless `config.faultExempt`;
 * - path parameters: 404;
 * - a method that carries a body: 413 and 415 (the body is read before any route runs);
 * - `config.idempotent` (it reads X-Idempotency-Key): 409;
 * - `config.errors`: what the route's own logic answers besides (a 404 for a resource named in the
 *   body, a 422 from the rails...).
 */
import type { RouteOptions } from 'fastify';
import { dialectOfUrl, type Dialect } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs credentials, so it may answer 401. */
    authenticated?: boolean;
    /** The route reads X-Idempotency-Key, so it may answer 409. */
    idempotent?: boolean;
    /** Further error statuses the route's own logic answers with. */
    errors?: readonly number[];
  }
}

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is not valid; the fields at fault are named (v4 `validation_errors`, v3 `message`)',
  401: 'Credentials are missing or not valid',
  403: 'The credentials do not allow this',
  404: 'Nothing with this id (or no such route)',
  409: 'A conflict: X-Idempotency-Key reused for another request or still in progress, or the object exists',
  413: 'The body is larger than the limit (BAOBAB_BODY_LIMIT)',
  415: 'The body is not in a media type this route reads (JSON)',
  422: 'The request is understood but cannot be carried out (the message says why)',
  429: 'Too many requests for this route group (rate limits), or an injected fault; retry after Retry-After',
  500: 'An unexpected error, logged with the X-Trace-Id; safe to retry',
  502: 'An injected sandbox fault (X-Scenario-Key fault:error_502 or the fault profile); nothing was written',
  503: 'The store is unavailable; retry after the Retry-After header',
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The error statuses `route` can answer with, in order. */
export function errorStatuses(route: RouteOptions): number[] {
  const config = route.config ?? {};
  const methods = ([] as string[]).concat(route.method);
  const schema = (route.schema ?? {}) as { params?: unknown };
  const statuses = new Set<number>([400, 500, 503]);
  if (config.authenticated) statuses.add(401);
  if (config.authenticated && config.faultExempt !== true) {
    statuses.add(429);
    statuses.add(502);
  }
  if (schema.params !== undefined || route.url.includes(':')) statuses.add(404);
  if (methods.some((m) => BODY_METHODS.has(m))) {
    statuses.add(413);
    statuses.add(415);
  }
  if (config.idempotent) statuses.add(409);
  for (const status of config.errors ?? []) statuses.add(status);
  return [...statuses].sort((a, b) => a - b);
}

/**
 * The error body of each dialect that answers in JSON, as a JSON Schema, and the success envelope
 * of those whose routes declare no success schema of their own (v3).
 */
export interface DialectSchemas {
  readonly errors: Readonly<Record<Exclude<Dialect, 'web'>, object>>;
  readonly success: Partial<Readonly<Record<Dialect, object>>>;
}

type Transform = (input: { schema: unknown; url: string; route: RouteOptions }) => {
  schema: never;
  url: string;
};

export function documentErrors(schemas: DialectSchemas): Transform {
  return ({ schema, url, route }) => {
    const own = (schema ?? {}) as { response?: Record<string, unknown>; hide?: boolean };
    if (own.hide === true) return { schema: own as never, url };
    const dialect = route.config?.dialect ?? dialectOfUrl(url);
    const errorBody = dialect === 'web' ? undefined : schemas.errors[dialect];
    const described = (status: number): unknown => {
      const description = DESCRIPTIONS[status] ?? 'An error';
      if (!errorBody) return { description, content: { 'text/html': { schema: { type: 'string' } } } };
      return {
        ...errorBody,
        'x-response-description': description,
        ...(status === 503 && {
          headers: { 'retry-after': { type: 'integer', description: 'Seconds to wait before retrying' } },
        }),
      };
    };
    const response: Record<string, unknown> = {};
    for (const status of errorStatuses(route)) {
      // The token endpoint folds every other client error into 400, as Keycloak does (oauth.ts).
      const answered = dialect === 'oauth' && status > 401 && status < 500 ? 400 : status;
      response[answered] = described(answered);
    }
    // The route's own declarations win (/health's 503 is its health body); a bare error body gets
    // the description.
    const declared = own.response ?? {};
    for (const [status, schema] of Object.entries(declared)) {
      response[status] = schema === errorBody ? described(Number(status)) : schema;
    }
    // A route without a success schema of its own still answers 200 (in its dialect's envelope).
    if (!Object.keys(declared).some((status) => status.startsWith('2'))) {
      const success = schemas.success[dialect];
      response['200'] = success
        ? { ...success, 'x-response-description': 'Success' }
        : { description: 'Success', content: { '*/*': { schema: {} } } };
    }
    return { schema: { ...own, response } as never, url };
  };
}

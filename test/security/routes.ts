/**
 * What the shared security suite knows of every route: the routes anyone may call (each with why),
 * and for each authenticated route with a path parameter, the kind of resource the parameter names
 * and a body the route accepts. A route the app answers that is in neither list fails the suite.
 * Keys are `METHOD /path/{param}`, as in /openapi.json.
 */
import type { FastifyInstance } from 'fastify';
import { routeTable } from '../../src/api/http/routes-index.js';
import { V4_BASE_PATHS } from '../../src/api/http/base-paths.js';
import type { TestMerchant } from '../support/gateway.js';
import { encryptPin } from '../support/cards.js';
import type { Kind } from './fixtures.js';

/** Routes without the dialects' credentials, and why each is right to be so. */
export const PUBLIC: Readonly<Record<string, string>> = {
  'GET /health': 'load balancers probe it; it says only whether the store is reachable',
  'GET /metrics': 'Prometheus scrapes it; counters and histograms, no merchant data',
  'GET /openapi.json': 'the API description, public as Flutterwave publishes its own',
  'GET /': 'the landing page: links, and where credentials are printed (never the credentials)',
  'GET /docs': 'the API reference page, over the public /openapi.json (test/web/api-reference-browser)',
  'GET /docs/json': 'the same document as /openapi.json, which the reference page loads',
  'GET /docs/yaml': 'the same document as /openapi.json, as YAML',
  'GET /docs/static/*': 'the reference page’s own script, styles and icons (Swagger UI’s files)',
  'GET /docs/static/index.html': 'redirects to /docs',
  'GET /docs/static/swagger-initializer.js': 'the script that points the reference page at /docs/json',
  'POST /oauth/token': 'the token endpoint: client credentials in the body are its authentication',
  'POST /realms/flutterwave/protocol/openid-connect/token': 'the token endpoint at its Keycloak path',
  'PUT /redirect-sessions/charges':
    'authenticated by the signed link token of one redirect step (test/api/v4/charges-card-scenarios.test.ts)',
  'GET /sandbox/redirects': 'the sandbox page of a redirect step: the signed link token is its authority',
  'POST /sandbox/redirects': 'the sandbox page’s answer, under the same signed link token',
  'GET /checkout/pay/{key}': 'the hosted checkout page: the unguessable session key is its authority',
  'POST /checkout/pay/{key}': 'the hosted checkout page’s forms, under the same session key',
  'GET /v3/hosted/pay/{key}': 'the v3 hosted payment link: the unguessable session key is its authority',
  'POST /v3/hosted/pay/{key}': 'the v3 hosted payment link’s forms, under the same session key',
  'GET /v3.js': 'the inline checkout script a merchant page loads; static, no merchant data',
  'GET /v3/inline/return':
    'where the inline checkout returns the customer; it shows only what its signed query carries',
  'OPTIONS /v3/inline/sessions':
    'the CORS preflight of the inline checkout, which browsers send without credentials',
  'POST /v3/hosted/pay':
    'the v3 hosted form post: public_key in the form, as Flutterwave’s own form (test/api/v3)',
  'POST /v3/inline/sessions':
    'authenticated by the public_key in its body, called by browsers (test/api/v3/inline-sessions.test.ts)',
};

/** Public routes whose scope still marks them authenticated: the key is in the body, not a header. */
export const BODY_KEY_AUTH: ReadonlySet<string> = new Set(['POST /v3/inline/sessions']);

/** Path parameters that name no merchant's resource, and why another merchant's 404 cannot apply. */
export const NOT_A_RESOURCE: Readonly<Record<string, string>> = {
  'GET /v3/banks/{country}': 'a country code: the bank list is reference data, the same for everyone',
  'GET /banks/{id}/branches': 'a bank id: branch lists are reference data, the same for everyone',
  'GET /wallets/balances/{currency}': 'a currency code: each merchant sees only its own balance in it',
  'GET /v3/balances/{currency}': 'a currency code: each merchant sees only its own balance in it',
};

export interface IdRoute {
  readonly kind: Kind;
  /** A body the route takes (merchant B's own encryption where the body is encrypted). */
  readonly body?: (m: TestMerchant) => object;
  /** Path parameters other than the id, with the value the route takes. */
  readonly params?: Readonly<Record<string, string>>;
}

export const ID_ROUTES: Readonly<Record<string, IdRoute>> = {
  'GET /customers/{id}': { kind: 'customer' },
  'PUT /customers/{id}': { kind: 'customer', body: () => ({ meta: { tier: 'gold' } }) },
  'GET /payment-methods/{id}': { kind: 'payment_method' },
  'GET /charges/{id}': { kind: 'charge' },
  'PUT /charges/{id}': {
    kind: 'charge',
    body: (m) => ({ authorization: encryptPin(m.credentials.v4.encryption_key, '1234') }),
  },
  'GET /orders/{id}': { kind: 'order' },
  'PUT /orders/{id}': { kind: 'order', body: () => ({ action: 'void' }) },
  'POST /sandbox/charges/{id}/approve': { kind: 'charge' },
  'POST /sandbox/charges/{id}/decline': { kind: 'charge' },
  'GET /virtual-accounts/{id}': { kind: 'virtual_account' },
  'PUT /virtual-accounts/{id}': {
    kind: 'virtual_account',
    body: () => ({ action_type: 'update_status', status: 'inactive' }),
  },
  'POST /sandbox/virtual-accounts/{id}/transfers': {
    kind: 'virtual_account',
    body: () => ({ amount: 1500 }),
  },
  'GET /events/{id}': { kind: 'event' },
  'POST /events/{id}/resend': { kind: 'event' },
  'PUT /profile/webhook-endpoints/{id}': { kind: 'webhook_endpoint', body: () => ({ status: 'disabled' }) },
  'DELETE /profile/webhook-endpoints/{id}': { kind: 'webhook_endpoint' },
  'GET /sandbox/webhook-endpoints/{id}/faults': { kind: 'webhook_endpoint' },
  'PUT /sandbox/webhook-endpoints/{id}/faults': { kind: 'webhook_endpoint', body: () => ({ drop: true }) },
  'GET /checkout/sessions/{id}': { kind: 'checkout_session' },
  'GET /v3/transactions/{id}/verify': { kind: 'v3_transaction' },
  'GET /v3/transactions/{id}/events': { kind: 'v3_transaction' },
  'POST /v3/transactions/{id}/resend-hook': { kind: 'v3_transaction' },
  'POST /v3/transactions/{id}/refund': { kind: 'v3_transaction', body: () => ({ amount: 10 }) },
  'GET /v3/refunds/{id}': { kind: 'v3_refund' },
  'GET /refunds/{id}': { kind: 'refund' },
  'POST /sandbox/refunds/{id}/approve': { kind: 'refund' },
  'POST /sandbox/refunds/{id}/decline': { kind: 'refund' },
  'POST /v3/charges/{flw_ref}/capture': { kind: 'v3_flw_ref', body: () => ({ amount: 10 }) },
  'POST /v3/charges/{flw_ref}/void': { kind: 'v3_flw_ref' },
  'POST /v3/charges/{flw_ref}/refund': { kind: 'v3_flw_ref', body: () => ({ amount: 10 }) },
  'GET /transfers/{id}': { kind: 'transfer' },
  'PUT /transfers/{id}': { kind: 'transfer', body: () => ({ close: true }) },
  'POST /transfers/{id}/retries': { kind: 'transfer', body: () => ({ action: 'retry' }) },
  'GET /transfers/recipients/{id}': { kind: 'transfer_recipient' },
  'DELETE /transfers/recipients/{id}': { kind: 'transfer_recipient' },
  'GET /transfers/senders/{id}': { kind: 'transfer_sender' },
  'DELETE /transfers/senders/{id}': { kind: 'transfer_sender' },
  'GET /transfers/rates/{id}': { kind: 'transfer_rate' },
  'GET /v3/bulk-tokenized-charges/{id}': { kind: 'v3_bulk_tokenized' },
  'GET /v3/bulk-tokenized-charges/{id}/transactions': { kind: 'v3_bulk_tokenized' },
  'PUT /v3/tokens/{token}': { kind: 'v3_token', body: () => ({ email: 'kendrick@example.com' }) },
  'GET /v3/transfers/{id}': { kind: 'v3_transfer' },
  'POST /v3/transfers/{id}/retries': { kind: 'v3_transfer' },
  'GET /v3/transfers/{id}/retries': { kind: 'v3_transfer' },
  'POST /v3/sandbox/payouts/{id}/{action}': { kind: 'v3_transfer', params: { action: 'complete' } },
  'POST /sandbox/payouts/{id}/{action}': { kind: 'transfer', params: { action: 'complete' } },
  'GET /chargebacks/{id}': { kind: 'chargeback' },
  'PUT /chargebacks/{id}': { kind: 'chargeback', body: () => ({ status: 'accepted' }) },
  'POST /sandbox/chargebacks/{id}/resolve': { kind: 'chargeback', body: () => ({ outcome: 'lost' }) },
  'PUT /v3/chargebacks/{id}': { kind: 'v3_chargeback', body: () => ({ action: 'accept' }) },
  'POST /v3/sandbox/chargebacks/{id}/resolve': { kind: 'v3_chargeback', body: () => ({ outcome: 'lost' }) },
  'GET /settlements/{id}': { kind: 'settlement' },
  'GET /v3/settlements/{id}': { kind: 'v3_settlement' },
  'GET /v3/beneficiaries/{id}': { kind: 'v3_beneficiary' },
  'DELETE /v3/beneficiaries/{id}': { kind: 'v3_beneficiary' },
  'GET /v3/bulk-transfers/{id}': { kind: 'v3_bulk_transfer' },
  'POST /v3/sandbox/charges/{id}/approve': { kind: 'v3_transaction' },
  'POST /v3/sandbox/charges/{id}/decline': { kind: 'v3_transaction' },
};

export interface Route {
  /** `METHOD /path/{param}` */
  readonly key: string;
  readonly method: string;
  /** The path with `{param}` placeholders. */
  readonly path: string;
  readonly params: readonly string[];
  readonly dialect: 'v4' | 'v3' | undefined;
  readonly authenticated: boolean;
}

const openApiPath = (url: string): string => url.replace(/:([A-Za-z_]+)/g, '{$1}');

/** The routes the app answers (HEAD aside: Fastify answers it with the GET's own route and hooks). */
export function routesOf(app: FastifyInstance): Route[] {
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const entry of routeTable(app)) {
    if (entry.method === 'HEAD') continue;
    const path = openApiPath(entry.url);
    const key = `${entry.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({
      key,
      method: entry.method,
      path,
      params: [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? ''),
      dialect: entry.dialect === 'v4' || entry.dialect === 'v3' ? entry.dialect : undefined,
      authenticated: entry.authenticated,
    });
  }
  return routes;
}

/** The keys /openapi.json lists. */
export async function openApiKeys(app: FastifyInstance): Promise<string[]> {
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  const doc = res.json<{ paths: Record<string, Record<string, unknown>> }>();
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
  );
}

/** The key of the root route a v4 alias under a base path copies (the key itself otherwise). */
export function rootKey(route: Route): string {
  for (const base of V4_BASE_PATHS) {
    if (route.dialect === 'v4' && route.path.startsWith(`${base}/`)) {
      return `${route.method} ${route.path.slice(base.length)}`;
    }
  }
  return route.key;
}

/** What keeps a route out of the generated cases: undefined when the suite knows it. */
export function unclassified(alias: Route): string | undefined {
  const route = { ...alias, key: rootKey(alias) };
  if (route.key in PUBLIC) {
    return route.authenticated && !BODY_KEY_AUTH.has(route.key)
      ? 'listed as public but its scope authenticates it'
      : undefined;
  }
  if (!route.authenticated) return 'neither authenticated nor listed as public (with a reason) in PUBLIC';
  if (route.dialect === undefined) return 'authenticated but with no v3/v4 dialect';
  if (route.params.length > 0 && !(route.key in ID_ROUTES) && !(route.key in NOT_A_RESOURCE)) {
    return 'takes a path id but has no fixture in ID_ROUTES (nor a reason in NOT_A_RESOURCE)';
  }
  return undefined;
}

/** `path` with every parameter replaced by `id`. */
export const fill = (path: string, id: string, fixed: Readonly<Record<string, string>> = {}): string =>
  path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(fixed[name] ?? id));

/**
 * Rate limits (docs/sandbox.md "Rate limits"): a token bucket per merchant and per route group. Each
 * group's bucket holds `burst` requests and refills at `perSecond`; a request takes one token, and one
 * that finds none is answered 429 with `Retry-After`.
 */
export const ROUTE_GROUPS = ['charges', 'transfers', 'reads', 'other'] as const;
export type RouteGroup = (typeof ROUTE_GROUPS)[number];

export interface GroupLimit {
  /** Tokens added per second; 0 turns the group's limit off. */
  readonly perSecond: number;
  /** What the bucket holds: the longest burst. */
  readonly burst: number;
}

export type RateLimits = Readonly<Record<RouteGroup, GroupLimit>>;

/** Every group's limit, as `limit` gives it (the compiler checks that no group is missing). */
export const rateLimitsOf = (limit: (group: RouteGroup) => GroupLimit): RateLimits => ({
  charges: limit('charges'),
  transfers: limit('transfers'),
  reads: limit('reads'),
  other: limit('other'),
});

/** Generous: far above what a sandbox integration sends, low enough that a runaway loop meets a 429. */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  charges: { perSecond: 100, burst: 200 },
  transfers: { perSecond: 50, burst: 100 },
  reads: { perSecond: 200, burst: 400 },
  other: { perSecond: 100, burst: 200 },
};

const CHARGE_ROUTES =
  /^\/(charges|orchestration|orders|refunds|chargebacks|checkout|payment-methods|customers|virtual-accounts|v3\/(charges|validate-charge|tokenized-charges|bulk-tokenized-charges|payments|transactions|refunds|chargebacks))(\/|$)/;
const TRANSFER_ROUTES =
  /^\/(transfers|direct-transfers|wallets|v3\/(transfers|bulk-transfers|beneficiaries))(\/|$)/;

/** The group of a request: reads are GET/HEAD, writes by the route they go to. */
export function routeGroupOf(method: string, route: string): RouteGroup {
  if (method === 'GET' || method === 'HEAD') return 'reads';
  if (CHARGE_ROUTES.test(route)) return 'charges';
  if (TRANSFER_ROUTES.test(route)) return 'transfers';
  return 'other';
}

/** A local copy of one bucket. */
export interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
}

/** Brings `bucket` up to `now` (never past its burst). */
export function refill(bucket: Bucket, limit: GroupLimit, now: number): void {
  if (now > bucket.at) {
    bucket.tokens = Math.min(limit.burst, bucket.tokens + (limit.perSecond * (now - bucket.at)) / 1000);
    bucket.at = now;
  }
}

/** Whole seconds until the bucket holds one token again (at least 1). */
export function retryAfterSeconds(bucket: Bucket, limit: GroupLimit): number {
  return Math.max(1, Math.ceil((1 - bucket.tokens) / limit.perSecond));
}

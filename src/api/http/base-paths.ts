/**
 * The v4 API answers at the root and under the base paths real clients use: Flutterwave's
 * orchestrator guide posts to `…/developersandbox/orchestration/direct-charges`, and a community SDK
 * puts `/v4/` in its base URL. A client that swaps only its host keeps working. The prefixed copies
 * are the same routes: same auth, idempotency scope and errors, and one /openapi.json entry (the root).
 */
import type { RouteOptions } from 'fastify';

export const V4_BASE_PATHS = ['/developersandbox', '/v4'] as const;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The base path this copy of a v4 route is served under (absent at the root). */
    basePath?: string;
  }
}

/** An `onRoute` hook for a scope registered with `prefix: basePath`: marks and hides each copy. */
export function aliasUnder(basePath: string): (route: RouteOptions) => void {
  return (route) => {
    route.config = { ...route.config, basePath };
    route.schema = { ...route.schema, hide: true };
  };
}

/** The path as the root route would see it: `/v4/customers?x` → `/customers?x`. */
export function withoutBasePath(url: string, basePath: string | undefined): string {
  if (basePath === undefined || !url.startsWith(basePath)) return url;
  const rest = url.slice(basePath.length);
  return rest === '' || rest.startsWith('?') ? `/${rest}` : rest;
}

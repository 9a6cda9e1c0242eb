/**
 * Knows every route pattern, so an unmatched request can be told apart: a path that exists with
 * other methods gets 405 and an `Allow` header, anything else 404. It also keeps the app's route
 * table (`routeTable`), hidden routes included, for the shared security suite (test/security).
 */
import FindMyWay from 'find-my-way';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { appError } from '../../domain/errors.js';
import { dialectOfUrl, type Dialect } from './errors.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];
const isMethod = (m: string): m is Method => (METHODS as readonly string[]).includes(m);

/** One registered route as the app answers it: its dialect and whether its scope authenticates. */
export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly dialect: Dialect;
  readonly authenticated: boolean;
}

const tables = new WeakMap<FastifyInstance, RouteOptions[]>();

/** Every route registered on `app`, in registration order (read once the app is ready). */
export function routeTable(app: FastifyInstance): readonly RouteEntry[] {
  return (tables.get(app) ?? []).flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
      method,
      url: route.url,
      // Read now, not when registered: a scope's own onRoute hooks run after this one.
      dialect: route.config?.dialect ?? dialectOfUrl(route.url),
      authenticated: route.config?.authenticated === true,
    })),
  );
}

export function installRouteIndex(app: FastifyInstance): void {
  const router = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  const table: RouteOptions[] = [];
  tables.set(app, table);
  app.addHook('onRoute', (route) => {
    table.push(route);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (isMethod(method) && !router.find(method, route.url)) {
        router.on(method, route.url, () => undefined);
      }
    }
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((m) => router.find(m, path) !== null);
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '));
      return reply.fail(
        appError(
          'METHOD_NOT_ALLOWED',
          `Method ${req.method} is not allowed on ${path}; use ${allowed.join(', ')}`,
        ),
      );
    }
    return reply.fail(appError('RESOURCE_NOT_FOUND', `No route for ${req.method} ${path}`));
  });
}

/**
 * Knows every route pattern, so an unmatched request can be told apart: a path that exists with
 * other methods gets 405 and an `Allow` header, anything else 404.
 */
import FindMyWay from 'find-my-way';
import type { FastifyInstance } from 'fastify';
import { appError } from '../../domain/errors.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
type Method = (typeof METHODS)[number];
const isMethod = (m: string): m is Method => (METHODS as readonly string[]).includes(m);

export function installRouteIndex(app: FastifyInstance): void {
  const router = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true });
  app.addHook('onRoute', (route) => {
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

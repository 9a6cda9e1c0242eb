/** Operational endpoints, outside both dialects: health, Prometheus metrics, the OpenAPI document. */
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { Type } from 'typebox';
import type { Deps } from '../flows/deps.js';
import { storeReachable } from '../flows/maintenance.js';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]),
  store: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  store_kind: Type.String(),
});

export function systemRoutes(app: FastifyInstance, deps: Deps, registry: Registry): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['Operations'],
        summary: 'Whether this node can reach its store (503 when it cannot)',
        response: { 200: Health, 503: Health },
      },
    },
    async (_req, reply) => {
      const up = await storeReachable(deps, 2000);
      // A load balancer takes the node out; a client learns when to look again.
      if (!up) reply.header('retry-after', '1');
      return reply
        .code(up ? 200 : 503)
        .send({ status: up ? 'ok' : 'unavailable', store: up ? 'up' : 'down', store_kind: deps.db.kind });
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['Operations'], summary: 'Prometheus metrics (text exposition format)' } },
    async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}

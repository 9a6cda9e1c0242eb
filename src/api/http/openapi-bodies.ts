/**
 * Bodies that /openapi.json documents but the edge does not validate. A route that reads its body
 * itself — `POST /v3/charges`, whose fields depend on `?type=` and may come 3DES-encrypted in `client`
 * — names the schema in `config.documentedBody`; this @fastify/swagger `transform` step puts it where
 * the document generator reads a body. Fastify never sees it as `schema.body`, so what the route
 * accepts, and how it words a refusal, stay the route's own.
 */
import type { RouteOptions } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The body as /openapi.json shows it, for a route that checks its own body (never validated here). */
    documentedBody?: object;
  }
}

interface TransformInput {
  schema: unknown;
  url: string;
  route: RouteOptions;
}

/** `next`, given the route's schema with its documented body added (when it has one). */
export function withDocumentedBodies<I extends TransformInput, O>(next: (input: I) => O): (input: I) => O {
  return (input) => {
    const body = input.route.config?.documentedBody;
    if (body === undefined) return next(input);
    const own = (input.schema ?? {}) as Record<string, unknown>;
    // A copy: the generator moves `x-examples` out of the body schema it is given.
    return next({ ...input, schema: { ...own, body: structuredClone(body) } });
  };
}

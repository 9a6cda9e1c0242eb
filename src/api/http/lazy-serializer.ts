/**
 * Fastify's response serializers (fast-json-stringify, one per route and status), each compiled on
 * the first answer that needs it rather than at start-up: a start does not pay for routes no request
 * has reached (docs/performance.md, "Cold start"). The serializer itself is Fastify's default.
 */
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

type Factory = ReturnType<typeof SerializerSelector>;

export const lazySerializers: Factory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => (serialize ??= compile(route))(data);
  };
};

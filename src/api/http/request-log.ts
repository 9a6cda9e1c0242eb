/**
 * One log line per request, when it has been answered: method, URL, status, time taken, and the
 * trace id (the request logger's `trace_id`). It replaces Fastify's two lines (received, completed),
 * which app.ts turns off with `disableRequestLogging`. src/log.ts prints it as JSON or, on a
 * terminal, as `12:04:05.123 GET /charges 200 3.1 ms <trace id>`.
 */
import type { FastifyInstance } from 'fastify';

export function installRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', (req, reply, done) => {
    req.log.info(
      {
        method: req.method,
        url: req.url,
        status_code: reply.statusCode,
        response_time_ms: Math.round(reply.elapsedTime * 10) / 10,
        remote_address: req.ip,
      },
      'request completed',
    );
    done();
  });
}

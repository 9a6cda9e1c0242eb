/**
 * Fastify's `frameworkErrors`: what the router cannot route answers here, before any route, hook or
 * reply decorator exists — a malformed %-escape (400 naming `url`) or a path segment longer than
 * Fastify's `maxParamLength` (404: no id is that long). The request and reply Fastify hands over are
 * bare (no route context, no `reply.fail`, `reply.send` unusable), so the answer is rendered in the
 * dialect the URL prefix names and written to the socket directly. Nothing thrown here may escape:
 * it would be thrown out of the HTTP server's request listener and end the process.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { appError, invalid, type AppError } from '../../domain/errors.js';
import { dialectOfUrl, type Dialect, type ErrorRenderer, type OnUnexpected } from './errors.js';
import { MAX_PATH_SEGMENT } from './input-guard.js';
import { TRACE_HEADER } from './request-ids.js';

function answerTo(error: FastifyError): AppError | undefined {
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return invalid([{ field: 'url', message: 'url is not a valid URL: it has a malformed %-escape' }]);
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return appError(
        'RESOURCE_NOT_FOUND',
        `Nothing here: a path segment is longer than any id (${MAX_PATH_SEGMENT} characters at most)`,
      );
    default:
      return undefined;
  }
}

export function routerErrorHandler(
  renderers: Readonly<Record<Dialect, ErrorRenderer>>,
  onUnexpected: OnUnexpected,
): (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => void {
  return (error, req, reply) => {
    const res = reply.raw;
    try {
      let answer = answerTo(error);
      if (answer) {
        req.log.info({ err: { code: error.code, message: error.message } }, 'request rejected');
      } else {
        req.log.error({ err: error }, 'unhandled router error');
        onUnexpected('router');
        answer = appError('INTERNAL_SERVER_ERROR');
      }
      const rendered = renderers[dialectOfUrl(req.raw.url ?? '/')](answer);
      const contentType = rendered.contentType ?? 'application/json; charset=utf-8';
      const body = contentType.startsWith('application/json')
        ? JSON.stringify(rendered.body)
        : String(rendered.body);
      res.writeHead(rendered.status, {
        ...rendered.headers,
        'content-type': contentType,
        'content-length': Buffer.byteLength(body),
        [TRACE_HEADER]: req.id,
      });
      res.end(body);
    } catch (failure) {
      // Last resort: the connection still gets an answer, and the process carries on.
      onUnexpected('router');
      req.log.error({ err: failure }, 'answering a router error failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('Internal server error');
    }
  };
}

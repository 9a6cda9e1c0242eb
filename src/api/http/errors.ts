/**
 * Turning whatever went wrong into an answer in the caller's dialect. A route's dialect is its
 * `config.dialect`, which each dialect scope sets for all its routes (request-context.ts) and Baobab's
 * pages and the token endpoint set themselves; unmatched URLs are judged by prefix. Framework errors (bad JSON, body too
 * large, wrong Content-Type, failed schema) become catalogue errors; anything unforeseen is logged
 * and answered as a retryable 500 that reveals nothing of the cause.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appError, invalid, StoreUnavailableError, type AppError } from '../../domain/errors.js';
import { JsonTooDeepError, tooDeep } from './json-limits.js';
import { fieldErrors, type ValidationPart } from './validation.js';

/** `web` is Baobab's own pages (sandbox redirects, checkout): their errors are pages too. */
export type Dialect = 'v4' | 'v3' | 'oauth' | 'web';

export interface RenderedError {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Defaults to JSON. */
  readonly contentType?: string;
}

export type ErrorRenderer = (error: AppError) => RenderedError;

declare module 'fastify' {
  interface FastifyContextConfig {
    dialect?: Dialect;
  }
  interface FastifyReply {
    /** Answers with `error` in the route's dialect. */
    fail(error: AppError): FastifyReply;
  }
}

/** The dialect of a URL no route has claimed, judged by its prefix. */
export function dialectOfUrl(url: string): Dialect {
  // Baobab's pages (web/links.ts REDIRECT_PATH, web/checkout-links.ts CHECKOUT_PATHS) answer pages;
  // the rest of /sandbox is the v4 sandbox API (controls, transfers, the event stream).
  if (/^\/(sandbox\/redirects|checkout\/pay|v3\/hosted\/pay)(\/|$|\?)/.test(url)) return 'web';
  return /^\/v3(\/|$|\?)/.test(url) ? 'v3' : 'v4';
}

export function dialectOf(req: FastifyRequest): Dialect {
  return req.routeOptions.config.dialect ?? dialectOfUrl(req.url);
}

/** Where an error nobody foresaw was caught: counted by source in `baobab_unexpected_errors_total`. */
export const UNEXPECTED_SOURCES = ['request', 'router', 'uncaught_exception', 'unhandled_rejection'] as const;
export type UnexpectedSource = (typeof UNEXPECTED_SOURCES)[number];
export type OnUnexpected = (source: UnexpectedSource) => void;

const PAGINATION_FIELDS = new Set(['page', 'size']);

/** The catalogue error for a framework error, or undefined when it is our own fault (a 500). */
export function fromFrameworkError(
  error: FastifyError & { validationContext?: ValidationPart },
): AppError | undefined {
  if (error.validation) {
    const part: ValidationPart = error.validationContext ?? 'body';
    const fields = fieldErrors(error.validation, part);
    if (part === 'querystring' && fields.every((f) => PAGINATION_FIELDS.has(f.field.split('.')[0] ?? ''))) {
      return appError(
        'INVALID_PAGINATION_TYPE',
        'Invalid pagination: page must be an integer ≥ 1 and size an integer from 10 to 50',
        fields,
      );
    }
    return invalid(fields);
  }
  if (error instanceof JsonTooDeepError) return tooDeep('body');
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return appError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return appError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type: send application/json');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return invalid([
        { field: 'body', message: 'body must not be empty when Content-Type is application/json' },
      ]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return invalid([{ field: 'body', message: 'body is not valid JSON' }]);
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_INVALID_URL':
      return invalid([{ field: 'url', message: 'url is not a valid URL' }]);
    default:
      break;
  }
  if (error instanceof SyntaxError) return invalid([{ field: 'body', message: 'body is not valid JSON' }]);
  const status = error.statusCode ?? 500;
  if (status === 413) return appError('PAYLOAD_TOO_LARGE');
  if (status === 415) return appError('UNSUPPORTED_MEDIA_TYPE');
  if (status >= 400 && status < 500) return appError('REQUEST_NOT_VALID', error.message);
  return undefined;
}

export function installErrorHandling(
  app: FastifyInstance,
  renderers: Readonly<Record<Dialect, ErrorRenderer>>,
  onUnexpected: OnUnexpected = () => undefined,
): void {
  const send = (req: FastifyRequest, reply: FastifyReply, error: AppError): FastifyReply => {
    const rendered = renderers[dialectOf(req)](error);
    if (rendered.headers) reply.headers(rendered.headers);
    return reply
      .code(rendered.status)
      .type(rendered.contentType ?? 'application/json; charset=utf-8')
      .send(rendered.body);
  };

  app.decorateReply('fail', function fail(this: FastifyReply, error: AppError) {
    return send(this.request, this, error);
  });

  app.setErrorHandler((error: FastifyError, req, reply) => {
    if (error instanceof StoreUnavailableError) {
      // The store's fault, not the request's: say so, and when to try again.
      req.log.warn({ err: { message: error.message } }, 'store unavailable');
      reply.header('retry-after', String(error.retryAfterSeconds));
      return send(
        req,
        reply,
        appError('SERVICE_UNAVAILABLE', 'Service temporarily unavailable; retry shortly'),
      );
    }
    const known = fromFrameworkError(error);
    if (known) {
      req.log.info({ err: { code: error.code, message: error.message } }, 'request rejected');
      return send(req, reply, known);
    }
    // Logged with the request's trace id (pino's request-bound logger) and counted, so an operator
    // can find the one request behind a 500 from the caller's X-Trace-Id.
    req.log.error({ err: error, method: req.method, route: req.routeOptions.url }, 'unhandled error');
    onUnexpected('request');
    return send(req, reply, appError('INTERNAL_SERVER_ERROR'));
  });
}

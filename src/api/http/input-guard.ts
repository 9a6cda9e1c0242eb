/**
 * The first look at every request's input, before schema validation and for every route: text no
 * field may hold is refused naming the field (400, unsafe-text.ts), and a path parameter that no id
 * could be — with characters outside printable ASCII — is answered 404 before any lookup, the way
 * the id of something that does not exist would be.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appError, invalid, type AppError, type FieldError } from '../../domain/errors.js';
import { unsafeTextIn } from './unsafe-text.js';

/** The router's own limit on a path segment (Fastify `maxParamLength`); routes set tighter ones. */
export const MAX_PATH_SEGMENT = 200;

/** Request headers some route reads, named as validation errors name headers (validation.ts). */
const READ_HEADERS: Readonly<Record<string, string>> = {
  'x-idempotency-key': 'X-Idempotency-Key',
  'x-scenario-key': 'X-Scenario-Key',
  'x-redirect-session-token': 'X-Redirect-Session-Token',
  'last-event-id': 'Last-Event-Id',
};

const MAX_REPORTED = 10;

function headerProblems(req: FastifyRequest): FieldError[] {
  const found: FieldError[] = [];
  for (const [header, name] of Object.entries(READ_HEADERS)) {
    const value = req.headers[header];
    if (value !== undefined) found.push(...unsafeTextIn(value, name));
  }
  return found;
}

/** Every id we give out is printable ASCII (`chg_…`, `FLW-MOCK-…`, numeric v3 ids, link keys). */
const ID_TEXT = /^[\x21-\x7e]*$/;

/**
 * A path parameter with a character no id has. (One longer than its route allows is the schema's
 * 400, naming it; one longer than MAX_PATH_SEGMENT never reaches a route: router-errors.ts, 404.)
 */
function unknownPathId(req: FastifyRequest): AppError | undefined {
  for (const [name, value] of Object.entries((req.params ?? {}) as Record<string, unknown>)) {
    if (typeof value === 'string' && !ID_TEXT.test(value)) {
      return appError('RESOURCE_NOT_FOUND', `Nothing here: no ${name} has characters like these`);
    }
  }
  return undefined;
}

/** A `preValidation` hook for every route (app.ts installs it at the root). */
export async function guardInput(
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const problems = [
    ...unsafeTextIn(req.params ?? {}),
    ...unsafeTextIn(req.query ?? {}),
    ...headerProblems(req),
    ...unsafeTextIn(req.body),
  ];
  if (problems.length > 0) return reply.fail(invalid(problems.slice(0, MAX_REPORTED)));
  const unknown = unknownPathId(req);
  return unknown ? reply.fail(unknown) : undefined;
}

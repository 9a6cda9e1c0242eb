/** Every v4 route but the token endpoint: `Authorization: Bearer <access token>` or 401. */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { appError } from '../../domain/errors.js';
import { accessTokenChecker, type Caller } from '../../flows/authenticate.js';
import type { Deps } from '../../flows/deps.js';

const callers = new WeakMap<FastifyRequest, Caller>();

/** The authenticated caller of a v4 route (the hook has run before any handler). */
export function callerOf(req: FastifyRequest): Caller {
  const caller = callers.get(req);
  if (!caller) throw new Error(`no authenticated caller on ${req.method} ${req.url}`);
  return caller;
}

export function bearerAuth(deps: Deps): onRequestAsyncHookHandler {
  const check = accessTokenChecker(deps);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization;
    if (header === undefined || header.trim() === '') {
      return reply.fail(appError('UNAUTHORIZED', 'Unauthorized: send Authorization: Bearer <access token>'));
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) {
      return reply.fail(
        appError('UNAUTHORIZED', 'Unauthorized: the Authorization header must be Bearer <access token>'),
      );
    }
    const result = await check(match[1]);
    if (!result.ok) {
      return reply.fail(
        appError(
          'UNAUTHORIZED',
          result.error === 'expired'
            ? 'Unauthorized: the access token has expired; request a new one'
            : 'Unauthorized: the access token is not valid',
        ),
      );
    }
    callers.set(req, result.value);
    req.log = req.log.child({ merchant_id: result.value.merchantId });
    return undefined;
  };
}

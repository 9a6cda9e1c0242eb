/** Every v4 route but the token endpoint: `Authorization: Bearer <access token>` or 401. */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { appError } from '../../domain/errors.js';
import { accessTokenChecker } from '../../flows/authenticate.js';
import { setCaller } from '../http/caller.js';

export { callerOf } from '../http/caller.js';
import type { Deps } from '../../flows/deps.js';

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
    setCaller(req, result.value);
    return undefined;
  };
}

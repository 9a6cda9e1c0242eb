/** Every v3 route: `Authorization: Bearer <secret key>` (v3 spec §1.1) or 401 in the v3 envelope. */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { appError } from '../../domain/errors.js';
import { secretKeyChecker } from '../../flows/authenticate.js';
import type { Deps } from '../../flows/deps.js';
import { setCaller } from '../http/caller.js';

export function secretKeyAuth(deps: Deps): onRequestAsyncHookHandler {
  const check = secretKeyChecker(deps);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return reply.fail(appError('UNAUTHORIZED', 'Authorization required'));
    const result = await check(match[1]);
    if (!result.ok) return reply.fail(appError('UNAUTHORIZED', 'Invalid authorization key'));
    setCaller(req, result.value);
    return undefined;
  };
}

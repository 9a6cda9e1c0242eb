/** Every v3 route: `Authorization: Bearer <secret key>` (v3 spec §1.1) or 401 in the v3 envelope. */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { CREDENTIAL_NAMES, credentialKind } from '../../domain/credential-kinds.js';
import { appError } from '../../domain/errors.js';
import { secretKeyChecker } from '../../flows/merchants/authenticate.js';
import type { Deps } from '../../flows/deps.js';
import { setCaller } from '../http/caller.js';

export function secretKeyAuth(deps: Deps): onRequestAsyncHookHandler {
  const check = secretKeyChecker(deps);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return reply.fail(appError('UNAUTHORIZED', 'Authorization required'));
    const result = await check(match[1]);
    if (!result.ok) {
      return reply.fail(appError('UNAUTHORIZED', mixUp(match[1]) ?? 'Invalid authorization key'));
    }
    setCaller(req, result.value);
    return undefined;
  };
}

/** When the bearer is another of the merchant's credentials: which one, and what v3 routes take. */
function mixUp(token: string): string | undefined {
  const kind = credentialKind(token);
  if (kind === undefined || kind === 'v3_secret_key') return undefined;
  const elsewhere = kind.startsWith('v4_') ? ', which is for the v4 API' : '';
  return (
    `Invalid authorization key: this looks like ${CREDENTIAL_NAMES[kind]}${elsewhere}. ` +
    'v3 routes take your v3 secret key: Authorization: Bearer FLWSECK_TEST-…-X'
  );
}

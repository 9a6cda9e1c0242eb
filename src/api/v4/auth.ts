/** Every v4 route but the token endpoint: `Authorization: Bearer <access token>` or 401. */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { CREDENTIAL_NAMES, credentialKind } from '../../domain/credential-kinds.js';
import { appError } from '../../domain/errors.js';
import { accessTokenChecker } from '../../flows/merchants/authenticate.js';
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
            : (mixUp(match[1]) ?? 'Unauthorized: the access token is not valid'),
        ),
      );
    }
    setCaller(req, result.value);
    return undefined;
  };
}

/** When the bearer is another of the merchant's credentials: which one, and what v4 routes take. */
function mixUp(token: string): string | undefined {
  const kind = credentialKind(token);
  if (kind === undefined || kind === 'v4_access_token') return undefined;
  const elsewhere = kind.startsWith('v3_') ? ', which is for the v3 API (/v3/… routes)' : '';
  return (
    `Unauthorized: this looks like ${CREDENTIAL_NAMES[kind]}${elsewhere}, not an access token. ` +
    'v4 routes take an access token: POST your client_id and client_secret to /oauth/token ' +
    '(grant_type=client_credentials) and send Authorization: Bearer <access_token>'
  );
}

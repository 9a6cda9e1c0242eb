/**
 * The OAuth2 client-credentials token endpoint (spec §2), at `/oauth/token` and at the Keycloak
 * path Flutterwave's IdP uses, so clients only change the host. Errors are OAuth2 bodies
 * (`{error, error_description}`), with Keycloak's wording, not the v4 envelope.
 */
import formbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../domain/errors.js';
import { issueAccessToken } from '../../flows/merchants/authenticate.js';
import type { Deps } from '../../flows/deps.js';
import type { RenderedError } from '../http/errors.js';

export const TOKEN_PATHS = ['/oauth/token', '/realms/flutterwave/protocol/openid-connect/token'] as const;

type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'unsupported_grant_type'
  | 'server_error'
  | 'temporarily_unavailable';

const oauthError = (error: OAuthErrorCode, description: string) => ({
  error,
  error_description: description,
});

/**
 * Framework errors on the token route (bad body, wrong media type) in OAuth2 terms: every client
 * error is a 400 `invalid_request`, as Keycloak answers; our faults are 500, or 503 (with the
 * Retry-After the error handler sets) while the store is unavailable.
 */
export function renderOAuthError(error: AppError): RenderedError {
  const detail = error.fields[0]?.message ?? error.message;
  switch (error.type) {
    case 'INTERNAL_SERVER_ERROR':
      return { status: 500, body: oauthError('server_error', detail) };
    case 'SERVICE_UNAVAILABLE':
      return { status: 503, body: oauthError('temporarily_unavailable', detail) };
    default:
      return { status: 400, body: oauthError('invalid_request', detail) };
  }
}

const TokenResponse = Type.Object({
  access_token: Type.String(),
  expires_in: Type.Integer(),
  refresh_expires_in: Type.Integer(),
  token_type: Type.String(),
  'not-before-policy': Type.Integer(),
  scope: Type.String(),
});
export const OAuthError = Type.Object({ error: Type.String(), error_description: Type.String() });

function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    };
  } catch {
    return undefined;
  }
}

const field = (body: unknown, name: string): string | undefined => {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export async function oauthRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await app.register(formbody);

  const deny = (
    reply: FastifyReply,
    status: number,
    error: OAuthErrorCode,
    description: string,
    basic: boolean,
  ) => {
    if (basic) reply.header('www-authenticate', 'Basic realm="flutterwave"');
    return reply.code(status).header('cache-control', 'no-store').send(oauthError(error, description));
  };

  for (const url of TOKEN_PATHS) {
    app.post(
      url,
      {
        config: { dialect: 'oauth' },
        schema: {
          tags: ['Authentication'],
          summary: 'Exchange client credentials for an access token',
          description:
            'Form-encoded `grant_type=client_credentials&client_id=…&client_secret=…` (or HTTP Basic client ' +
            'authentication). Tokens live 600 seconds.',
          response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError },
        },
      },
      async (req, reply) => {
        const basic = basicCredentials(req.headers.authorization);
        const grantType = field(req.body, 'grant_type');
        if (grantType === undefined) {
          return deny(reply, 400, 'invalid_request', 'Missing form parameter: grant_type', false);
        }
        if (grantType !== 'client_credentials') {
          return deny(reply, 400, 'unsupported_grant_type', 'Unsupported grant_type', false);
        }
        const clientId = basic?.id ?? field(req.body, 'client_id');
        const clientSecret = basic?.secret ?? field(req.body, 'client_secret');
        if (clientId === undefined) {
          return deny(reply, 400, 'invalid_request', 'Missing form parameter: client_id', false);
        }
        if (clientSecret === undefined) {
          return deny(
            reply,
            401,
            'invalid_client',
            'Invalid client or Invalid client credentials',
            basic !== undefined,
          );
        }
        const issued = await issueAccessToken(deps, clientId, clientSecret);
        if (!issued.ok) {
          return deny(
            reply,
            401,
            'invalid_client',
            'Invalid client or Invalid client credentials',
            basic !== undefined,
          );
        }
        return reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
          access_token: issued.value.accessToken,
          expires_in: issued.value.expiresIn,
          refresh_expires_in: 0,
          token_type: 'Bearer',
          'not-before-policy': 0,
          scope: 'profile email',
        });
      },
    );
  }
}

/**
 * Who is calling. v4: OAuth2 client credentials exchanged for a short-lived access token, then the
 * token on every request. Failures say why, so the token endpoint can answer in OAuth2 terms.
 */
import { signAccessToken, verifyAccessToken, ACCESS_TOKEN_TTL_SECONDS } from '../crypto/access-token.js';
import { keyedHash, sameSecret } from '../crypto/hashing.js';
import { err, ok, type Result } from '../domain/result.js';
import { findMerchantByClientId } from '../store/merchants.js';
import type { Deps } from './deps.js';

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export interface Caller {
  readonly merchantId: string;
  readonly clientId: string;
}

export async function issueAccessToken(
  deps: Deps,
  clientId: string,
  clientSecret: string,
): Promise<Result<IssuedToken, 'invalid_client'>> {
  const found = await findMerchantByClientId(deps.db, clientId);
  // Hash even when the client is unknown, so timing does not tell which client ids exist.
  const presented = keyedHash(deps.keys.hashKey, clientSecret);
  if (!found || !sameSecret(presented, found.clientSecretHash)) return err('invalid_client');
  const accessToken = await signAccessToken(
    deps.keys.accessTokenKey,
    { merchantId: found.merchant.id, clientId },
    deps.clock.now(),
  );
  return ok({ accessToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS });
}

export async function authenticateAccessToken(
  deps: Deps,
  token: string,
): Promise<Result<Caller, 'expired' | 'invalid'>> {
  const verified = await verifyAccessToken(deps.keys.accessTokenKey, token, deps.clock.now());
  return typeof verified === 'string' ? err(verified) : ok(verified);
}

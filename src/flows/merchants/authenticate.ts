/**
 * Who is calling. v4: OAuth2 client credentials exchanged for a short-lived access token, then the
 * token on every request. Failures say why, so the token endpoint can answer in OAuth2 terms.
 */
import { signAccessToken, verifyAccessToken, ACCESS_TOKEN_TTL_SECONDS } from '../../crypto/access-token.js';
import { keyedHash, sameSecret } from '../../crypto/hashing.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findMerchantByClientId, findMerchantBySecretKeyHash } from '../../store/merchants.js';
import type { Deps } from '../deps.js';

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

/**
 * Checks access tokens, remembering the ones that verified until they expire: a merchant sends the
 * same token for ten minutes, and verifying its signature each time costs more than the rest of a
 * small request. Only successes are remembered; expiry is still checked on every use.
 */
export function accessTokenChecker(
  deps: Pick<Deps, 'keys' | 'clock'>,
  capacity = 10_000,
): (token: string) => Promise<Result<Caller, 'expired' | 'invalid'>> {
  const verified = new Map<string, { caller: Caller; expiresAt: number }>();
  return async (token) => {
    const now = deps.clock.now();
    const hit = verified.get(token);
    if (hit) {
      if (now.getTime() < hit.expiresAt) return ok(hit.caller);
      verified.delete(token);
      return err('expired');
    }
    const result = await verifyAccessToken(deps.keys.accessTokenKey, token, now);
    if (typeof result === 'string') return err(result);
    if (verified.size >= capacity) verified.clear();
    verified.set(token, { caller: result.claims, expiresAt: result.expiresAt.getTime() });
    return ok(result.claims);
  };
}

/**
 * v3 callers authenticate with their secret key on every request. A key is looked up by its keyed
 * hash, and remembered (by that hash, never in clear) for a minute, so most requests cost no read.
 */
export function secretKeyChecker(
  deps: Pick<Deps, 'db' | 'keys' | 'clock'>,
  ttlMs = 60_000,
  capacity = 10_000,
): (secretKey: string) => Promise<Result<Caller, 'invalid'>> {
  const known = new Map<string, { caller: Caller; until: number }>();
  return async (secretKey) => {
    const hash = keyedHash(deps.keys.hashKey, secretKey);
    const now = deps.clock.now().getTime();
    const hit = known.get(hash);
    if (hit && hit.until > now) return ok(hit.caller);
    const merchant = await findMerchantBySecretKeyHash(deps.db, hash);
    if (!merchant) return err('invalid');
    const caller: Caller = { merchantId: merchant.id, clientId: merchant.v4ClientId };
    if (known.size >= capacity) known.clear();
    known.set(hash, { caller, until: now + ttlMs });
    return ok(caller);
  };
}

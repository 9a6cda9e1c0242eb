/**
 * Tokens in links handed to browsers (the sandbox redirect pages): HS256 JWTs with the claims of the
 * Flutterwave sandbox's (`clientId`, `chargeId`, `sub`, `iat`, `exp` = `iat` + 300 s) plus the
 * merchant and the charge version the link was made for. Deterministic: the same charge step always
 * yields the same link, and once the charge moves on (its version changes) the link is spent.
 */
import { SignJWT, decodeJwt, errors, jwtVerify } from 'jose';
import { hmacKey } from './hmac-key.js';

export const LINK_TTL_SECONDS = 300;
const AUDIENCE = 'baobab-redirect';

export interface LinkClaims {
  readonly merchantId: string;
  readonly chargeId: string;
  readonly version: number;
  readonly clientId: string;
  /** When the step began; the link lives LINK_TTL_SECONDS from then. */
  readonly issuedAt: Date;
}

export const linkExpiry = (issuedAt: Date): Date =>
  new Date((Math.floor(issuedAt.getTime() / 1000) + LINK_TTL_SECONDS) * 1000);

export async function signLinkToken(key: Buffer, claims: LinkClaims): Promise<string> {
  const iat = Math.floor(claims.issuedAt.getTime() / 1000);
  return new SignJWT({
    clientId: claims.clientId,
    chargeId: claims.chargeId,
    mid: claims.merchantId,
    v: claims.version,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.clientId)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LINK_TTL_SECONDS)
    .sign(await hmacKey(key));
}

export type LinkCheck =
  | { readonly ok: true; readonly claims: LinkClaims }
  | { readonly ok: false; readonly why: 'expired' | 'invalid' };

export async function verifyLinkToken(key: Buffer, token: string, now: Date): Promise<LinkCheck> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(key), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'iat'],
    });
    const { chargeId, mid, v, clientId, iat } = payload;
    if (
      typeof chargeId !== 'string' ||
      typeof mid !== 'string' ||
      typeof v !== 'number' ||
      typeof clientId !== 'string'
    ) {
      return { ok: false, why: 'invalid' };
    }
    return {
      ok: true,
      claims: { chargeId, merchantId: mid, version: v, clientId, issuedAt: new Date((iat ?? 0) * 1000) },
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return { ok: false, why: 'expired' };
    if (error instanceof errors.JOSEError) return { ok: false, why: 'invalid' };
    throw error;
  }
}

/**
 * The claims of a link we signed, expired or not: for deciding how its page may be shown (an expired
 * link's page says so, and must be shown where the link's page was), never for acting on the link.
 */
export async function readLinkClaims(key: Buffer, token: string): Promise<LinkClaims | undefined> {
  let iat: unknown;
  try {
    iat = decodeJwt(token).iat;
  } catch {
    return undefined;
  }
  if (typeof iat !== 'number') return undefined;
  const check = await verifyLinkToken(key, token, new Date(iat * 1000));
  return check.ok ? check.claims : undefined;
}

/**
 * v4 access tokens: HS256 JWTs signed with a key derived from the master key. Stateless, so every
 * node sharing the master key accepts a token any node issued, with no database read per request.
 * Like Keycloak's (which Flutterwave uses), a token stays valid until it expires.
 */
import { SignJWT, jwtVerify, errors } from 'jose';
import { hmacKey } from './hmac-key.js';
import { randomBase62 } from '../domain/ids.js';

export const ACCESS_TOKEN_TTL_SECONDS = 600;
const ISSUER = 'baobab';
const AUDIENCE = 'baobab-v4';

export interface AccessTokenClaims {
  readonly merchantId: string;
  readonly clientId: string;
}

export async function signAccessToken(key: Buffer, claims: AccessTokenClaims, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ mid: claims.merchantId, azp: claims.clientId, typ: 'Bearer' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.clientId)
    .setJti(randomBase62(16))
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(await hmacKey(key));
}

export type VerifyFailure = 'expired' | 'invalid';

export interface VerifiedToken {
  readonly claims: AccessTokenClaims;
  readonly expiresAt: Date;
}

export async function verifyAccessToken(
  key: Buffer,
  token: string,
  now: Date,
): Promise<VerifiedToken | VerifyFailure> {
  try {
    const { payload } = await jwtVerify(token, await hmacKey(key), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'sub'],
    });
    const { mid, azp, exp } = payload;
    if (typeof mid !== 'string' || typeof azp !== 'string' || typeof exp !== 'number') return 'invalid';
    return { claims: { merchantId: mid, clientId: azp }, expiresAt: new Date(exp * 1000) };
  } catch (error) {
    if (error instanceof errors.JWTExpired) return 'expired';
    if (error instanceof errors.JOSEError) return 'invalid';
    throw error;
  }
}

import { createHmac, randomBytes } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  signAccessToken,
  verifyAccessToken,
} from '../../src/crypto/access-token.js';
import { generateCredentials } from '../../src/crypto/credentials.js';
import { keyedHash, sameSecret, visiblePrefix } from '../../src/crypto/hashing.js';
import {
  MASTER_KEY_BYTES,
  generateMasterKey,
  keyringFrom,
  parseMasterKey,
} from '../../src/crypto/keyring.js';
import { seal, unseal } from '../../src/crypto/sealed.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BASE62 = /^[0-9A-Za-z]+$/;

describe('parseMasterKey', () => {
  const bytes = randomBytes(32);

  it('accepts base64 of 32 bytes and returns those bytes', () => {
    expect(parseMasterKey(bytes.toString('base64'))).toEqual(bytes);
  });

  it('accepts 64 hex digits in either case', () => {
    expect(parseMasterKey(bytes.toString('hex'))).toEqual(bytes);
    expect(parseMasterKey(bytes.toString('hex').toUpperCase())).toEqual(bytes);
  });

  it('ignores surrounding whitespace, as left by files and env editors', () => {
    expect(parseMasterKey(`  ${bytes.toString('base64')}\n`)).toEqual(bytes);
    expect(parseMasterKey(`\t${bytes.toString('hex')} `)).toEqual(bytes);
  });

  it('parses what generateMasterKey produces into 32 random bytes', () => {
    const a = generateMasterKey();
    const b = generateMasterKey();
    expect(a).not.toBe(b);
    expect(parseMasterKey(a)?.length).toBe(MASTER_KEY_BYTES);
    expect(parseMasterKey(a)?.toString('base64')).toBe(a);
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['base64 of 31 bytes', randomBytes(31).toString('base64')],
    ['base64 of 33 bytes', randomBytes(33).toString('base64')],
    ['base64 of 16 bytes', randomBytes(16).toString('base64')],
    ['63 hex digits', randomBytes(32).toString('hex').slice(1)],
    ['66 hex digits', randomBytes(33).toString('hex')],
    ['a word', 'changeme'],
    ['a sentence', 'this is not a master key at all, is it?'],
  ])('rejects %s', (_label, text) => {
    expect(parseMasterKey(text)).toBeUndefined();
  });

  it('rejects a base64 key with characters outside the base64 alphabet mixed in', () => {
    const b64 = bytes.toString('base64');
    expect(parseMasterKey(`${b64.slice(0, 10)}*!${b64.slice(10)}`)).toBeUndefined();
  });
});

describe('keyringFrom', () => {
  const master = randomBytes(32);

  it('derives the same keys from the same master key', () => {
    expect(keyringFrom(Buffer.from(master))).toEqual(keyringFrom(master));
  });

  it('derives a distinct 32-byte key for every purpose', () => {
    const ring = keyringFrom(master);
    const keys = [ring.sealKey, ring.hashKey, ring.accessTokenKey, ring.linkTokenKey];
    for (const key of keys) expect(key.length).toBe(32);
    expect(new Set(keys.map((k) => k.toString('hex'))).size).toBe(keys.length);
    for (const key of keys) expect(key.equals(master)).toBe(false);
  });

  it('derives different keys and check values from a different master key', () => {
    const a = keyringFrom(master);
    const b = keyringFrom(randomBytes(32));
    expect(a.sealKey.equals(b.sealKey)).toBe(false);
    expect(a.hashKey.equals(b.hashKey)).toBe(false);
    expect(a.accessTokenKey.equals(b.accessTokenKey)).toBe(false);
    expect(a.linkTokenKey.equals(b.linkTokenKey)).toBe(false);
    expect(a.checkValue).not.toBe(b.checkValue);
  });

  it('gives a 32-hex check value that does not reveal any key', () => {
    const ring = keyringFrom(master);
    expect(ring.checkValue).toMatch(/^[0-9a-f]{32}$/);
    for (const key of [master, ring.sealKey, ring.hashKey, ring.accessTokenKey, ring.linkTokenKey]) {
      expect(key.toString('hex')).not.toContain(ring.checkValue.slice(0, 16));
    }
  });
});

describe('seal and unseal', () => {
  const key = keyringFrom(randomBytes(32)).sealKey;

  it.each(['FLWSECK_TEST1a2b3c4d5e6f', '', 'ünïcödé ✓ 🌳', 'x'.repeat(10_000)])('round-trips %#', (text) => {
    const sealed = seal(key, text);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(unseal(key, sealed)).toBe(text);
  });

  it('does not contain the plaintext', () => {
    const secret = 'FLWSECK_TESTdeadbeefcafe';
    const sealed = seal(key, secret);
    expect(sealed).not.toContain(secret);
    expect(Buffer.from(sealed.slice(3), 'base64url').toString('latin1')).not.toContain(secret);
  });

  it('uses a fresh IV every time: sealing the same text twice gives different values', () => {
    const a = seal(key, 'same text');
    const b = seal(key, 'same text');
    expect(a).not.toBe(b);
    const iv = (s: string) => Buffer.from(s.slice(3), 'base64url').subarray(0, 12).toString('hex');
    expect(iv(a)).not.toBe(iv(b));
  });

  it('throws when any byte of the sealed value was changed', () => {
    const sealed = seal(key, 'do not touch');
    const raw = Buffer.from(sealed.slice(3), 'base64url');
    for (const index of [0, 11, 12, raw.length - 17, raw.length - 1]) {
      const tampered = Buffer.from(raw);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(() => unseal(key, `v1.${tampered.toString('base64url')}`)).toThrow();
    }
  });

  it('throws with the wrong key', () => {
    const sealed = seal(key, 'for one key only');
    expect(() => unseal(keyringFrom(randomBytes(32)).sealKey, sealed)).toThrow();
  });

  it('throws on an unknown format or a truncated value', () => {
    const sealed = seal(key, 'abc');
    expect(() => unseal(key, sealed.replace(/^v1\./, 'v2.'))).toThrow('unknown format');
    expect(() => unseal(key, 'plain text')).toThrow('unknown format');
    expect(() => unseal(key, 'v1.AAAA')).toThrow('truncated');
    expect(() => unseal(key, sealed.slice(0, sealed.length - 4))).toThrow();
  });
});

describe('keyedHash', () => {
  const key = randomBytes(32);

  it('is HMAC-SHA256 in hex: the same for the same key and value', () => {
    const hash = keyedHash(key, 'FLWSECK_TEST-secret-X');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(keyedHash(Buffer.from(key), 'FLWSECK_TEST-secret-X')).toBe(hash);
    expect(hash).toBe(createHmac('sha256', key).update('FLWSECK_TEST-secret-X').digest('hex'));
  });

  it('depends on the key and on the value', () => {
    const hash = keyedHash(key, 'value');
    expect(keyedHash(randomBytes(32), 'value')).not.toBe(hash);
    expect(keyedHash(key, 'value ')).not.toBe(hash);
  });
});

describe('sameSecret', () => {
  it('is true only for identical strings', () => {
    expect(sameSecret('abc123', 'abc123')).toBe(true);
    expect(sameSecret('', '')).toBe(true);
    expect(sameSecret('ünï', 'ünï')).toBe(true);
    expect(sameSecret('abc123', 'abc124')).toBe(false);
    expect(sameSecret('abc123', 'ABC123')).toBe(false);
  });

  it('is false, without throwing, when the lengths differ', () => {
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'a')).toBe(false);
    // Same number of characters, different number of UTF-8 bytes.
    expect(sameSecret('é', 'e')).toBe(false);
  });
});

describe('visiblePrefix', () => {
  it('keeps the key family and 6 characters after the dash', () => {
    expect(visiblePrefix('FLWSECK_TEST-abcdef0123456789-X')).toBe('FLWSECK_TEST-abcdef');
    expect(visiblePrefix('FLWSECK-abcdef0123')).toBe('FLWSECK-abcdef');
  });

  it('keeps the first 6 characters of a secret without an early dash', () => {
    expect(visiblePrefix('Zx9aBcDeFgHiJkLmNoPqRsTuVwXyZ012')).toBe('Zx9aBc');
    expect(visiblePrefix('-leading-dash')).toBe('-leadi');
    expect(visiblePrefix('ABCDEFGHIJKLMNOPQRSTU-late-dash')).toBe('ABCDEF');
  });

  it('honours a custom number of characters', () => {
    expect(visiblePrefix('FLWSECK_TEST-abcdef0123-X', 2)).toBe('FLWSECK_TEST-ab');
    expect(visiblePrefix('abcdefgh', 3)).toBe('abc');
  });

  it('never reveals the whole random part of generated secrets', () => {
    const { v3, v4 } = generateCredentials('mer_0123456789');
    expect(visiblePrefix(v3.secret_key)).toBe(v3.secret_key.slice(0, 'FLWSECK_TEST-'.length + 6));
    expect(visiblePrefix(v4.client_secret)).toBe(v4.client_secret.slice(0, 6));
  });
});

describe('generateCredentials', () => {
  it('produces keys in the v3 and v4 formats', () => {
    const c = generateCredentials('mer_AbCdEf1234');
    expect(c.merchant_id).toBe('mer_AbCdEf1234');
    expect(c.v3.public_key).toMatch(/^FLWPUBK_TEST-[0-9a-f]{32}-X$/);
    expect(c.v3.secret_key).toMatch(/^FLWSECK_TEST-[0-9a-f]{32}-X$/);
    expect(c.v3.encryption_key).toHaveLength(24);
    expect(c.v3.encryption_key).toMatch(/^FLWSECK_TEST[0-9a-f]{12}$/);
    expect(c.v4.client_id).toMatch(UUID);
    expect(c.v4.client_secret).toHaveLength(32);
    expect(c.v4.client_secret).toMatch(BASE62);
    expect(Buffer.from(c.v4.encryption_key, 'base64')).toHaveLength(32);
    expect(Buffer.from(c.v4.encryption_key, 'base64').toString('base64')).toBe(c.v4.encryption_key);
    expect(c.webhook_secret_hash).toHaveLength(48);
    expect(c.webhook_secret_hash).toMatch(BASE62);
  });

  it('gives new values on every call', () => {
    const a = generateCredentials('mer_same000000');
    const b = generateCredentials('mer_same000000');
    expect(b.v3.public_key).not.toBe(a.v3.public_key);
    expect(b.v3.secret_key).not.toBe(a.v3.secret_key);
    expect(b.v3.encryption_key).not.toBe(a.v3.encryption_key);
    expect(b.v4.client_id).not.toBe(a.v4.client_id);
    expect(b.v4.client_secret).not.toBe(a.v4.client_secret);
    expect(b.v4.encryption_key).not.toBe(a.v4.encryption_key);
    expect(b.webhook_secret_hash).not.toBe(a.webhook_secret_hash);
  });

  it('does not reuse the random part of the public key in the secret key', () => {
    const c = generateCredentials('mer_AbCdEf1234');
    expect(c.v3.secret_key.slice(13, 45)).not.toBe(c.v3.public_key.slice(13, 45));
  });
});

describe('access tokens', () => {
  const key = keyringFrom(randomBytes(32)).accessTokenKey;
  const claims = { merchantId: 'mer_Tok3nTest0', clientId: '5f1c1b8e-9a1f-4f4e-8d57-0a1b2c3d4e5f' };
  const issuedAt = new Date('2026-01-15T09:00:00.000Z');
  const after = (ms: number) => new Date(issuedAt.getTime() + ms);

  const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const parts = (token: string): [string, string, string] => {
    const [header = '', payload = '', signature = ''] = token.split('.');
    return [header, payload, signature];
  };

  it('verifies to the merchant and client it was signed for', async () => {
    const token = await signAccessToken(key, claims, issuedAt);
    expect(await verifyAccessToken(key, token, issuedAt)).toEqual({ claims, expiresAt: after(600_000) });
  });

  it('is an HS256 JWT with a 600 s lifetime and a unique id', async () => {
    expect(ACCESS_TOKEN_TTL_SECONDS).toBe(600);
    const token = await signAccessToken(key, claims, issuedAt);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const payload = decodeJwt(token);
    expect(payload.iat).toBe(issuedAt.getTime() / 1000);
    expect(payload.exp).toBe(issuedAt.getTime() / 1000 + 600);
    expect(payload.sub).toBe(claims.clientId);
    const again = decodeJwt(await signAccessToken(key, claims, issuedAt));
    expect(again.jti).not.toBe(payload.jti);
  });

  it('is valid until just before 600 s and expired from then on', async () => {
    const token = await signAccessToken(key, claims, issuedAt);
    const valid = { claims, expiresAt: after(600_000) };
    expect(await verifyAccessToken(key, token, after(599_000))).toEqual(valid);
    expect(await verifyAccessToken(key, token, after(599_999))).toEqual(valid);
    expect(await verifyAccessToken(key, token, after(600_000))).toBe('expired');
    expect(await verifyAccessToken(key, token, after(601_000))).toBe('expired');
    expect(await verifyAccessToken(key, token, after(86_400_000))).toBe('expired');
  });

  it('is invalid before it was issued', async () => {
    const token = await signAccessToken(key, claims, issuedAt);
    expect(await verifyAccessToken(key, token, after(-60_000))).toBe('invalid');
  });

  it('is invalid when signed with another key', async () => {
    const token = await signAccessToken(keyringFrom(randomBytes(32)).accessTokenKey, claims, issuedAt);
    expect(await verifyAccessToken(key, token, issuedAt)).toBe('invalid');
  });

  it('is invalid when its payload was changed after signing', async () => {
    const [header, payload, signature] = parts(await signAccessToken(key, claims, issuedAt));
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = b64url({ ...decoded, mid: 'mer_SomeoneEls' });
    expect(await verifyAccessToken(key, `${header}.${forged}.${signature}`, issuedAt)).toBe('invalid');
    const extended = b64url({ ...decoded, exp: Number(decoded['exp']) + 86_400 });
    expect(await verifyAccessToken(key, `${header}.${extended}.${signature}`, after(700_000))).toBe(
      'invalid',
    );
  });

  it("is invalid with alg 'none' and no signature", async () => {
    const [, payload] = parts(await signAccessToken(key, claims, issuedAt));
    const header = b64url({ alg: 'none', typ: 'JWT' });
    expect(await verifyAccessToken(key, `${header}.${payload}.`, issuedAt)).toBe('invalid');
    expect(await verifyAccessToken(key, `${header}.${payload}`, issuedAt)).toBe('invalid');
  });

  it('is invalid when correctly signed but not issued by Baobab for v4', async () => {
    const iat = issuedAt.getTime() / 1000;
    const base = () =>
      new SignJWT({ mid: claims.merchantId, azp: claims.clientId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.clientId)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 600);
    const wrongAudience = await base().setIssuer('baobab').setAudience('someone-else').sign(key);
    const wrongIssuer = await base().setIssuer('elsewhere').setAudience('baobab-v4').sign(key);
    const noMerchant = await new SignJWT({ azp: claims.clientId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('baobab')
      .setAudience('baobab-v4')
      .setSubject(claims.clientId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + 600)
      .sign(key);
    const noExpiry = await new SignJWT({ mid: claims.merchantId, azp: claims.clientId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('baobab')
      .setAudience('baobab-v4')
      .setSubject(claims.clientId)
      .setIssuedAt(iat)
      .sign(key);
    for (const token of [wrongAudience, wrongIssuer, noMerchant, noExpiry]) {
      expect(await verifyAccessToken(key, token, issuedAt)).toBe('invalid');
    }
  });

  it.each(['', 'garbage', 'a.b.c', 'Bearer x.y.z', '...', 'eyJhbGciOiJIUzI1NiJ9.e30.'])(
    "is invalid for the garbage '%s'",
    async (token) => {
      expect(await verifyAccessToken(key, token, issuedAt)).toBe('invalid');
    },
  );
});

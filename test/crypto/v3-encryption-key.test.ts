/**
 * The v3 encryption key is derived from the secret key as Flutterwave derives it (see
 * src/crypto/credentials.ts for the sources). Flutterwave's guide and SDKs publish the algorithm but
 * no worked example, so the vectors here were computed with coreutils' md5sum, independently of the
 * code under test.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  deriveV3EncryptionKey,
  generateCredentials,
  generateV3SecretKeys,
} from '../../src/crypto/credentials.js';

/** What a PHP or Python integration computes: written out step by step, as their getKey does. */
function clientGetKey(secretKey: string): string {
  const md5 = createHash('md5').update(secretKey).digest('hex');
  const last12 = md5.substring(md5.length - 12);
  const adjusted = secretKey.split('FLWSECK-').join('');
  return adjusted.substring(0, 12) + last12;
}

describe('deriveV3EncryptionKey', () => {
  it('keeps FLWSECK_TEST and adds the last 12 hex digits of the MD5 of the whole test secret key', () => {
    // md5("FLWSECK_TEST-0123456789abcdef0123456789abcdef-X") ends in b9cbd0fef14a.
    expect(deriveV3EncryptionKey('FLWSECK_TEST-0123456789abcdef0123456789abcdef-X')).toBe(
      'FLWSECK_TESTb9cbd0fef14a',
    );
  });

  it('drops the FLWSECK- prefix of a live-shaped key before taking its first 12 characters', () => {
    // md5("FLWSECK-0123456789abcdef0123456789abcdef-X") ends in ae531e1365fa: the MD5 is of the key
    // with its prefix; only the first half loses it.
    expect(deriveV3EncryptionKey('FLWSECK-0123456789abcdef0123456789abcdef-X')).toBe(
      '0123456789abae531e1365fa',
    );
  });

  it('always gives a 24-character key, the length 3DES-24 needs', () => {
    for (let i = 0; i < 20; i++) {
      const { secret_key, encryption_key } = generateV3SecretKeys();
      expect(encryption_key).toHaveLength(24);
      expect(encryption_key).toBe(deriveV3EncryptionKey(secret_key));
    }
  });
});

describe('new merchants', () => {
  it('get the encryption key a client computes from their secret key', () => {
    for (let i = 0; i < 20; i++) {
      const { v3 } = generateCredentials('mer_derived000');
      expect(v3.encryption_key).toMatch(/^FLWSECK_TEST[0-9a-f]{12}$/);
      expect(v3.encryption_key).toBe(clientGetKey(v3.secret_key));
    }
  });
});

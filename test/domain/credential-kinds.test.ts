import { describe, expect, it } from 'vitest';
import { signAccessToken } from '../../src/crypto/access-token.js';
import { generateCredentials } from '../../src/crypto/credentials.js';
import { credentialKind } from '../../src/domain/credential-kinds.js';

describe('credentialKind', () => {
  it('tells apart every credential a merchant is given, and an access token', async () => {
    for (let i = 0; i < 50; i++) {
      const { v3, v4 } = generateCredentials('mer_kinds00000');
      expect(credentialKind(v3.secret_key)).toBe('v3_secret_key');
      expect(credentialKind(v3.public_key)).toBe('v3_public_key');
      expect(credentialKind(v3.encryption_key)).toBe('v3_encryption_key');
      expect(credentialKind(v4.client_id)).toBe('v4_client_id');
      expect(credentialKind(v4.client_secret)).toBe('v4_client_secret');
      expect(credentialKind(v4.encryption_key)).toBe('v4_encryption_key');
    }
    const token = await signAccessToken(
      Buffer.alloc(32, 7),
      { merchantId: 'mer_kinds00000', clientId: 'c' },
      new Date('2026-01-01T00:00:00Z'),
    );
    expect(credentialKind(token)).toBe('v4_access_token');
  });

  it('knows Flutterwave live-key shapes too, and names nothing else', () => {
    expect(credentialKind('FLWSECK-0123456789abcdef0123456789abcdef-X')).toBe('v3_secret_key');
    expect(credentialKind('FLWPUBK-0123456789abcdef0123456789abcdef-X')).toBe('v3_public_key');
    for (const other of ['', 'hello', 'FLWSECK', 'Basic abc', 'x'.repeat(31), 'a b c']) {
      expect(credentialKind(other), other).toBeUndefined();
    }
  });
});

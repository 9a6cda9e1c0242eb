/**
 * Fresh merchant credentials in the shapes the two APIs use (v3 spec §1.1, v4 spec §2):
 * v3 `FLWPUBK_TEST-<32 hex>-X` / `FLWSECK_TEST-<32 hex>-X` and a 24-character 3DES key derived from
 * the secret key; v4 a UUID client id, a 32-character client secret and base64 of a 32-byte AES key.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { randomBase62 } from '../domain/ids.js';
import type { MerchantCredentials } from '../domain/merchant.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

/**
 * The v3 encryption key Flutterwave derives from a secret key. Many integrations (PHP ones above all)
 * never read the encryption key from the dashboard: they compute it from the secret key, so Baobab
 * issues keys that pass that computation. What the published sources say, and this follows:
 * - Flutterwave's "Rave Encryption" guide (developer.flutterwave.com/v2.0/reference/rave-encryption)
 *   and the `getKey` function of Flutterwave's PHP SDK (github.com/Flutterwave/PHP-v3, library/rave.php)
 *   and `__getEncryptionKey` of its Python SDK (github.com/Flutterwave/Python-v2,
 *   rave_python/rave_base.py) all take the MD5 of the whole secret key, prefix included, as lower-case
 *   hex, and keep its last 12 digits;
 * - they remove the literal `FLWSECK-` from the secret key (live keys only: `FLWSECK_TEST-` does not
 *   contain it, which is why test encryption keys start with `FLWSECK_TEST`) and keep its first 12
 *   characters;
 * - the key is those 12 characters followed by the 12 digits: 24 characters, a 3DES-24 key.
 * Checked against dashboard-issued test key pairs published in public repositories: each matched.
 */
export function deriveV3EncryptionKey(secretKey: string): string {
  const digest = createHash('md5').update(secretKey, 'utf8').digest('hex');
  return secretKey.replaceAll('FLWSECK-', '').slice(0, 12) + digest.slice(-12);
}

/** A new v3 secret key and the encryption key derived from it (they only ever change together). */
export function generateV3SecretKeys(): { readonly secret_key: string; readonly encryption_key: string } {
  const secretKey = `FLWSECK_TEST-${hex(16)}-X`;
  return { secret_key: secretKey, encryption_key: deriveV3EncryptionKey(secretKey) };
}

export function generateCredentials(merchantId: string): MerchantCredentials {
  return {
    merchant_id: merchantId,
    v3: { public_key: `FLWPUBK_TEST-${hex(16)}-X`, ...generateV3SecretKeys() },
    v4: {
      client_id: randomUUID(),
      client_secret: randomBase62(32),
      encryption_key: randomBytes(32).toString('base64'),
    },
    webhook_secret_hash: randomBase62(48),
  };
}

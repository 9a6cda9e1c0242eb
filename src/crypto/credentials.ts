/**
 * Fresh merchant credentials in the shapes the two APIs use (v3 spec §1.1, v4 spec §2):
 * v3 `FLWPUBK_TEST-<32 hex>-X` / `FLWSECK_TEST-<32 hex>-X` and a 24-character 3DES key;
 * v4 a UUID client id, a 32-character client secret and base64 of a 32-byte AES key.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { randomBase62 } from '../domain/ids.js';
import type { MerchantCredentials } from '../domain/merchant.js';

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');

export function generateCredentials(merchantId: string): MerchantCredentials {
  return {
    merchant_id: merchantId,
    v3: {
      public_key: `FLWPUBK_TEST-${hex(16)}-X`,
      secret_key: `FLWSECK_TEST-${hex(16)}-X`,
      encryption_key: `FLWSECK_TEST${hex(6)}`,
    },
    v4: {
      client_id: randomUUID(),
      client_secret: randomBase62(32),
      encryption_key: randomBytes(32).toString('base64'),
    },
    webhook_secret_hash: randomBase62(48),
  };
}

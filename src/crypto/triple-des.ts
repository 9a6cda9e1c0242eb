/**
 * v3 card payloads (spec v3 §3): the JSON body encrypted with 3DES-EDE3 in ECB mode, PKCS#7 padding,
 * the merchant's 24-character encryption key used as raw UTF-8 bytes, sent as base64 in `client`.
 * ECB is weak, but it is what every v3 client library sends. The encrypting end is the SDK's
 * (sdk/encryption.ts `encryptV3Payload`).
 */
import { createDecipheriv } from 'node:crypto';

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decrypt3Des(key: string, base64: string): string | undefined {
  const raw = Buffer.from(key, 'utf8');
  if (raw.length !== 24 || !BASE64.test(base64)) return undefined;
  try {
    const decipher = createDecipheriv('des-ede3', raw, null);
    return Buffer.concat([decipher.update(Buffer.from(base64, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}

/**
 * v4 field-level encryption (spec §7): how merchants send card fields and PINs.
 *
 * AES-256-GCM; key = the merchant's encryption key, base64-decoded (32 bytes); IV = the 12 ASCII
 * bytes of the request's `nonce` string; no AAD; each field travels as base64(ciphertext ‖ 16-byte
 * tag). Flutterwave encrypts every field of one card under the same nonce — weak (GCM nonce reuse),
 * but that is the wire format, so we accept it. The encrypting end is the SDK's (sdk/encryption.ts).
 */
import { createDecipheriv } from 'node:crypto';

const KEY_BYTES = 32;
const TAG_BYTES = 16;
const NONCE = /^[A-Za-z0-9]{12}$/;
// Node's base64 decoder silently skips characters outside the alphabet, so "ab!cd" would decode as
// "abcd": check the text first. Padding is optional (some encoders drop it) but must be in place.
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

// fatal: a plaintext that is not UTF-8 is as undecryptable as a bad tag, not "text with U+FFFD".
const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeBase64(text: string): Buffer | undefined {
  return BASE64.test(text) ? Buffer.from(text, 'base64') : undefined;
}

function keyFrom(keyBase64: string): Buffer | undefined {
  const key = decodeBase64(keyBase64);
  return key?.length === KEY_BYTES ? key : undefined;
}

/**
 * The field's UTF-8 plaintext, or `undefined` when it cannot be decrypted for any reason: malformed
 * key, nonce or base64, too short to hold a tag, wrong key or nonce, tampered with. Never throws:
 * everything here is merchant input, and the caller answers `CLIENT_ENCRYPTION_ERROR` alike.
 */
export function decryptField(keyBase64: string, nonce: string, ciphertextBase64: string): string | undefined {
  const key = keyFrom(keyBase64);
  const data = decodeBase64(ciphertextBase64);
  if (!key || !data || !NONCE.test(nonce) || data.length < TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'ascii'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([
      decipher.update(data.subarray(0, data.length - TAG_BYTES)),
      decipher.final(),
    ]);
    return utf8.decode(plain);
  } catch {
    // final() throws when the tag does not verify (wrong key, wrong nonce, tampered); decode() on bad UTF-8.
    return undefined;
  }
}

/** WebCrypto HMAC-SHA256 keys for jose, imported once per raw key: the import costs more than a signature. */
import { webcrypto } from 'node:crypto';

const imported = new WeakMap<Buffer, Promise<webcrypto.CryptoKey>>();

export function hmacKey(raw: Buffer): Promise<webcrypto.CryptoKey> {
  let key = imported.get(raw);
  if (!key) {
    key = webcrypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    imported.set(raw, key);
  }
  return key;
}

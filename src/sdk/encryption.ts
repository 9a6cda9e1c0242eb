/**
 * Card encryption, the merchant's end of it: what an integration does before it sends card data to
 * Baobab (or Flutterwave), in both dialects. Nothing here imports the server
 * (`import { encryptCard } from 'baobab-gateway/sdk'`).
 *
 * - v4 (spec §7): each card field and the PIN travel as base64(AES-256-GCM(plaintext) ‖ 16-byte
 *   tag), keyed with the merchant's base64 encryption key (32 bytes), with the 12 ASCII characters of
 *   the object's `nonce` as the IV and no AAD. Every field of one card shares its nonce: that is the
 *   wire format.
 * - v3 (spec v3 §3): the whole JSON charge body, 3DES-EDE3 in ECB mode with PKCS#7 padding, keyed
 *   with the 24-character encryption key as UTF-8 bytes, sent as base64 in `client`.
 */
import { createCipheriv, randomInt } from 'node:crypto';

const KEY_BYTES = 32;
const TAG_BYTES = 16;
const NONCE = /^[A-Za-z0-9]{12}$/;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh 12-character nonce from [A-Za-z0-9], as v4 card and PIN objects carry. */
export const newNonce = (): string =>
  Array.from({ length: 12 }, () => ALPHANUMERIC.charAt(randomInt(ALPHANUMERIC.length))).join('');

/** One v4 field: base64(AES-256-GCM(plaintext) ‖ tag). Throws on a malformed key or nonce. */
export function encryptField(encryptionKey: string, nonce: string, plaintext: string): string {
  const key = Buffer.from(encryptionKey, 'base64');
  if (key.length !== KEY_BYTES) throw new Error('encryption key must be base64 of 32 bytes');
  if (!NONCE.test(nonce)) throw new Error('nonce must be 12 characters from [A-Za-z0-9]');
  const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(nonce, 'ascii'), {
    authTagLength: TAG_BYTES,
  });
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
}

export interface CardToEncrypt {
  readonly cardNumber: string;
  /** Two digits: `09`. */
  readonly expiryMonth: string;
  /** Two digits: `32`. */
  readonly expiryYear: string;
  readonly cvv?: string;
}

/** The v4 `card` object's encrypted fields (spec §8.2); add `billing_address`, `cof` and the rest beside them. */
export interface EncryptedCard {
  readonly nonce: string;
  readonly encrypted_card_number: string;
  readonly encrypted_expiry_month: string;
  readonly encrypted_expiry_year: string;
  readonly encrypted_cvv?: string;
}

/** A card for `payment_method.card` (v4): every field under one nonce, a fresh one unless given. */
export function encryptCard(encryptionKey: string, card: CardToEncrypt, nonce = newNonce()): EncryptedCard {
  const field = (value: string): string => encryptField(encryptionKey, nonce, value);
  return {
    nonce,
    encrypted_card_number: field(card.cardNumber),
    encrypted_expiry_month: field(card.expiryMonth),
    encrypted_expiry_year: field(card.expiryYear),
    ...(card.cvv === undefined ? {} : { encrypted_cvv: field(card.cvv) }),
  };
}

/** The v4 PIN authorization (`{"type": "pin", "pin": …}` on `PUT /charges/{id}`). */
export function encryptPin(
  encryptionKey: string,
  pin: string,
  nonce = newNonce(),
): { readonly type: 'pin'; readonly pin: { readonly nonce: string; readonly encrypted_pin: string } } {
  return { type: 'pin', pin: { nonce, encrypted_pin: encryptField(encryptionKey, nonce, pin) } };
}

/**
 * A v3 charge body as `client` (`POST /v3/charges?type=card` takes `{"client": …}`): the JSON of
 * `payload` (or the text itself), 3DES-encrypted with the 24-character encryption key.
 */
export function encryptV3Payload(encryptionKey: string, payload: object | string): string {
  const key = Buffer.from(encryptionKey, 'utf8');
  if (key.length !== 24) throw new Error('v3 encryption key must be 24 characters');
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const cipher = createCipheriv('des-ede3', key, null);
  return Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]).toString('base64');
}

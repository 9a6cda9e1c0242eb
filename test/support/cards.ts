/**
 * Card and PIN fields encrypted the way a merchant's integration does it (spec §7): AES-256-GCM
 * with the merchant's base64 key, one 12-character nonce per card object.
 */
import { randomBytes } from 'node:crypto';
import { encryptField } from '../../src/sdk/encryption.js';

export const CARDS = {
  visa: '4111111111111111',
  mastercard: '5531886652142950',
  verve: '5061460410120223210',
  amex: '378282246310005',
} as const;

export const CVVS = { visa: '123', mastercard: '564', verve: '883', amex: '1234' } as const;

export const nonce = (): string =>
  randomBytes(9)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, 'x')
    .slice(0, 12);

export interface PlainCard {
  readonly number: string;
  readonly month?: string;
  readonly year?: string;
  readonly cvv?: string;
}

export function encryptCard(key: string, card: PlainCard, extra: Record<string, unknown> = {}) {
  const n = nonce();
  return {
    nonce: n,
    encrypted_card_number: encryptField(key, n, card.number),
    encrypted_expiry_month: encryptField(key, n, card.month ?? '09'),
    encrypted_expiry_year: encryptField(key, n, card.year ?? '32'),
    ...(card.cvv === undefined ? {} : { encrypted_cvv: encryptField(key, n, card.cvv) }),
    ...extra,
  };
}

export function encryptPin(key: string, pin: string) {
  const n = nonce();
  return { type: 'pin', pin: { nonce: n, encrypted_pin: encryptField(key, n, pin) } };
}

import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptField } from '../../src/crypto/field-encryption.js';
import { encryptField } from '../../src/sdk/encryption.js';

// Spec §7 test vectors: key = 32 bytes of 0x11, nonce AbCdEf123456.
const KEY = 'ERERERERERERERERERERERERERERERERERERERERERE=';
const NONCE = 'AbCdEf123456';
const VECTORS = [
  ['5531886652142950', 'zsGL7Ne2sVgfQyR8zO1sR5IC9c+p/PkyrAjQ8kHlwMo='],
  ['09', 'y82JZ3h1Z+lpZAxaDqyZ1C96'],
  ['32', 'yMZhgQXZl4HQPT+rOWD5UKm2'],
  ['564', 'zsKMEhrj0/4cuyeLeq6/wRN9ng=='],
  ['1234', 'ysaL6bnsxkJLAI+MpYH++FF0AjQ='],
] as const;

const CARD = VECTORS[0][1];

/** Flips one bit of the decoded bytes at `index` (negative: from the end) and re-encodes. */
function flipBit(ciphertext: string, index: number): string {
  const bytes = Buffer.from(ciphertext, 'base64');
  const at = index < 0 ? bytes.length + index : index;
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('spec §7 test vectors', () => {
  it.each(VECTORS)('encrypts %j to %s', (plaintext, ciphertext) => {
    expect(encryptField(KEY, NONCE, plaintext)).toBe(ciphertext);
  });

  it.each(VECTORS)('decrypts %j back from %s', (plaintext, ciphertext) => {
    expect(decryptField(KEY, NONCE, ciphertext)).toBe(plaintext);
  });

  it('matches what a merchant computes with plain Node crypto (ciphertext ‖ tag, no IV prefix)', () => {
    const cipher = createCipheriv('aes-256-gcm', Buffer.alloc(32, 0x11), Buffer.from(NONCE));
    const body = Buffer.concat([
      cipher.update('5531886652142950', 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    expect(body.toString('base64')).toBe(CARD);
    expect(body).toHaveLength(16 + 16);
  });
});

describe('round trips', () => {
  it.each([
    ['empty', ''],
    ['a PIN', '3310'],
    ['a 19-digit PAN', '5061460410120223210'],
    ['non-ASCII text', 'Ọláńrewájú 🇳🇬'],
    ['a long text', 'x'.repeat(10_000)],
  ])('gives back %s under a random key and nonce', (_label, plaintext) => {
    const key = randomBytes(32).toString('base64');
    const nonce = randomBytes(9).toString('base64').replace(/[+/]/g, 'A');
    expect(decryptField(key, nonce, encryptField(key, nonce, plaintext))).toBe(plaintext);
  });

  it('accepts ciphertext and key without base64 padding', () => {
    expect(decryptField(KEY.replace(/=+$/, ''), NONCE, VECTORS[3][1].replace(/=+$/, ''))).toBe('564');
  });
});

describe('decryptField refuses what it cannot decrypt, without throwing', () => {
  const otherKey = Buffer.alloc(32, 0x22).toString('base64');

  it.each([
    ['a wrong key', otherKey, NONCE, CARD],
    ['a wrong nonce', KEY, 'AbCdEf123457', CARD],
    ['a nonce of 11 characters', KEY, 'AbCdEf12345', CARD],
    ['a nonce of 13 characters', KEY, 'AbCdEf1234567', CARD],
    ['a nonce with a symbol', KEY, 'AbCdEf12345!', CARD],
    ['a nonce with a non-ASCII letter', KEY, 'AbCdEf12345é', CARD],
    ['an empty nonce', KEY, '', CARD],
    ['a key of 16 bytes', Buffer.alloc(16, 0x11).toString('base64'), NONCE, CARD],
    ['a key of 31 bytes', Buffer.alloc(31, 0x11).toString('base64'), NONCE, CARD],
    ['a key of 33 bytes', Buffer.alloc(33, 0x11).toString('base64'), NONCE, CARD],
    ['a key that is not base64', `${KEY.slice(0, -2)}!=`, NONCE, CARD],
    ['an empty key', '', NONCE, CARD],
    ['a flipped ciphertext bit', KEY, NONCE, flipBit(CARD, 0)],
    ['a flipped tag bit', KEY, NONCE, flipBit(CARD, -1)],
    ['a truncated tag', KEY, NONCE, Buffer.from(CARD, 'base64').subarray(0, 31).toString('base64')],
    ['the tag alone', KEY, NONCE, Buffer.from(CARD, 'base64').subarray(16).toString('base64')],
    ['fewer than 16 bytes', KEY, NONCE, Buffer.alloc(15).toString('base64')],
    ['an empty ciphertext', KEY, NONCE, ''],
    ['junk inside the base64', KEY, NONCE, `${CARD.slice(0, 8)}!${CARD.slice(8)}`],
    ['whitespace inside the base64', KEY, NONCE, `${CARD.slice(0, 8)} ${CARD.slice(8)}`],
    ['a trailing newline', KEY, NONCE, `${CARD}\n`],
    ['base64url characters', KEY, NONCE, CARD.replace('+', '-').replace('/', '_')],
    ['misplaced padding', KEY, NONCE, `=${CARD.slice(0, -1)}`],
    ['too much padding', KEY, NONCE, `${CARD}==`],
    ['a truncated base64 text', KEY, NONCE, CARD.slice(0, -3)],
    ['the plaintext itself', KEY, NONCE, '5531886652142950'],
  ])('returns undefined for %s', (_label, key, nonce, ciphertext) => {
    expect(decryptField(key, nonce, ciphertext)).toBeUndefined();
  });

  it('returns undefined when the plaintext is not UTF-8', () => {
    const cipher = createCipheriv('aes-256-gcm', Buffer.alloc(32, 0x11), Buffer.from(NONCE));
    const body = Buffer.concat([cipher.update(Buffer.from([0xff, 0xfe, 0x80])), cipher.final()]);
    const ciphertext = Buffer.concat([body, cipher.getAuthTag()]).toString('base64');
    expect(decryptField(KEY, NONCE, ciphertext)).toBeUndefined();
  });

  it('detects a flip of any single bit of a ciphertext', () => {
    const bytes = Buffer.from(CARD, 'base64').length;
    const survivors: number[] = [];
    for (let i = 0; i < bytes; i++)
      if (decryptField(KEY, NONCE, flipBit(CARD, i)) !== undefined) survivors.push(i);
    expect(survivors).toEqual([]);
  });
});

describe('encryptField refuses a malformed key or nonce', () => {
  it.each([
    ['a short key', Buffer.alloc(16).toString('base64'), NONCE],
    ['a key that is not base64', 'not a key!', NONCE],
    ['a short nonce', KEY, 'AbCdEf'],
    ['a nonce with symbols', KEY, 'AbCdEf-23456'],
  ])('throws for %s', (_label, key, nonce) => {
    expect(() => encryptField(key, nonce, '09')).toThrow();
  });
});

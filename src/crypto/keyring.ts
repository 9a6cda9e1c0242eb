/**
 * The instance master key and the purpose-bound keys derived from it (HKDF-SHA256). One master key
 * per deployment: every node sharing a database must hold the same one, and `checkValue` lets a
 * node detect at boot that its key differs from the one the database was set up with.
 */
import { createHmac, hkdfSync, randomBytes } from 'node:crypto';

export interface Keyring {
  /** Encrypts secrets the server must use in clear later (encryption keys, webhook secrets). */
  readonly sealKey: Buffer;
  /** Keyed hashes of API secrets and card fingerprints: a database dump alone cannot test guesses. */
  readonly hashKey: Buffer;
  /** Signs v4 access tokens (HS256), so any node with the key accepts a token any node issued. */
  readonly accessTokenKey: Buffer;
  /** Signs short-lived tokens in links handed to browsers (sandbox pages, checkout). */
  readonly linkTokenKey: Buffer;
  /** Public fingerprint of the master key, stored in the database to catch a mismatched node. */
  readonly checkValue: string;
}

export const MASTER_KEY_BYTES = 32;

export function generateMasterKey(): string {
  return randomBytes(MASTER_KEY_BYTES).toString('base64');
}

/** Accepts base64 or hex of exactly 32 bytes; anything else is a configuration error. */
export function parseMasterKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  // Node's base64 decoder skips characters outside the alphabet: check the text before decoding.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, 'base64');
  return bytes.length === MASTER_KEY_BYTES ? bytes : undefined;
}

function derive(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', master, 'baobab', purpose, 32));
}

export function keyringFrom(master: Buffer): Keyring {
  return {
    sealKey: derive(master, 'seal'),
    hashKey: derive(master, 'keyed-hash'),
    accessTokenKey: derive(master, 'v4-access-token'),
    linkTokenKey: derive(master, 'link-token'),
    checkValue: createHmac('sha256', derive(master, 'check'))
      .update('baobab master key')
      .digest('hex')
      .slice(0, 32),
  };
}

/**
 * Public object ids: `<prefix>_<random base62>`, random from a CSPRNG. The prefix table is the one
 * place that says which object is which; the lengths follow the Flutterwave samples (spec §6.5).
 */
import { randomFillSync } from 'node:crypto';

export const ID_KINDS = {
  merchant: { prefix: 'mer', length: 10 },
  customer: { prefix: 'cus', length: 10 },
  paymentMethod: { prefix: 'pmd', length: 10 },
  charge: { prefix: 'chg', length: 10 },
  refund: { prefix: 'rfd', length: 10 },
  virtualAccount: { prefix: 'van', length: 10 },
  order: { prefix: 'ord', length: 10 },
  checkoutSession: { prefix: 'cse', length: 10 },
  settlement: { prefix: 'stm', length: 10 },
  chargeback: { prefix: 'chb', length: 10 },
  webhookEndpoint: { prefix: 'whe', length: 10 },
  webhookEvent: { prefix: 'wbk', length: 20 },
  transfer: { prefix: 'trf', length: 14 },
  bankRecipient: { prefix: 'rcb', length: 10 },
  mobileMoneyRecipient: { prefix: 'rcm', length: 10 },
  walletRecipient: { prefix: 'rcw', length: 10 },
  sender: { prefix: 'sdr', length: 10 },
  topUp: { prefix: 'tup', length: 10 },
  rate: { prefix: 'rte', length: 10 },
  batch: { prefix: 'btc', length: 10 },
} as const;

export type IdKind = keyof typeof ID_KINDS;

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

// CSPRNG bytes drawn 4 KiB at a time: one call to the generator serves many ids.
const pool = Buffer.alloc(4096);
let next = pool.length;

function randomByte(): number {
  if (next === pool.length) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] ?? 0;
}

/** `length` uniformly random base62 characters (rejection sampling keeps the distribution flat). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = randomByte();
    if (byte < 248) out += ALPHABET.charAt(byte % 62);
  }
  return out;
}

const HEX = '0123456789abcdef';
const randomHex = (length: number): string => {
  let out = '';
  while (out.length < length) out += HEX.charAt(randomByte() % 16);
  return out;
};

/** A v3 processor reference, in the sandbox's shape: `FLW-MOCK-<32 hex>`. */
export const newFlwRef = (): string => `FLW-MOCK-${randomHex(32)}`;

/** A v3 card token, in Flutterwave's shape: `flw-t1nf-<32 hex>-m03k`. */
export const newCardToken = (): string => `flw-t1nf-${randomHex(32)}-m03k`;

export function newId(kind: IdKind): string {
  const { prefix, length } = ID_KINDS[kind];
  return `${prefix}_${randomBase62(length)}`;
}

/** True when `id` has the shape of an id of `kind`; lets a route answer 404 without a query. */
export function looksLikeId(kind: IdKind, id: string): boolean {
  const { prefix, length } = ID_KINDS[kind];
  return (
    id.length === prefix.length + 1 + length &&
    id.startsWith(`${prefix}_`) &&
    /^[A-Za-z0-9]+$/.test(id.slice(prefix.length + 1))
  );
}

/** Keyed hashes (HMAC-SHA256) for secrets we only ever compare, and a constant-time comparison. */
import { createHmac, timingSafeEqual } from 'node:crypto';

export function keyedHash(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The part of a secret that may be shown again (dashboards, CLI listings): enough to recognise it. */
export function visiblePrefix(secret: string, chars = 6): string {
  const dash = secret.indexOf('-');
  return dash > 0 && dash < 16 ? secret.slice(0, dash + 1 + chars) : secret.slice(0, chars);
}

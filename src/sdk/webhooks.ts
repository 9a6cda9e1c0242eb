/**
 * Webhook signatures, for both ends: Baobab signs with these functions, and a merchant's receiver
 * verifies with them (`import { verifyWebhook } from 'baobab-gateway/sdk/webhooks'`). Nothing here imports
 * the server.
 *
 * Three schemes travel on every delivery (docs/webhooks.md):
 * - v4 `flutterwave-signature`: base64 HMAC-SHA256 of the raw body, keyed with the endpoint's secret
 *   (or, in an endpoint's `plain` compatibility mode, the secret itself);
 * - v3 `verif-hash`: the merchant's secret hash, as is;
 * - on both, `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature` =
 *   `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<raw body>` with the same secret: the timestamp is
 *   signed, so a receiver that checks it against its clock rejects a replayed old delivery.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a `webhook-timestamp` may be from the receiver's clock, by default: five minutes. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

const hmac = (secret: string, message: string): string =>
  createHmac('sha256', secret).update(message, 'utf8').digest('base64');

/** Equal strings, compared in constant time (a mismatch's position leaks nothing). */
function same(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The v4 `flutterwave-signature` of a raw body: base64 HMAC-SHA256 keyed with the secret. */
export const flutterwaveSignature = (secret: string, rawBody: string): string => hmac(secret, rawBody);

/** The `webhook-signature` header: `v1,` + base64 HMAC-SHA256 of `<id>.<timestamp>.<raw body>`. */
export const timestampedSignature = (
  secret: string,
  id: string,
  timestamp: number,
  rawBody: string,
): string => `v1,${hmac(secret, `${id}.${String(timestamp)}.${rawBody}`)}`;

/** Checks a v4 `flutterwave-signature` header against the raw body (HMAC mode). */
export function verifyFlutterwaveSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
): boolean {
  return header !== undefined && same(header, flutterwaveSignature(secret, rawBody));
}

/** Checks a v3 `verif-hash` header (or a v4 endpoint in `plain` mode): the secret hash itself. */
export function verifySecretHash(header: string | undefined, secretHash: string): boolean {
  return header !== undefined && same(header, secretHash);
}

export interface TimestampedDelivery {
  /** The raw request body, exactly as received (before any JSON parsing). */
  readonly rawBody: string;
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  /** The `webhook-signature` header: one or more space-separated `v1,<base64>` values. */
  readonly signature: string | undefined;
}

export interface VerifyOptions {
  readonly toleranceSeconds?: number;
  /** The receiver's clock; `Date.now()` by default. */
  readonly now?: Date;
}

export type VerifyResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly reason: 'missing_headers' | 'bad_timestamp' | 'too_old' | 'too_new' | 'bad_signature';
    };

/**
 * Checks `webhook-id` / `webhook-timestamp` / `webhook-signature`: the signature must match and the
 * timestamp be within `toleranceSeconds` of the receiver's clock. A delivery captured and replayed
 * later fails with `too_old`, even though its signature is genuine.
 */
export function verifyTimestampedSignature(
  delivery: TimestampedDelivery,
  secret: string,
  options: VerifyOptions = {},
): VerifyResult {
  const { id, timestamp, signature, rawBody } = delivery;
  if (id === undefined || timestamp === undefined || signature === undefined) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (!/^\d{1,15}$/.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  const sentAt = Number(timestamp);
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (now - sentAt > tolerance) return { ok: false, reason: 'too_old' };
  if (sentAt - now > tolerance) return { ok: false, reason: 'too_new' };
  const expected = timestampedSignature(secret, id, sentAt, rawBody);
  const matches = signature.split(' ').some((candidate) => same(candidate, expected));
  return matches ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

/** Header names as Node's `IncomingMessage.headers` has them (lower case). */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

const header = (headers: WebhookHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? (value as readonly string[])[0] : (value as string | undefined);
};

/**
 * Verifies a delivery as a receiver gets it, by whichever schemes it carries: the timestamped
 * signature (always sent by Baobab: replays are rejected), and the dialect's own header
 * (`flutterwave-signature` as HMAC or plain secret, or `verif-hash`). `secret` is the v4 endpoint's
 * secret or the v3 secret hash.
 */
export function verifyWebhook(
  rawBody: string,
  headers: WebhookHeaders,
  secret: string,
  options: VerifyOptions = {},
): VerifyResult {
  const timestamped = verifyTimestampedSignature(
    {
      rawBody,
      id: header(headers, 'webhook-id'),
      timestamp: header(headers, 'webhook-timestamp'),
      signature: header(headers, 'webhook-signature'),
    },
    secret,
    options,
  );
  if (!timestamped.ok) return timestamped;
  const v4 = header(headers, 'flutterwave-signature');
  const v3 = header(headers, 'verif-hash');
  const dialectOk =
    v4 !== undefined
      ? verifyFlutterwaveSignature(rawBody, v4, secret) || verifySecretHash(v4, secret)
      : verifySecretHash(v3, secret);
  return dialectOk ? { ok: true } : { ok: false, reason: 'bad_signature' };
}

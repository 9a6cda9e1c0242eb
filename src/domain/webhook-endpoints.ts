/**
 * The rules for a merchant's webhook endpoints, shared by the v4 API, the CLI and the boot-time
 * configuration: what a receiver URL may be, what a secret may be, and how a stored secret is shown.
 */
import type { EventType } from './events.js';

export const WEBHOOK_URL_MAX_LENGTH = 2048;

/**
 * Why `url` cannot receive webhooks (a phrase to follow the field's name), or undefined when it can.
 * Private and loopback hosts are allowed on purpose: a sandbox's receivers usually run on the same
 * laptop or in the same CI network.
 */
export function webhookUrlProblem(url: string): string | undefined {
  if (url.length > WEBHOOK_URL_MAX_LENGTH) {
    return `must be at most ${String(WEBHOOK_URL_MAX_LENGTH)} characters long`;
  }
  // The authority is read from the text itself: URL parsing would forgive `http:host` and `http:///host`.
  const authority = /^https?:\/\/([^/?#]*)/i.exec(url)?.[1];
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
  if (!authority || /[\s\x00-\x1f\x7f]/.test(url) || !URL.canParse(url)) {
    return 'must be an absolute http or https URL';
  }
  if (authority.includes('@')) return 'must not carry a user name or password';
  if (url.includes('#')) return 'must not have a fragment (#…)';
  return undefined;
}

/** A v4 endpoint's secret: what the official schema allows, and safe to send as a header (`plain`). */
export const SECRET_MIN_LENGTH = 36;
export const SECRET_MAX_LENGTH = 72;
export const SECRET_PATTERN = '^[\\x21-\\x7e]+$';

/** The v3 secret hash (`verif-hash`), chosen by the merchant: printable ASCII, no spaces. */
export function secretHashProblem(text: string): string | undefined {
  return /^[\x21-\x7e]{8,128}$/.test(text)
    ? undefined
    : 'must be 8 to 128 printable ASCII characters, without spaces';
}

/**
 * How a stored secret is shown: its first and last four characters around eight asterisks (16
 * characters, within the 12–36 the official response schema wants). Enough to tell two secrets apart,
 * nothing to sign with. A secret too short to spare eight characters is shown as asterisks only.
 */
export function maskSecret(secret: string): string {
  return secret.length >= 32 ? `${secret.slice(0, 4)}${'*'.repeat(8)}${secret.slice(-4)}` : '*'.repeat(12);
}

/** v4: how deliveries are signed (domain/webhooks.ts `WebhookMode`). */
export const SIGNATURE_MODES = ['hmac', 'plain'] as const;
export type SignatureMode = (typeof SIGNATURE_MODES)[number];

/** v3: the body deliveries carry. */
export const V3_FORMATS = ['envelope', 'legacy'] as const;
export type V3Format = (typeof V3_FORMATS)[number];

export const isV3Format = (value: string): value is V3Format =>
  (V3_FORMATS as readonly string[]).includes(value);

export type EndpointStatus = 'enabled' | 'disabled';

/** A new v4 endpoint, as the merchant describes it. No `eventTypes`: every type, now and later. */
export interface EndpointDetails {
  readonly url: string;
  readonly secret: string;
  readonly eventTypes?: readonly EventType[];
  readonly status: EndpointStatus;
  readonly mode: SignatureMode;
  readonly description?: string;
  readonly meta: Readonly<Record<string, string>>;
}

/** A change to a v4 endpoint: the fields present replace the stored ones (`meta` as a whole). */
export type EndpointPatch = Partial<EndpointDetails>;

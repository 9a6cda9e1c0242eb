/**
 * A webhook message: an event rendered in an endpoint's dialect and signed for it, ready to POST.
 * The same for a delivery from the queue and for `baobab listen`'s stream, so a receiver cannot tell
 * them apart. The bodies are the dialects' business (api/webhook-bodies.ts), handed in as a port.
 */
import { unseal } from '../../crypto/sealed.js';
import type { Customer } from '../../domain/customer.js';
import type { DomainEvent } from '../../domain/events.js';
import type { WebhookDialect, WebhookMode } from '../../domain/webhooks.js';
import { flutterwaveSignature, timestampedSignature } from '../../sdk/webhooks.js';
import { findCustomer } from '../../store/customers.js';
import type { Deps } from '../deps.js';

export interface RenderInput {
  readonly event: DomainEvent;
  readonly dialect: WebhookDialect;
  readonly mode: WebhookMode;
  /** The merchant's numeric account id (v3 bodies carry it). */
  readonly accountId: number;
  /** The charge's customer, as it is now; absent if it is gone. */
  readonly customer: Customer | undefined;
}

/** Renders an event's body in a dialect: a JSON value. */
export type RenderWebhook = (input: RenderInput) => unknown;

export interface WebhookMessage {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface SigningInput {
  readonly eventId: string;
  readonly body: string;
  readonly dialect: WebhookDialect;
  readonly mode: WebhookMode;
  /** The v4 endpoint's secret, or the merchant's v3 secret hash. */
  readonly secret: string;
  readonly now: Date;
}

/** The headers of a message: the dialect's own signature, and the timestamped one on both. */
export function signedHeaders(s: SigningInput): Record<string, string> {
  const timestamp = Math.floor(s.now.getTime() / 1000);
  const dialectHeader: Record<string, string> =
    s.dialect === 'v3'
      ? { 'verif-hash': s.secret }
      : { 'flutterwave-signature': s.mode === 'plain' ? s.secret : flutterwaveSignature(s.secret, s.body) };
  return {
    'content-type': 'application/json',
    'user-agent': 'Baobab-Webhooks/1',
    ...dialectHeader,
    'webhook-id': s.eventId,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': timestampedSignature(s.secret, s.eventId, timestamp, s.body),
  };
}

/** The customer an event is about, read now (events snapshot the charge, not the customer). */
export async function customerOf(deps: Pick<Deps, 'db'>, event: DomainEvent): Promise<Customer | undefined> {
  if (!('charge' in event.data)) return undefined;
  const charge = event.data.charge;
  return findCustomer(deps.db, event.merchantId, charge.customerId);
}

/** A merchant's v3 secret hash, in clear: it signs v3 messages (and `baobab listen`'s). */
export const secretHashOf = (deps: Pick<Deps, 'keys'>, sealed: string): string =>
  unseal(deps.keys.sealKey, sealed);

export async function buildMessage(
  deps: Pick<Deps, 'db'>,
  render: RenderWebhook,
  input: Omit<RenderInput, 'customer'> & Omit<SigningInput, 'eventId' | 'body' | 'dialect' | 'mode'>,
): Promise<WebhookMessage> {
  const customer = await customerOf(deps, input.event);
  const body = JSON.stringify(render({ ...input, customer }));
  return {
    body,
    headers: signedHeaders({ ...input, eventId: input.event.id, body }),
  };
}

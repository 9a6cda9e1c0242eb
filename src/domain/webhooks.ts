/**
 * Webhooks: where a merchant's events go (endpoints), each event on its way to one endpoint (a
 * delivery), and each try (an attempt). Delivery is at least once: a receiver may see an event twice
 * and must deduplicate by `webhook-id` (the event's id).
 */
import type { EventType } from './events.js';

/** Every event type a merchant can subscribe to. */
export const EVENT_TYPES: readonly EventType[] = [
  'charge.completed',
  'refund.completed',
  'transfer.disburse',
  'transfer.reversal',
  'order.authorization',
  'chargeback.created',
  'chargeback.updated',
];

export const isEventType = (value: string): value is EventType =>
  (EVENT_TYPES as readonly string[]).includes(value);

/**
 * v4 endpoints are the merchant's `/profile/webhook-endpoints`; the v3 endpoint is the dashboard's
 * single URL. The dialect decides the body and the headers.
 */
export type WebhookDialect = 'v4' | 'v3';

/**
 * v4: `hmac` sends base64 HMAC-SHA256(secret, body) as `flutterwave-signature`; `plain` sends the
 * secret itself, as Flutterwave's own samples compare it. v3: `envelope` is `{event, data,
 * "event.type"}`; `legacy` is the flat camelCase body older accounts get.
 */
export type WebhookMode = 'hmac' | 'plain' | 'envelope' | 'legacy';

export interface WebhookEndpoint {
  readonly id: string;
  readonly merchantId: string;
  readonly dialect: WebhookDialect;
  readonly url: string;
  /** Every type when absent. */
  readonly eventTypes?: readonly EventType[];
  readonly status: 'enabled' | 'disabled';
  readonly mode: WebhookMode;
  readonly description?: string;
  readonly meta: Readonly<Record<string, string>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  readonly id: string;
  readonly eventId: string;
  readonly endpointId: string;
  readonly cause: 'event' | 'resend';
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt?: Date;
  readonly lastStatusCode?: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface WebhookAttempt {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly startedAt: Date;
  /** Absent while in flight, or when the node sending it died. */
  readonly finishedAt?: Date;
  readonly durationMs?: number;
  readonly statusCode?: number;
  readonly responseExcerpt?: string;
  readonly error?: string;
  /** The sandbox faults injected into this attempt (domain/webhook-faults.ts), in their words. */
  readonly injected?: string;
}

/**
 * Delays between attempts, in milliseconds: after attempt n fails, attempt n + 1 is due `delays[n-1]`
 * later; after the last, the delivery has failed. So `delays.length + 1` attempts in all.
 */
export type RetrySchedule = readonly number[];

/** Spec v4 §10's proposal, after Svix's: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h. */
export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = [5, 300, 1800, 7200, 18_000, 36_000, 36_000].map(
  (s) => s * 1000,
);

/** Each delay is varied by up to this fraction either way, so retries of many deliveries spread out. */
export const RETRY_JITTER = 0.1;

/**
 * `BAOBAB_WEBHOOK_RETRY_SCHEDULE`: delays in seconds, comma-separated, fractions allowed
 * (`"0.2,0.5,1"`); an empty list means one attempt and no retry. A string naming the problem when
 * the text is not such a list.
 */
export function parseRetrySchedule(text: string): RetrySchedule | string {
  const parts = text.trim() === '' ? [] : text.split(',').map((p) => p.trim());
  const delays: number[] = [];
  for (const part of parts) {
    const seconds = /^\d+(\.\d+)?$/.test(part) ? Number(part) : NaN;
    if (!Number.isFinite(seconds) || seconds > 7 * 86_400) {
      return `"${part}" is not a delay in seconds from 0 to 604800`;
    }
    delays.push(Math.round(seconds * 1000));
  }
  if (delays.length > 50) return 'at most 50 retries';
  return delays;
}

/**
 * When the attempt after `attempt` is due, or undefined when `attempt` was the last. `random` is in
 * [0, 1): it places the delay within ±RETRY_JITTER of the schedule's.
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  attempt: number,
  now: Date,
  random: number,
): Date | undefined {
  const delay = schedule[attempt - 1];
  if (delay === undefined) return undefined;
  const jittered = delay * (1 + RETRY_JITTER * (2 * random - 1));
  return new Date(now.getTime() + Math.round(jittered));
}

/** Whether a receiver's answer acknowledges the delivery: any 2xx. Redirects are not followed. */
export const acknowledged = (statusCode: number): boolean => statusCode >= 200 && statusCode < 300;

/** Whether an endpoint wants an event of this type. */
export const subscribes = (endpoint: Pick<WebhookEndpoint, 'eventTypes'>, type: EventType): boolean =>
  endpoint.eventTypes === undefined || endpoint.eventTypes.includes(type);

/**
 * Following a merchant's events as they are written, for the live event stream behind `baobab
 * listen`: each event rendered and signed exactly as a webhook delivery would be (webhook-messages.ts),
 * with the merchant's webhook secret hash whatever the format, so a listener checks every message with
 * one secret.
 *
 * The feed polls the events table, so it sees events written on any node. `seq` orders events but
 * is drawn before its transaction commits: an event can become visible after one with a greater
 * `seq`. So the feed does not stop at the greatest `seq` it sent; it looks back over the events
 * created in the last LOOK_BACK_MS before the newest one it sent, leaving out those it already sent.
 */
import { appError } from '../../domain/errors.js';
import type { EventType } from '../../domain/events.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { WebhookDialect, WebhookMode } from '../../domain/webhooks.js';
import { eventCreatedAt, eventSeqsSince, eventsAfter } from '../../store/event-feed.js';
import { eventFromRow } from '../../store/events.js';
import { findMerchantSecrets } from '../../store/merchants.js';
import type { Deps } from '../deps.js';
import { buildMessage, secretHashOf, type RenderWebhook } from './webhook-messages.js';

export const STREAM_FORMATS = ['v4', 'v3', 'v3-legacy'] as const;
export type StreamFormat = (typeof STREAM_FORMATS)[number];

const SHAPES: Readonly<Record<StreamFormat, { dialect: WebhookDialect; mode: WebhookMode }>> = {
  v4: { dialect: 'v4', mode: 'hmac' },
  v3: { dialect: 'v3', mode: 'envelope' },
  'v3-legacy': { dialect: 'v3', mode: 'legacy' },
};

/** Longer than a write transaction can take between drawing its `seq` and committing, plus clock skew. */
export const LOOK_BACK_MS = 10_000;
/** Events sent per poll at most. */
export const FEED_BATCH = 100;

export interface StreamedEvent {
  /** The event's `seq`: what a client sends back as `Last-Event-ID` to resume after it. */
  readonly seq: string;
  readonly id: string;
  readonly type: EventType;
  /** The body and headers a delivery would POST. */
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface EventFeed {
  /** The merchant's webhook secret hash: every message is signed with it. */
  readonly signingSecret: string;
  /** The merchant's events written since the last call, oldest first, at most FEED_BATCH. */
  next(): Promise<StreamedEvent[]>;
}

export interface FeedOptions {
  readonly merchantId: string;
  readonly format: StreamFormat;
  /** Resume after this event (`Last-Event-ID`); otherwise start with events written from now on. */
  readonly afterSeq?: string;
}

export async function followEvents(
  deps: Pick<Deps, 'db' | 'clock' | 'keys'>,
  render: RenderWebhook,
  options: FeedOptions,
): Promise<Result<EventFeed>> {
  const { db, clock } = deps;
  const { merchantId } = options;
  const merchant = await findMerchantSecrets(db, merchantId);
  if (!merchant) return err(appError('UNAUTHORIZED', 'Unauthorized: the merchant no longer exists'));
  const signingSecret = secretHashOf(deps, merchant.webhookSecretHashSealed);
  const shape = SHAPES[options.format];

  // Events already sent (or there before the stream opened) and still within the look-back window.
  const seen = new Map<string, Date>();
  let afterSeq = '0';
  let since = new Date(clock.now().getTime() - LOOK_BACK_MS);
  if (options.afterSeq === undefined) {
    for (const e of await eventSeqsSince(db, merchantId, since)) seen.set(e.seq, e.createdAt);
  } else {
    afterSeq = options.afterSeq;
    const resumedAt = await eventCreatedAt(db, merchantId, afterSeq);
    if (resumedAt) since = new Date(resumedAt.getTime() - LOOK_BACK_MS);
  }

  const next = async (): Promise<StreamedEvent[]> => {
    const rows = await eventsAfter(db, {
      merchantId,
      afterSeq,
      since,
      exclude: [...seen.keys()],
      limit: FEED_BATCH,
    });
    const out: StreamedEvent[] = [];
    for (const row of rows) {
      const message = await buildMessage(deps, render, {
        event: eventFromRow(row),
        ...shape,
        accountId: merchant.accountId,
        secret: signingSecret,
        now: clock.now(),
      });
      out.push({ seq: row.seq, id: row.id, type: row.type, ...message });
      seen.set(row.seq, row.createdAt);
      const horizon = row.createdAt.getTime() - LOOK_BACK_MS;
      if (horizon > since.getTime()) since = new Date(horizon);
    }
    for (const [seq, createdAt] of seen) if (createdAt < since) seen.delete(seq);
    return out;
  };
  return ok({ signingSecret, next });
}

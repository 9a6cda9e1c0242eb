/**
 * One webhook attempt, as a job: begin the attempt (a guarded write, so a job that runs twice sends
 * once), POST the signed message with a timeout, then record the outcome with the delivery's new
 * state and, if it is to be retried, the next attempt's job — one statement, guarded too. The worker
 * renews the job's lease while the POST waits. A node that dies midway leaves the attempt open; its
 * lease runs out (BAOBAB_JOB_LEASE_MS after its last renewal), another node claims it, closes that
 * attempt as interrupted and sends again: at least once. A run that stalled past its lease and lost
 * the job records nothing over the new owner's attempt.
 */
import { performance } from 'node:perf_hooks';
import { acknowledged, nextAttemptAt, type DeliveryStatus, type RetrySchedule } from '../domain/webhooks.js';
import type { Deps } from '../flows/deps.js';
import { buildMessage, secretHashOf, type RenderWebhook } from '../flows/webhooks/webhook-messages.js';
import { deliverJob, type DeliverPayload } from '../flows/webhooks/webhook-relay.js';
import { unseal } from '../crypto/sealed.js';
import { eventFromRow } from '../store/events.js';
import { post, type Answer } from './webhook-post.js';
import { sendWithFaults, wrongSecret } from './webhook-inject.js';
import { formatFaults, readFaults } from '../domain/webhook-faults.js';
import { beginAttemptWithContext } from '../store/jobs-delivery.js';
import { failDelivery, recordOutcome } from '../store/webhook-attempts.js';
import type { JobHandler } from './worker.js';

export { post };

export interface DeliverySettings {
  readonly render: RenderWebhook;
  readonly schedule: RetrySchedule;
  /** How long a receiver has to answer. */
  readonly timeoutMs: number;
  /** [0, 1): where each retry falls within the schedule's jitter. */
  readonly random?: () => number;
}

export const reasonOf = (error: unknown, timeoutMs: number): string => {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `timed out after ${String(timeoutMs)} ms`;
  }
  const cause =
    error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  const detail = cause?.message ?? (error instanceof Error ? error.message : String(error));
  return `request failed: ${detail}`;
};

function payloadOf(value: unknown): DeliverPayload | undefined {
  const p = value as Partial<DeliverPayload> | null;
  return typeof p?.deliveryId === 'string' && typeof p.attempt === 'number' && Number.isInteger(p.attempt)
    ? { deliveryId: p.deliveryId, attempt: p.attempt }
    : undefined;
}

/** A delivery whose job was given up ends `failed` rather than `pending` for ever. */
export async function deliveryJobDied(deps: Deps, value: unknown, reason: string): Promise<void> {
  const payload = payloadOf(value);
  if (payload) await failDelivery(deps.db, payload.deliveryId, deps.clock.now(), `given up: ${reason}`);
}

export function webhookDeliveryHandler(settings: DeliverySettings): JobHandler {
  const random = settings.random ?? Math.random;
  return async (deps: Deps, value: unknown): Promise<void> => {
    const payload = payloadOf(value);
    if (!payload) throw new Error('webhook.deliver job without a valid payload');
    const { db, clock } = deps;
    // What the attempt needs and its beginning, in one round trip.
    const begun = await beginAttemptWithContext(
      db,
      payload.deliveryId,
      payload.attempt,
      clock.now(),
      'interrupted: the node sending it stopped before an answer',
    );
    if (begun?.attempt === undefined) return;
    const { context, attempt } = begun;

    const { endpoint, event: row } = context;
    // Sandbox faults act on a delivery's first attempt only; its retries are sent as usual.
    const faults = attempt === 1 ? readFaults(context.faults) : {};
    const injected = formatFaults(faults);
    let answer: Answer;
    let final = !endpoint.live;
    const started = performance.now();
    if (!endpoint.live) {
      answer = { error: 'the endpoint was disabled or deleted' };
    } else {
      const event = eventFromRow(row);
      const secret =
        endpoint.dialect === 'v4' && endpoint.secretSealed !== null
          ? unseal(deps.keys.sealKey, endpoint.secretSealed)
          : secretHashOf(deps, context.merchant.webhookSecretHashSealed);
      const message = () =>
        buildMessage(deps, settings.render, {
          event,
          dialect: endpoint.dialect,
          mode: endpoint.mode,
          accountId: context.merchant.accountId,
          secret: faults.badSignature ? wrongSecret(secret) : secret,
          now: clock.now(),
        });
      if (injected === undefined) {
        answer = await post(endpoint.url, await message(), settings.timeoutMs);
      } else {
        ({ answer, final } = await sendWithFaults(endpoint.url, faults, message, settings.timeoutMs));
      }
    }
    const finishedAt = clock.now();
    const ok = answer.statusCode !== undefined && acknowledged(answer.statusCode);
    const next = ok || final ? undefined : nextAttemptAt(settings.schedule, attempt, finishedAt, random());
    const status: DeliveryStatus = ok ? 'delivered' : next ? 'pending' : 'failed';
    // Recorded only if this attempt is still the delivery's open one: when this run lost its job to
    // another node (its lease ran out), the new owner's attempt stands and this outcome is dropped.
    await recordOutcome(
      db,
      {
        deliveryId: payload.deliveryId,
        attempt,
        finishedAt,
        durationMs: Math.round(performance.now() - started),
        ...(answer.statusCode !== undefined && { statusCode: answer.statusCode }),
        ...(answer.excerpt !== undefined && { responseExcerpt: answer.excerpt }),
        ...(answer.error !== undefined
          ? { error: answer.error }
          : !ok && { error: `the receiver answered ${String(answer.statusCode)}, not 2xx` }),
        status,
        ...(next && { nextAttemptAt: next }),
        ...(injected !== undefined && { injected }),
      },
      next && deliverJob(payload.deliveryId, attempt + 1, next, finishedAt, row.merchantId),
    );
  };
}

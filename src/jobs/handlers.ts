/**
 * The job kinds this release can run: a kind registers its handler here, and the worker looks each
 * claimed job up in this table. A job whose kind is missing is dead-lettered, so a kind must stay
 * registered for as long as jobs of it may still be in a store.
 */
import { AUTO_COMPLETE_JOB, autoComplete } from '../flows/charges/auto-complete.js';
import { BULK_CHARGE_JOB, chargeBulk } from '../flows/charges/bulk-tokenized.js';
import { DELIVER_JOB } from '../flows/webhooks/webhook-relay.js';
import type { Deps } from '../flows/deps.js';
import { TRANSFER_TIMER_JOB, transferTimer } from '../flows/payouts/transfers.js';
import { BULK_ITEM_JOB, bulkItem } from '../flows/payouts/bulk.js';
import { completePendingRefund, REFUND_TIMER_JOB } from '../flows/charges/refund-outcomes.js';
import { runSettlements, SETTLEMENT_JOB } from '../flows/settlements/settlements.js';
import type { Job } from '../store/jobs.js';
import { deliveryJobDied, webhookDeliveryHandler, type DeliverySettings } from './webhook-delivery.js';
import { WORKER_DEFAULTS, type JobHandler } from './worker.js';

export interface JobSettings {
  readonly webhooks: DeliverySettings;
}

export function jobHandlers(settings: JobSettings): Readonly<Record<string, JobHandler>> {
  return {
    [AUTO_COMPLETE_JOB]: autoComplete,
    [BULK_CHARGE_JOB]: chargeBulk,
    [DELIVER_JOB]: webhookDeliveryHandler(settings.webhooks),
    [TRANSFER_TIMER_JOB]: transferTimer,
    [BULK_ITEM_JOB]: bulkItem,
    [REFUND_TIMER_JOB]: completePendingRefund,
    [SETTLEMENT_JOB]: runSettlements,
  };
}

/** What a job kind does when one of its jobs is given up (`WorkerOptions.onDead`). */
export async function onDeadJob(deps: Deps, job: Job, reason: string): Promise<void> {
  if (job.kind === DELIVER_JOB) await deliveryJobDied(deps, job.payload, reason);
}

/**
 * Webhook deliveries may each wait out a receiver's whole timeout: they never take the last slots of
 * a worker, so timers (a sandbox payment completing itself) run however slow the receivers are.
 */
export const KIND_LIMITS: Readonly<Record<string, number>> = { [DELIVER_JOB]: WORKER_DEFAULTS.batch - 4 };

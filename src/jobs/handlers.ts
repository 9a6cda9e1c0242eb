/**
 * The job kinds this release can run: a kind registers its handler here, and the worker looks each
 * claimed job up in this table. A job whose kind is missing is dead-lettered, so a kind must stay
 * registered for as long as jobs of it may still be in a store.
 */
import { AUTO_COMPLETE_JOB, autoComplete } from '../flows/auto-complete.js';
import { DELIVER_JOB } from '../flows/webhook-relay.js';
import { webhookDeliveryHandler, type DeliverySettings } from './webhook-delivery.js';
import type { JobHandler } from './worker.js';

export interface JobSettings {
  readonly webhooks: DeliverySettings;
}

export function jobHandlers(settings: JobSettings): Readonly<Record<string, JobHandler>> {
  return {
    [AUTO_COMPLETE_JOB]: autoComplete,
    [DELIVER_JOB]: webhookDeliveryHandler(settings.webhooks),
  };
}

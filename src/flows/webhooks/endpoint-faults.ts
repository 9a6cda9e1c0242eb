/**
 * An endpoint's sandbox webhook faults (docs/sandbox.md "Webhook faults"): read and replaced through
 * `/sandbox/webhook-endpoints/{id}/faults` (v4) and `/v3/sandbox/webhook/faults` (the merchant's v3
 * endpoint). They apply to deliveries fanned out after the change; a delivery already made keeps the
 * faults it was given.
 */
import { appError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import { formatFaults, readFaults, type WebhookFaults } from '../../domain/webhook-faults.js';
import { findEndpointFaults, setEndpointFaults, type EndpointTarget } from '../../store/webhook-faults.js';
import type { Deps } from '../deps.js';

export interface EndpointFaultSetting {
  readonly endpointId: string;
  readonly faults: WebhookFaults;
}

const notFound = (target: EndpointTarget) =>
  appError(
    'WEBHOOK_ENDPOINT_NOT_FOUND',
    target.id === undefined
      ? 'This merchant has no v3 webhook endpoint'
      : `Webhook endpoint ${target.id} was not found`,
  );

export async function endpointFaults(
  deps: Pick<Deps, 'db'>,
  merchantId: string,
  target: EndpointTarget,
): Promise<Result<EndpointFaultSetting>> {
  const found = await findEndpointFaults(deps.db, merchantId, target);
  return found
    ? ok({ endpointId: found.endpointId, faults: readFaults(found.faults) })
    : err(notFound(target));
}

/** Replaces the endpoint's faults; an empty set clears them. */
export async function replaceEndpointFaults(
  deps: Pick<Deps, 'db' | 'clock'>,
  merchantId: string,
  target: EndpointTarget,
  faults: WebhookFaults,
): Promise<Result<EndpointFaultSetting>> {
  const set = await setEndpointFaults(
    deps.db,
    merchantId,
    target,
    formatFaults(faults) ?? null,
    deps.clock.now(),
  );
  return set ? ok({ endpointId: set.endpointId, faults: readFaults(set.faults) }) : err(notFound(target));
}

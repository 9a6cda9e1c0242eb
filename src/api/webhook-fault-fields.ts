/**
 * The body and view of an endpoint's sandbox webhook faults, the same in both dialects
 * (docs/sandbox.md "Webhook faults"): each fault a field, left out or false for none. PUT replaces
 * the whole setting, so `{}` clears it.
 */
import { Type, type Static } from 'typebox';
import { MAX_DELAY_SECONDS, type WebhookFaults } from '../domain/webhook-faults.js';

const Flag = (description: string) => Type.Optional(Type.Boolean({ description }));

export const FaultFields = Type.Object(
  {
    drop: Flag('The first attempt sends nothing; the delivery fails without a retry'),
    duplicate: Flag('The first attempt POSTs the same message (same webhook-id) twice'),
    delay_seconds: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_DELAY_SECONDS,
        description: 'The first attempt is due this many seconds after the event',
        'x-message': `must be a whole number of seconds from 1 to ${String(MAX_DELAY_SECONDS)}`,
      }),
    ),
    out_of_order: Flag('The event waits until a later event of its charge was sent (or 300 s)'),
    bad_signature: Flag('The first attempt is signed with a wrong secret'),
    slow: Flag('The first attempt is sent but counted as a timeout, and retried'),
  },
  { additionalProperties: false },
);
export type FaultFields = Static<typeof FaultFields>;

export const FaultsView = Type.Object({
  endpoint_id: Type.String(),
  drop: Type.Boolean(),
  duplicate: Type.Boolean(),
  delay_seconds: Type.Optional(Type.Integer()),
  out_of_order: Type.Boolean(),
  bad_signature: Type.Boolean(),
  slow: Type.Boolean(),
});
export type FaultsView = Static<typeof FaultsView>;

export const faultsOfFields = (b: FaultFields): WebhookFaults => ({
  ...(b.drop === true && { drop: true }),
  ...(b.duplicate === true && { duplicate: true }),
  ...(b.delay_seconds !== undefined && { delaySeconds: b.delay_seconds }),
  ...(b.out_of_order === true && { outOfOrder: true }),
  ...(b.bad_signature === true && { badSignature: true }),
  ...(b.slow === true && { slow: true }),
});

export const faultsView = (endpointId: string, f: WebhookFaults): FaultsView => ({
  endpoint_id: endpointId,
  drop: f.drop === true,
  duplicate: f.duplicate === true,
  ...(f.delaySeconds !== undefined && { delay_seconds: f.delaySeconds }),
  out_of_order: f.outOfOrder === true,
  bad_signature: f.badSignature === true,
  slow: f.slow === true,
});

/**
 * The sandbox clock on the wire, the same in both dialects (docs/sandbox.md "Time"): the clock as
 * `{now, frozen, offset_seconds}`, the advance's body `{seconds}` or `{to}`, and what an advance fired.
 */
import { Type, type Static } from 'typebox';
import type { Advanced, ClockView, Fired } from '../../flows/sandbox/clocks.js';

export const ClockBody = Type.Object({
  now: Type.String({ format: 'date-time', description: "The merchant's time" }),
  frozen: Type.Boolean(),
  offset_seconds: Type.Number({ description: "The merchant's time minus real time, in seconds" }),
});

export const AdvanceBody = Type.Object(
  {
    seconds: Type.Optional(Type.Number({ description: 'How far to move the clock (0 or more)' })),
    to: Type.Optional(Type.String({ description: 'The ISO 8601 instant to move the clock to' })),
  },
  { additionalProperties: false },
);
export type AdvanceBody = Static<typeof AdvanceBody>;

export const FiredBody = Type.Object({
  kind: Type.String({ description: 'The timer: charge.auto_complete, webhook.deliver…' }),
  id: Type.String({ description: 'What it acted on: the charge, the webhook delivery…' }),
  due_at: Type.String({ format: 'date-time' }),
  outcome: Type.Union([Type.Literal('done'), Type.Literal('failed'), Type.Literal('dead')]),
});

export const AdvancedBody = Type.Object({ ...ClockBody.properties, fired: Type.Array(FiredBody) });

export const clockView = (c: ClockView): Static<typeof ClockBody> => ({
  now: c.now.toISOString(),
  frozen: c.frozen,
  offset_seconds: c.offsetMs / 1000,
});

const firedView = (f: Fired): Static<typeof FiredBody> => ({
  kind: f.kind,
  id: f.id,
  due_at: f.dueAt.toISOString(),
  outcome: f.outcome,
});

export const advancedView = (a: Advanced): Static<typeof AdvancedBody> => ({
  ...clockView(a.clock),
  fired: a.fired.map(firedView),
});

/**
 * The sandbox fault profile on the wire, the same in both dialects (docs/sandbox.md "Faults"):
 * `{seed, rates: {error_500: 0.1, …}, latency_ms?}`; read back with `requests`, how many of the
 * merchant's requests have been drawn against it since it was set.
 */
import { Type, type Static } from 'typebox';
import {
  DEFAULT_PROFILE_LATENCY_MS,
  FAULT_KINDS,
  MAX_LATENCY_MS,
  ratesProblem,
  type FaultProfile,
} from '../../domain/faults.js';
import { invalid } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';

const Rate = Type.Number({ minimum: 0, maximum: 1 });

export const FaultRates = Type.Object(
  Object.fromEntries(FAULT_KINDS.map((kind) => [kind, Type.Optional(Rate)])) as Record<
    (typeof FAULT_KINDS)[number],
    Type.TOptional<typeof Rate>
  >,
  { additionalProperties: false },
);

export const FaultProfileBody = Type.Object(
  {
    seed: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }),
    rates: FaultRates,
    latency_ms: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_LATENCY_MS })),
  },
  { additionalProperties: false },
);
export type FaultProfileBody = Static<typeof FaultProfileBody>;

export const FaultProfileView = Type.Object({
  seed: Type.Integer(),
  rates: FaultRates,
  latency_ms: Type.Integer(),
  requests: Type.Integer(),
});

export function profileOfBody(body: FaultProfileBody): Result<FaultProfile> {
  const problem = ratesProblem(body.rates);
  if (problem !== undefined) return err(invalid([{ field: 'rates', message: problem }]));
  return ok({ seed: body.seed, rates: body.rates, latencyMs: body.latency_ms ?? DEFAULT_PROFILE_LATENCY_MS });
}

export const profileView = (profile: FaultProfile, requests: number): Static<typeof FaultProfileView> => ({
  seed: profile.seed,
  rates: profile.rates,
  latency_ms: profile.latencyMs,
  requests,
});

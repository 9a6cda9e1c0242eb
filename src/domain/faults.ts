/**
 * Request faults (docs/sandbox.md "Faults"): what the HTTP edge can do to a request instead of, or
 * besides, answering it normally. A fault is named per request by an `X-Scenario-Key` part
 * (`fault:error_503`, `fault:latency=1500`) or drawn per merchant from a seeded fault profile. Pure:
 * the edge applies them; flows and rails never see them, so a fault never corrupts state.
 */

/** Every fault kind, in the fixed order a profile's draw walks them. */
export const FAULT_KINDS = [
  'error_500',
  'error_502',
  'error_503',
  'timeout_after_commit',
  'connection_reset',
  'latency',
  'rate_limited',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The longest `fault:latency=<ms>` (and a profile's `latency_ms`). */
export const MAX_LATENCY_MS = 30_000;
/** A profile's `latency` delay when it names none. */
export const DEFAULT_PROFILE_LATENCY_MS = 1_000;

export type Fault =
  { readonly kind: Exclude<FaultKind, 'latency'> } | { readonly kind: 'latency'; readonly ms: number };

/** A merchant's fault profile: the chance of each kind per request, and the seed of the draw. */
export interface FaultProfile {
  readonly seed: number;
  readonly rates: Readonly<Partial<Record<FaultKind, number>>>;
  readonly latencyMs: number;
}

const FAULT_PART = /^fault\s*:\s*(.*)$/i;

/** Whether an `X-Scenario-Key` part is a fault part (the scenario parser leaves these to the edge). */
export const isFaultPart = (part: string): boolean => FAULT_PART.test(part.trim());

/**
 * The fault an `X-Scenario-Key` names: undefined when it names none, else the fault, or a message
 * saying what is wrong with its fault part (an unknown kind, a latency out of range, two fault parts).
 */
export function faultOfKey(header: string | undefined): Fault | string | undefined {
  if (header === undefined) return undefined;
  const parts = header
    .split('&')
    .map((p) => FAULT_PART.exec(p.trim()))
    .filter((m) => m !== null);
  if (parts.length === 0) return undefined;
  if (parts.length > 1) return 'X-Scenario-Key may name at most one fault';
  const value = (parts[0]?.[1] ?? '').trim().toLowerCase();
  const latency = /^latency\s*=\s*(\d{1,6})$/.exec(value);
  if (latency) {
    const ms = Number(latency[1]);
    if (ms > MAX_LATENCY_MS) {
      return `X-Scenario-Key fault:latency must be from 0 to ${MAX_LATENCY_MS} ms`;
    }
    return { kind: 'latency', ms };
  }
  if (value === 'latency' || value.startsWith('latency')) {
    return `X-Scenario-Key fault:latency must be fault:latency=<ms>, from 0 to ${MAX_LATENCY_MS}`;
  }
  const kind = FAULT_KINDS.find((k) => k === value);
  if (kind === undefined || kind === 'latency') {
    return `X-Scenario-Key names an unknown fault "${value}"; known: ${FAULT_KINDS.filter((k) => k !== 'latency').join(', ')}, latency=<ms>`;
  }
  return { kind };
}

/** What is wrong with a profile's rates, or undefined: each from 0 to 1, and at most 1 in all. */
export function ratesProblem(rates: Readonly<Partial<Record<FaultKind, number>>>): string | undefined {
  let sum = 0;
  for (const kind of FAULT_KINDS) sum += rates[kind] ?? 0;
  return sum > 1 + 1e-9 ? `rates must add up to at most 1 (they add up to ${sum})` : undefined;
}

/**
 * A number in [0, 1) fixed by (seed, n): splitmix32 over the pair, so the n-th request under a seed
 * meets the same fault on every run, on every node.
 */
export function unitDraw(seed: number, n: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(n >>> 0, 0x85ebca6b) ^ (n / 2 ** 32)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x21f0aaad) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x735a2d97) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0;
  return h / 2 ** 32;
}

/** The fault the n-th request (from 1) under `profile` meets, or undefined for a normal answer. */
export function drawFault(profile: FaultProfile, n: number): Fault | undefined {
  const u = unitDraw(profile.seed, n);
  let edge = 0;
  for (const kind of FAULT_KINDS) {
    edge += profile.rates[kind] ?? 0;
    if (u < edge) return kind === 'latency' ? { kind, ms: profile.latencyMs } : { kind };
  }
  return undefined;
}

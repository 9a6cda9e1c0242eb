/**
 * The rail contract. A rail is a simulated payment network as a pure state machine: given what it
 * remembered (`state`), an input and the charge's scenario, it decides the next step. No I/O, no
 * clock, no randomness, and no knowledge of either API dialect: the v4 and v3 dialects and hosted
 * checkout all drive the same rails. Every rail passes the shared suite in test/rails/contract.ts.
 */
import type {
  Authorization,
  ChargeStatus,
  NextAction,
  ProcessorResponse,
  Scenario,
} from '../domain/charge.js';
import type { Result } from '../domain/result.js';

export interface RailContext {
  readonly scenario: Scenario;
  /** A merchant-initiated repeat charge of a saved method: no customer step, final at once. */
  readonly recurring: boolean;
  /** Hold the funds when the issuer approves (`requires_capture`) instead of taking them. */
  readonly preauthorize?: boolean;
}

export interface Decision<S> {
  /** What the rail remembers for the next step; JSON-serialisable. */
  readonly state: S;
  readonly status: ChargeStatus;
  /** Set exactly when `status` is `pending`. */
  readonly nextAction?: NextAction;
  /** Set exactly when `status` is final. */
  readonly processorResponse?: ProcessorResponse;
  /** One line for the charge's timeline, e.g. "PIN accepted; OTP sent". */
  readonly note: string;
}

/** Why a rail will not take an input: it is waiting for something else, or for nothing. */
export interface Refusal {
  readonly reason: 'unexpected_input' | 'not_awaiting_input';
  /** What the charge is waiting for, when it is waiting. */
  readonly awaiting?: NextAction['type'];
}

export interface Rail<S> {
  readonly name: string;
  /** The `scenario:` values this rail understands; anything else leaves the charge pending (requery). */
  readonly flows: readonly string[];
  start(ctx: RailContext): Decision<S>;
  advance(state: S, input: Authorization, ctx: RailContext): Result<Decision<S>, Refusal>;
}

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
import type { PaymentMethodDetails } from '../domain/payment-method.js';
import type { Result } from '../domain/result.js';

/** Values a flow draws for a charge before its rail starts: rails draw no randomness and read no clock. */
export interface Instrument {
  /** Digits the customer quotes: a USSD payment code, a Fawry reference number. */
  readonly code?: string;
  /** The account a bank transfer must reach before `expiresAt` (ISO 8601). */
  readonly account?: { readonly number: string; readonly bankName: string; readonly expiresAt: string };
  /** The text a QR code carries. */
  readonly qrPayload?: string;
  /** What a voucher holds, in minor units of the charge's currency; absent when its PIN is unknown. */
  readonly voucherBalance?: number;
}

export interface RailContext {
  readonly scenario: Scenario;
  /** A merchant-initiated repeat charge of a saved method: no customer step, final at once. */
  readonly recurring: boolean;
  /** Hold the funds when the issuer approves (`requires_capture`) instead of taking them. */
  readonly preauthorize?: boolean;
  /** What the charge is paid with: rails word their instructions from it (network, bank, phone). */
  readonly method?: PaymentMethodDetails;
  /** The charge's amount (minor units) and currency: what a transfer must cover, a voucher hold. */
  readonly amount?: number;
  readonly currency?: string;
  /** The flow when the scenario names none: the payment method's own (v3 Ghana mobile money redirects). */
  readonly defaultFlow?: string;
  readonly instrument?: Instrument;
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
  /**
   * The charge waits for the customer to act away from the merchant (a phone prompt, a USSD code, a
   * transfer): if nobody acts within the sandbox's wait, a `timeout` input completes it. Only when pending.
   */
  readonly autoComplete?: boolean;
}

/** Why a rail will not take an input: it is waiting for something else, or for nothing. */
export interface Refusal {
  readonly reason: 'unexpected_input' | 'not_awaiting_input';
  /** What the charge is waiting for, when it is waiting. */
  readonly awaiting?: NextAction['type'];
}

export interface Rail<S> {
  readonly name: string;
  /**
   * The `scenario:` values this rail understands (rails/scenarios.ts). A value only other rails
   * understand does not apply: the rail ignores it and follows `defaultFlow` (or the payment method's,
   * `ctx.defaultFlow`), and the `issuer:` part still decides. Only `scenario:requery`, a value no rail
   * understands, an unknown issuer or an unreadable key leave the charge pending (requery) for good.
   */
  readonly flows: readonly string[];
  /** The flow when the scenario names none, or names one that does not apply. */
  readonly defaultFlow: string;
  start(ctx: RailContext): Decision<S>;
  advance(state: S, input: Authorization, ctx: RailContext): Result<Decision<S>, Refusal>;
}

/**
 * The payout rail: a transfer's network as a pure state machine, like the charge rails
 * (contract.ts): no I/O, no clock, no randomness, no dialect. It reads the scenario bound to the
 * transfer (`X-Scenario-Key: scenario:<key>`, every key the real sandbox documents) or, for v3, the
 * test account it is sent to, and decides:
 * - `reject`: a request the API refuses outright (no transfer is made): bad amount, reference,
 *   currency, a blocked bank, an account that cannot be resolved…;
 * - otherwise the transfer's first status: `FAILED` at once with the provider's answer (limits,
 *   insufficient balance…), `NEW` (deferred: awaiting approval; scheduled: awaiting its date) or
 *   `PENDING`, which a sandbox control (complete, fail) or the sandbox timer (`timeout`: the scenario's
 *   outcome) ends; a `SUCCESSFUL` transfer can still be reversed. Test: test/rails/payout.test.ts.
 */
import type { Scenario } from '../domain/charge.js';
import { err, ok, type Result } from '../domain/result.js';
import {
  providerResponse,
  type ProviderResponse,
  type ProviderResponseType,
  type TransferStatus,
} from '../domain/transfer.js';

/** Request-level refusals: what kind of error, which field, what the API says. */
export interface PayoutRejection {
  readonly kind: 'invalid' | 'conflict' | 'forbidden' | 'not_found';
  readonly field: string;
  readonly message: string;
}

/** Scenario keys the API refuses as requests. */
export const REJECTING_SCENARIOS: Readonly<Record<string, PayoutRejection>> = {
  account_resolved_failed: {
    kind: 'invalid',
    field: 'recipient',
    message: 'Account resolve failed: the account could not be resolved',
  },
  blocked_bank: {
    kind: 'invalid',
    field: 'recipient.bank.code',
    message: 'Transfers to this bank are blocked',
  },
  disabled_transfer: {
    kind: 'forbidden',
    field: 'action',
    message: 'Transfers are disabled for this account',
  },
  duplicate_reference: { kind: 'conflict', field: 'reference', message: 'Duplicate reference' },
  file_too_large: { kind: 'invalid', field: 'bulk_data', message: 'The bulk file is too large' },
  invalid_amount: { kind: 'invalid', field: 'amount', message: 'Invalid amount' },
  invalid_amount_validation: {
    kind: 'invalid',
    field: 'amount',
    message: 'Amount must be a positive number with at most 2 decimals',
  },
  invalid_bulk_data: { kind: 'invalid', field: 'bulk_data', message: 'Invalid bulk data' },
  invalid_currency: { kind: 'invalid', field: 'currency', message: 'Invalid currency' },
  invalid_payouts: { kind: 'invalid', field: 'payment_instruction', message: 'Invalid payout details' },
  invalid_reference: { kind: 'invalid', field: 'reference', message: 'Invalid reference' },
  invalid_reference_length: {
    kind: 'invalid',
    field: 'reference',
    message: 'Reference must be 6 to 42 characters',
  },
  no_account_found: { kind: 'not_found', field: 'recipient', message: 'No account found' },
  unavailable_transfer_option: {
    kind: 'invalid',
    field: 'action',
    message: 'This transfer option is unavailable',
  },
};

/** Scenario keys that make a transfer that fails at once, with the provider's answer. */
export const FAILING_SCENARIOS: Readonly<Record<string, ProviderResponseType>> = {
  amount_below_limit_error: 'transfer_amount_below_limit',
  amount_exceed_limit_error: 'transfer_amount_exceeds_limit',
  currency_amount_below_limit: 'transfer_amount_below_limit',
  currency_amount_exceed_limit: 'transfer_amount_exceeds_limit',
  day_limit_error: 'daily_transfer_limit_exceeded',
  day_transfer_limit_exceeded: 'daily_transfer_limit_exceeded',
  insufficient_balance: 'insufficient_balance',
  invalid_wallet_currency: 'invalid_wallet_currency',
  month_limit_error: 'monthly_transfer_limit_exceeded',
  month_transfer_limit_exceeded: 'monthly_transfer_limit_exceeded',
  payout_creation_error: 'payout_creation_failed',
};

export const SUCCESS_SCENARIO = 'successful';

/** Every scenario key the rail takes (the real sandbox's list). */
export const PAYOUT_SCENARIOS: readonly string[] = [
  SUCCESS_SCENARIO,
  ...Object.keys(REJECTING_SCENARIOS),
  ...Object.keys(FAILING_SCENARIOS),
].sort();

/**
 * v3 test accounts (Access Bank, 044; the sandbox's documented range 0690000031–0690000041): each
 * account's outcome when its transfer completes. Any other account succeeds.
 */
export const V3_TEST_ACCOUNTS: Readonly<Record<string, { outcome: 'succeed' | ProviderResponseType }>> = {
  '0690000040': { outcome: 'succeed' },
  '0690000033': { outcome: 'succeed' },
  '0690000031': { outcome: 'transfer_failed' },
  '0690000032': { outcome: 'invalid_bank_code' },
  '0690000034': { outcome: 'rejected_recipient_merchant' },
};

export type PayoutOutcome = 'succeed' | ProviderResponseType;

export interface PayoutState {
  readonly step: 'awaiting_approval' | 'scheduled' | 'processing' | 'done';
  /** What the network will answer when the transfer completes by itself. */
  readonly outcome: PayoutOutcome;
  readonly reversed?: boolean;
  readonly cancelled?: boolean;
}

export interface PayoutContext {
  readonly scenario: Scenario;
  readonly action: 'instant' | 'deferred' | 'scheduled';
  /** The account number sent to, for the v3 test accounts. */
  readonly accountNumber?: string;
  /** Whether the wallet's available balance covers the amount plus fee (read by the flow). */
  readonly covered: boolean;
}

export type PayoutInput =
  | { readonly type: 'approve' }
  | { readonly type: 'cancel' }
  /** A scheduled transfer's date came. */
  | { readonly type: 'due' }
  /** The sandbox control: the network answered. */
  | { readonly type: 'complete' }
  | { readonly type: 'fail'; readonly reason?: ProviderResponseType }
  | { readonly type: 'reverse' }
  /** Nobody acted within the sandbox wait: the scenario's outcome. */
  | { readonly type: 'timeout' };

export interface PayoutDecision {
  readonly state: PayoutState;
  readonly status: TransferStatus;
  /** Set exactly when `status` is FAILED. */
  readonly providerResponse?: ProviderResponse;
  readonly note: string;
  /** The transfer waits for the network: the sandbox timer completes it. Only when PENDING. */
  readonly autoComplete?: boolean;
  /** Set when this decision reverses a successful transfer. */
  readonly reversed?: boolean;
}

export interface PayoutRefusal {
  readonly reason: 'not_awaiting_input' | 'unexpected_input';
  readonly status: TransferStatus;
}

const failed = (type: ProviderResponseType, note: string, reversed = false): PayoutDecision => ({
  state: { step: 'done', outcome: type, ...(reversed ? { reversed } : {}) },
  status: 'FAILED',
  providerResponse: providerResponse(type),
  note,
  ...(reversed ? { reversed } : {}),
});

const processing = (outcome: PayoutOutcome, note: string): PayoutDecision => ({
  state: { step: 'processing', outcome },
  status: 'PENDING',
  note,
  autoComplete: true,
});

const finish = (outcome: PayoutOutcome, note: string): PayoutDecision =>
  outcome === 'succeed'
    ? { state: { step: 'done', outcome }, status: 'SUCCESSFUL', note }
    : failed(outcome, note);

/** Why a request is refused before any transfer exists, if it is. */
export function rejectionOf(scenario: Scenario): PayoutRejection | undefined {
  if (scenario.malformed) {
    return { kind: 'invalid', field: 'X-Scenario-Key', message: 'X-Scenario-Key is not readable' };
  }
  const flow = scenario.flow;
  if (flow === undefined) return undefined;
  if (Object.hasOwn(REJECTING_SCENARIOS, flow)) return REJECTING_SCENARIOS[flow];
  if (flow === SUCCESS_SCENARIO || Object.hasOwn(FAILING_SCENARIOS, flow)) return undefined;
  return {
    kind: 'invalid',
    field: 'X-Scenario-Key',
    message: `scenario:${flow} is not a transfer scenario; see docs/sandbox.md`,
  };
}

function outcomeOf(ctx: PayoutContext): PayoutOutcome {
  const flow = ctx.scenario.flow;
  if (flow !== undefined && Object.hasOwn(FAILING_SCENARIOS, flow))
    return FAILING_SCENARIOS[flow] as PayoutOutcome;
  const account = ctx.accountNumber === undefined ? undefined : V3_TEST_ACCOUNTS[ctx.accountNumber];
  return account?.outcome ?? 'succeed';
}

const cancelled = (state: PayoutState): PayoutDecision => ({
  state: { ...state, step: 'done', cancelled: true },
  status: 'CANCELLED',
  note: 'Cancelled by the merchant',
});

const statusOfDone = (state: PayoutState): TransferStatus => {
  if (state.cancelled === true) return 'CANCELLED';
  return state.outcome === 'succeed' && state.reversed !== true ? 'SUCCESSFUL' : 'FAILED';
};

export const payoutRail = {
  name: 'payout',

  start(ctx: PayoutContext): Result<PayoutDecision, PayoutRejection> {
    const rejected = rejectionOf(ctx.scenario);
    if (rejected) return err(rejected);
    if (!ctx.covered)
      return ok(failed('insufficient_balance', 'The wallet does not cover the amount and fee'));
    const outcome = outcomeOf(ctx);
    const flow = ctx.scenario.flow;
    if (flow !== undefined && Object.hasOwn(FAILING_SCENARIOS, flow)) {
      return ok(
        failed(outcome as ProviderResponseType, `The network refused the transfer (scenario:${flow})`),
      );
    }
    if (ctx.action === 'deferred') {
      return ok({ state: { step: 'awaiting_approval', outcome }, status: 'NEW', note: 'Awaiting approval' });
    }
    if (ctx.action === 'scheduled') {
      return ok({ state: { step: 'scheduled', outcome }, status: 'NEW', note: 'Scheduled' });
    }
    return ok(processing(outcome, 'Sent to the network'));
  },

  advance(state: PayoutState, input: PayoutInput): Result<PayoutDecision, PayoutRefusal> {
    switch (state.step) {
      case 'awaiting_approval':
        if (input.type === 'approve') return ok(processing(state.outcome, 'Approved; sent to the network'));
        if (input.type === 'cancel') {
          return ok(cancelled(state));
        }
        return err({ reason: 'unexpected_input', status: 'NEW' });
      case 'scheduled':
        if (input.type === 'due' || input.type === 'timeout') {
          return ok(processing(state.outcome, 'Scheduled date reached; sent to the network'));
        }
        if (input.type === 'cancel') {
          return ok(cancelled(state));
        }
        return err({ reason: 'unexpected_input', status: 'NEW' });
      case 'processing':
        if (input.type === 'complete') return ok(finish('succeed', 'The network paid the recipient'));
        if (input.type === 'fail') {
          return ok(failed(input.reason ?? 'transfer_failed', 'The network failed the transfer'));
        }
        if (input.type === 'timeout')
          return ok(finish(state.outcome, 'The network answered (sandbox timer)'));
        return err({ reason: 'unexpected_input', status: 'PENDING' });
      case 'done':
        if (input.type === 'reverse' && statusOfDone(state) === 'SUCCESSFUL') {
          return ok(failed('transfer_failed', 'The recipient bank returned the money (reversal)', true));
        }
        return err({ reason: 'not_awaiting_input', status: statusOfDone(state) });
    }
  },
};

/**
 * The account-debit rail (Nigerian bank accounts, v3 `debit_ng_account`): the bank sends the
 * customer an OTP, which the merchant passes on (`POST /v3/validate-charge`, `type: "account"`) or
 * the customer enters on the checkout page; then the bank answers as the scenario's issuer. One flow,
 * `auth_otp`. The OTP is the sandbox's (12345 for the test accounts) when the scenario names one, and
 * any 4–8 digits otherwise; a wrong OTP declines the charge (12, invalid transaction), as on cards.
 * Nothing completes it but the OTP: the customer is at the merchant's page, not away from it.
 */
import type { Authorization } from '../domain/charge.js';
import { processorResponse } from '../domain/issuers.js';
import { BANKS } from '../domain/reference/banks.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Decision, Rail, RailContext, Refusal } from './contract.js';
import { answered, declined, describeIssuer, planOf, requery, type WaitingState } from './outcomes.js';
import { ACCOUNT_DEBIT_FLOWS, noteIgnored } from './scenarios.js';

type Flow = (typeof ACCOUNT_DEBIT_FLOWS)[number];
type State = WaitingState<Flow>;

const NAME = 'account_debit';
const WRONG_OTP = processorResponse('invalid_transaction');

function start(ctx: RailContext): Decision<State> {
  const plan = planOf(ctx.scenario, NAME, ACCOUNT_DEBIT_FLOWS, 'auth_otp');
  if (!plan.ok) return requery(plan.why);
  const account = ctx.method?.type === 'account_debit' ? ctx.method.accountDebit : undefined;
  if (!account) return requery('no bank account to debit', plan.flow);
  const bank = BANKS.NG.find((b) => b.code === account.accountBank)?.name ?? `bank ${account.accountBank}`;
  const decision: Decision<State> = {
    state: { step: 'awaiting', flow: plan.flow, awaits: 'requires_otp' },
    status: 'pending',
    nextAction: { type: 'requires_otp' },
    note: `Charge created; ${bank} sent an OTP to the phone number linked to account ••••${account.last4}`,
  };
  return noteIgnored(decision, plan.ignored, 'account debit');
}

function advance(state: State, input: Authorization, ctx: RailContext): Result<Decision<State>, Refusal> {
  if (state.step === 'done') return err({ reason: 'not_awaiting_input' });
  const plan =
    state.flow === 'none' ? undefined : planOf(ctx.scenario, NAME, ACCOUNT_DEBIT_FLOWS, state.flow);
  if (state.step !== 'awaiting' || state.flow === 'none' || plan === undefined || !plan.ok) {
    return err({ reason: 'not_awaiting_input', awaiting: 'requires_requery' });
  }
  if (input.type !== 'otp') return err({ reason: 'unexpected_input', awaiting: 'requires_otp' });
  if (ctx.scenario.otp !== undefined && input.code !== ctx.scenario.otp) {
    return ok(
      declined(
        state.flow,
        WRONG_OTP,
        `Wrong OTP entered; declined: ${describeIssuer('invalid_transaction')}`,
      ),
    );
  }
  return ok(answered(state.flow, plan.issuer, 'OTP accepted by the bank'));
}

export const accountDebitRail: Rail<State> = {
  name: NAME,
  flows: ACCOUNT_DEBIT_FLOWS,
  defaultFlow: 'auth_otp',
  start,
  advance,
};

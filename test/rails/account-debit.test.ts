/**
 * The account-debit rail (Nigerian bank accounts, v3 `debit_ng_account`): it passes the shared
 * contract, and answers as docs/sandbox.md says — an OTP step, the right OTP then the scenario's
 * issuer, a wrong OTP declined as invalid transaction, nothing else taken.
 */
import { describe, expect, it } from 'vitest';
import type { Authorization, Scenario } from '../../src/domain/charge.js';
import { parseScenarioKey } from '../../src/domain/scenario.js';
import { accountDebitRail } from '../../src/rails/account-debit.js';
import type { RailContext } from '../../src/rails/contract.js';
import { railContract } from './contract.js';

const OTP: Authorization = { type: 'otp', code: '12345' };
const WRONG_OTP: Authorization = { type: 'otp', code: '54321' };
const INPUTS: readonly Authorization[] = [
  OTP,
  WRONG_OTP,
  { type: 'approval', approved: true },
  { type: 'timeout' },
  { type: 'redirect', approved: true },
  { type: 'pin', pin: '3310' },
];

const context = {
  amount: 150_000,
  currency: 'NGN',
  method: { type: 'account_debit', accountDebit: { accountBank: '044', last4: '0031' } },
} as const;

const SCENARIOS: Scenario[] = [
  { malformed: false },
  { malformed: false, otp: '12345' },
  { issuer: 'insufficient_funds', malformed: false, otp: '12345' },
  { issuer: 'failed', malformed: false },
  { flow: 'auth_otp', malformed: false },
];

railContract(accountDebitRail, { inputs: INPUTS, scenarios: SCENARIOS, recurring: false, context });

const ctx = (key?: string, otp?: string): RailContext => ({
  ...context,
  scenario: { ...parseScenarioKey(key), ...(otp === undefined ? {} : { otp }) },
  recurring: false,
});

describe('account debit', () => {
  it('asks for the OTP the bank sent, naming the bank and the last four digits; no sandbox timer', () => {
    const start = accountDebitRail.start(ctx());
    expect(start).toMatchObject({
      status: 'pending',
      nextAction: { type: 'requires_otp' },
      note: 'Charge created; Access Bank sent an OTP to the phone number linked to account ••••0031',
    });
    expect(start).not.toHaveProperty('autoComplete');
  });

  it("the sandbox OTP, then the scenario's issuer answers", () => {
    const approved = accountDebitRail.advance(
      accountDebitRail.start(ctx(undefined, '12345')).state,
      OTP,
      ctx(undefined, '12345'),
    );
    expect(approved.ok && approved.value).toMatchObject({
      status: 'succeeded',
      processorResponse: { type: 'approved', code: '00' },
    });
    const c = ctx('issuer:insufficient_funds');
    const declined = accountDebitRail.advance(accountDebitRail.start(c).state, WRONG_OTP, c);
    // With a scenario key any OTP is taken (the scenario names none): the issuer declines.
    expect(declined.ok && declined.value.processorResponse).toEqual({
      type: 'insufficient_funds',
      code: '51',
    });
  });

  it('a wrong OTP is declined as an invalid transaction (12)', () => {
    const c = ctx(undefined, '12345');
    const answer = accountDebitRail.advance(accountDebitRail.start(c).state, WRONG_OTP, c);
    expect(answer.ok && answer.value).toMatchObject({
      status: 'failed',
      processorResponse: { type: 'invalid_transaction', code: '12' },
    });
  });

  it('takes nothing but the OTP, and starts pending for a requery without an account', () => {
    const c = ctx();
    const state = accountDebitRail.start(c).state;
    expect(accountDebitRail.advance(state, { type: 'approval', approved: true }, c)).toEqual({
      ok: false,
      error: { reason: 'unexpected_input', awaiting: 'requires_otp' },
    });
    const none = { ...c, method: { type: 'opay' } } as const;
    expect(accountDebitRail.start(none).nextAction).toEqual({ type: 'requires_requery' });
  });
});

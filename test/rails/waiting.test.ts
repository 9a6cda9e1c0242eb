/**
 * The rails whose charges wait for the customer (mobile money, USSD, NIBSS QR, Fawry, bank transfer,
 * bank and wallet redirects) and 1Voucher: each passes the shared contract, and each answers as
 * docs/sandbox.md says.
 */
import { describe, expect, it } from 'vitest';
import type { Authorization, Scenario } from '../../src/domain/charge.js';
import type { PaymentMethodDetails } from '../../src/domain/payment-method.js';
import { parseScenarioKey } from '../../src/domain/scenario.js';
import { bankTransferRail } from '../../src/rails/bank-transfer.js';
import type { Decision, Rail, RailContext } from '../../src/rails/contract.js';
import { mobileMoneyRail } from '../../src/rails/mobile-money.js';
import { nqrRail } from '../../src/rails/nqr.js';
import { redirectRail } from '../../src/rails/redirect.js';
import { referencePaymentRail } from '../../src/rails/reference-payment.js';
import { ussdRail } from '../../src/rails/ussd.js';
import { voucherRail } from '../../src/rails/voucher.js';
import { railContract } from './contract.js';

const APPROVE: Authorization = { type: 'approval', approved: true };
const DECLINE: Authorization = { type: 'approval', approved: false };
const DECLINE_AS: Authorization = { type: 'approval', approved: false, issuer: 'insufficient_funds' };
const TIMEOUT: Authorization = { type: 'timeout' };
const PAGE_APPROVE: Authorization = { type: 'redirect', approved: true };
const PAGE_DECLINE: Authorization = { type: 'redirect', approved: false };
const PIN: Authorization = { type: 'pin', pin: '3310' };
const transfer = (amount: number): Authorization => ({ type: 'transfer', amount });

const INPUTS = [APPROVE, DECLINE, DECLINE_AS, TIMEOUT, PAGE_APPROVE, PAGE_DECLINE, PIN, transfer(100_000)];

const momo = (extra: Partial<{ useQr: boolean }> = {}): PaymentMethodDetails => ({
  type: 'mobile_money',
  mobileMoney: { network: 'MTN', countryCode: '233', phoneNumber: '241234567', ...extra },
});

const SCENARIOS = (flows: readonly string[]): Scenario[] => [
  { malformed: false },
  { issuer: 'insufficient_funds', malformed: false },
  { issuer: 'failed', malformed: false },
  ...flows.map((flow) => ({ flow, malformed: false })),
];

const base = { amount: 100_000, currency: 'NGN' } as const;
const CONTEXTS: readonly [Rail<unknown>, Omit<RailContext, 'scenario' | 'recurring'>][] = [
  [mobileMoneyRail, { ...base, currency: 'GHS', method: momo(), instrument: { qrPayload: 'QR' } }],
  [
    ussdRail,
    { ...base, method: { type: 'ussd', ussd: { accountBank: '058' } }, instrument: { code: '1234' } },
  ],
  [nqrRail, { ...base, method: { type: 'nqr' }, instrument: { qrPayload: '000201' } }],
  [
    referencePaymentRail,
    { ...base, currency: 'EGP', method: { type: 'fawry', fawry: {} }, instrument: { code: '123456789' } },
  ],
  [
    bankTransferRail,
    {
      ...base,
      method: {
        type: 'bank_transfer',
        bankTransfer: { accountType: 'dynamic', accountNumber: '0123456789', bankName: 'WEMA BANK' },
      },
      instrument: {
        account: { number: '0123456789', bankName: 'WEMA BANK', expiresAt: '2030-01-01T00:00:00.000Z' },
      },
    },
  ],
  [redirectRail, { ...base, method: { type: 'opay' } }],
  [
    voucherRail,
    {
      ...base,
      currency: 'ZAR',
      method: { type: 'voucher', voucher: { last4: '5120', fingerprint: 'f' } },
      instrument: { voucherBalance: 250_000 },
    },
  ],
  [redirectRail, { ...base, currency: 'USD', method: { type: 'paypal' } }],
];

for (const [rail, context] of CONTEXTS) {
  railContract(rail, {
    inputs: [...INPUTS, transfer(50_000), transfer(150_000)],
    scenarios: SCENARIOS(rail.flows),
    recurring: false,
    context,
  });
}

const ctx = (rail: number, key?: string, extra: Partial<RailContext> = {}): RailContext => ({
  ...(CONTEXTS[rail]?.[1] ?? {}),
  scenario: parseScenarioKey(key),
  recurring: false,
  ...extra,
});

function walk<S>(rail: Rail<S>, context: RailContext, inputs: readonly Authorization[]): Decision<S> {
  let decision = rail.start(context);
  for (const input of inputs) {
    const next = rail.advance(decision.state, input, context);
    if (!next.ok) throw new Error(`${input.type} refused: ${JSON.stringify(next.error)}`);
    decision = next.value;
  }
  return decision;
}

describe('mobile money', () => {
  it('prompts on the phone by default and asks the sandbox to complete it if nobody answers', () => {
    const start = mobileMoneyRail.start(ctx(0));
    expect(start).toMatchObject({
      status: 'pending',
      autoComplete: true,
      nextAction: {
        type: 'payment_instruction',
        note: 'Please authorise this payment on your phone: a prompt was sent to MTN +233 241234567',
      },
    });
  });

  it('succeeds when the customer approves, and when nobody answers and the scenario approves', () => {
    for (const input of [APPROVE, TIMEOUT]) {
      expect(walk(mobileMoneyRail, ctx(0), [input])).toMatchObject({
        status: 'succeeded',
        processorResponse: { type: 'approved', code: '00' },
      });
    }
  });

  it('fails with the scenario issuer, whoever completes it', () => {
    for (const input of [APPROVE, TIMEOUT]) {
      expect(walk(mobileMoneyRail, ctx(0, 'issuer:insufficient_funds'), [input])).toMatchObject({
        status: 'failed',
        processorResponse: { type: 'insufficient_funds', code: '51' },
      });
    }
  });

  it('fails with 05, or the answer the tester chose, when the customer declines', () => {
    expect(walk(mobileMoneyRail, ctx(0), [DECLINE]).processorResponse).toEqual({
      type: 'do_not_honor',
      code: '05',
    });
    expect(walk(mobileMoneyRail, ctx(0), [DECLINE_AS]).processorResponse).toEqual({
      type: 'insufficient_funds',
      code: '51',
    });
  });

  it('sends the customer to the sandbox page with scenario auth_redirect, or as the method’s default', () => {
    for (const context of [
      ctx(0, 'scenario:auth_redirect'),
      ctx(0, undefined, { defaultFlow: 'auth_redirect' }),
    ]) {
      const start = mobileMoneyRail.start(context);
      expect(start.nextAction).toEqual({ type: 'redirect_url' });
      expect(start.autoComplete).toBeUndefined();
      expect(walk(mobileMoneyRail, context, [PAGE_APPROVE]).status).toBe('succeeded');
      expect(walk(mobileMoneyRail, context, [PAGE_DECLINE]).status).toBe('failed');
      expect(mobileMoneyRail.advance(start.state, TIMEOUT, context)).toEqual({
        ok: false,
        error: { reason: 'unexpected_input', awaiting: 'redirect_url' },
      });
    }
  });

  it('shows the QR code for a wallet set to use_qr, and with scenario qr', () => {
    for (const context of [ctx(0, undefined, { method: momo({ useQr: true }) }), ctx(0, 'scenario:qr')]) {
      expect(mobileMoneyRail.start(context)).toMatchObject({
        nextAction: { type: 'qr_code', payload: 'QR' },
        autoComplete: true,
      });
    }
  });

  it('lets a scenario flow win over the method’s default', () => {
    const context = ctx(0, 'scenario:push', { defaultFlow: 'auth_redirect' });
    expect(mobileMoneyRail.start(context).nextAction?.type).toBe('payment_instruction');
  });
});

describe('USSD, NIBSS QR and Fawry', () => {
  it('tells the customer what to dial, from the bank’s short code and the payment code', () => {
    expect(ussdRail.start(ctx(1)).nextAction).toEqual({
      type: 'payment_instruction',
      note: 'Please dial *737*000*1234# to complete this transaction',
    });
  });

  it('shows the QR code the flow drew', () => {
    expect(nqrRail.start(ctx(2)).nextAction).toEqual({ type: 'qr_code', payload: '000201' });
  });

  it('gives the Fawry reference and the amount to pay', () => {
    expect(referencePaymentRail.start(ctx(3)).nextAction).toEqual({
      type: 'payment_instruction',
      note: 'Pay EGP 1,000.00 at any Fawry outlet or in the myFawry app with reference number 123456789',
    });
  });

  it('completes each on approval or timeout, with the scenario’s issuer', () => {
    for (const [i, rail] of [ussdRail, nqrRail, referencePaymentRail].entries()) {
      expect(walk(rail as Rail<unknown>, ctx(i + 1), [TIMEOUT]).status).toBe('succeeded');
      expect(walk(rail as Rail<unknown>, ctx(i + 1, 'issuer:do_not_honor'), [APPROVE]).status).toBe('failed');
    }
  });
});

describe('bank transfer', () => {
  it('asks for a transfer to the account, completed by the sandbox if nobody transfers', () => {
    expect(bankTransferRail.start(ctx(4))).toMatchObject({
      autoComplete: true,
      nextAction: {
        type: 'requires_bank_transfer',
        accountNumber: '0123456789',
        bankName: 'WEMA BANK',
        expiresAt: '2030-01-01T00:00:00.000Z',
        note: 'Please make a bank transfer of NGN 1,000.00 to WEMA BANK account 0123456789',
      },
    });
  });

  it('succeeds on the exact amount and on more, noting the excess returned; fails on less with 13', () => {
    expect(walk(bankTransferRail, ctx(4), [transfer(100_000)])).toMatchObject({
      status: 'succeeded',
      note: 'Received the NGN 1,000.00 due by bank transfer; approved (00)',
    });
    expect(walk(bankTransferRail, ctx(4), [transfer(120_000)])).toMatchObject({
      status: 'succeeded',
      note: 'Received NGN 1,200.00 for NGN 1,000.00 due; NGN 200.00 returned to the sender; approved (00)',
    });
    expect(walk(bankTransferRail, ctx(4), [transfer(50_000)])).toMatchObject({
      status: 'failed',
      processorResponse: { type: 'invalid_amount', code: '13' },
      note: 'Received NGN 500.00 of the NGN 1,000.00 due: underpaid, returned to the sender',
    });
  });

  it('fails the exact amount when the scenario says issuer:failed (05)', () => {
    expect(walk(bankTransferRail, ctx(4, 'issuer:failed'), [transfer(100_000)]).processorResponse).toEqual({
      type: 'do_not_honor',
      code: '05',
    });
  });

  it('cannot start without an account to transfer to', () => {
    expect(bankTransferRail.start({ ...ctx(4), instrument: {} }).nextAction).toEqual({
      type: 'requires_requery',
    });
  });
});

describe('bank and wallet redirects', () => {
  it('waits for the page, with no timer, and ends as the customer answers there', () => {
    const start = redirectRail.start(ctx(5));
    expect(start).toMatchObject({ nextAction: { type: 'redirect_url' } });
    expect(start.note).toBe('Charge created; waiting for the customer to approve in their OPay wallet');
    expect(start.autoComplete).toBeUndefined();
    expect(walk(redirectRail, ctx(5), [PAGE_APPROVE]).status).toBe('succeeded');
    expect(walk(redirectRail, ctx(5), [PAGE_DECLINE]).processorResponse).toEqual({
      type: 'do_not_honor',
      code: '05',
    });
  });
});

describe('1Voucher', () => {
  it('redeems at once, issuing a change voucher for what is left', () => {
    expect(voucherRail.start(ctx(6))).toMatchObject({
      status: 'succeeded',
      note: 'Voucher redeemed for ZAR 1,000.00; change voucher of ZAR 1,500.00 issued to the customer; approved (00)',
    });
    expect(voucherRail.start(ctx(6, undefined, { instrument: { voucherBalance: 100_000 } })).note).toBe(
      'Voucher redeemed for ZAR 1,000.00; approved (00)',
    );
  });

  it('fails a voucher holding too little (51) and a PIN the sandbox does not know (14)', () => {
    expect(
      voucherRail.start(ctx(6, undefined, { instrument: { voucherBalance: 99_999 } })).processorResponse,
    ).toEqual({
      type: 'insufficient_funds',
      code: '51',
    });
    expect(voucherRail.start(ctx(6, undefined, { instrument: {} })).processorResponse).toEqual({
      type: 'invalid_account_number',
      code: '14',
    });
  });
});

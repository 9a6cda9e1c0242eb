/**
 * Nigerian bank-account debit (v3 `POST /v3/charges?type=debit_ng_account`): the merchant sends the
 * customer's bank code and NUBAN account number, the bank sends the customer an OTP, and
 * `POST /v3/validate-charge` with `type: "account"` and that OTP completes the charge (v3 spec §5,
 * the official SDK's `validateSchema`). NGN only. v4's `bank_account` is Pay with Bank (a bank login,
 * its schema has no fields), so this method has no v4 counterpart.
 *
 * The sandbox's test accounts (v3 spec §4.2) pick the outcome when no X-Scenario-Key is sent, with
 * OTP 12345; any other account is approved with the same OTP. X-Scenario-Key overrides them, and then
 * any OTP is accepted, as with test cards.
 */
import type { Scenario } from '../domain/charge.js';
import { BANKS } from '../domain/reference/banks.js';
import { err, ok, type Result } from '../domain/result.js';
import type { ChargeFields, ChargeRead } from './charge-input.js';
import type { Method } from './method.js';
import { bankOptions } from './checkout-choices.js';

export const TEST_ACCOUNT_OTP = '12345';

export interface TestAccount {
  readonly bank: string;
  readonly number: string;
  readonly issuer: string;
  readonly note: string;
}

export const TEST_ACCOUNTS: readonly TestAccount[] = [
  { bank: '044', number: '0690000031', issuer: 'approved', note: 'Access Bank: approved' },
  { bank: '101', number: '5900102340', issuer: 'approved', note: 'Providus Bank: approved' },
  { bank: '044', number: '0690000032', issuer: 'insufficient_funds', note: 'declined: insufficient funds' },
  { bank: '044', number: '0690000034', issuer: 'do_not_honor', note: 'declined: do not honour' },
];

const NG_BANK_CODES = new Set(BANKS.NG.map((b) => b.code));

/** The outcome a request's account picks when no scenario key is sent: its test account's, else approved. */
export function testAccountScenario(fields: ChargeFields): Scenario {
  const account = TEST_ACCOUNTS.find(
    (a) => a.bank === fields.account_bank && a.number === fields.account_number,
  );
  return { malformed: false, issuer: account?.issuer ?? 'approved', otp: TEST_ACCOUNT_OTP };
}

export const ngAccountDebit: Method = {
  id: 'ng-account-debit',
  name: 'Nigerian bank account debit',
  type: 'account_debit',
  currencies: ['NGN'],
  countries: ['NG'],
  minimum: { NGN: 10_000 },
  fee: { default: { bps: 140, capMinor: 200_000 } },
  checkout: {
    rank: 4,
    choice: () => ({
      icon: 'bank',
      label: 'Bank account',
      hint: 'Debit your account with an OTP',
      submit: 'Send OTP',
      fields: [
        {
          name: 'account_bank',
          label: 'Your bank',
          options: bankOptions(BANKS.NG.map((bank) => [bank.code, bank.name] as const)),
        },
        {
          name: 'account_number',
          label: 'Account number',
          inputmode: 'numeric',
          pattern: '[0-9]{10}',
          maxlength: 10,
          hint: 'Your 10-digit NUBAN account number.',
        },
      ],
    }),
  },
  paymentOptions: ['account'],
  sandboxValues: {
    heading: 'Bank account debit',
    lines: [
      ...TEST_ACCOUNTS.map((a) => `${a.bank} / ${a.number} — ${a.note}`),
      `OTP ${TEST_ACCOUNT_OTP}; any other 10-digit account is approved.`,
    ],
  },
  v3: {
    type: 'debit_ng_account',
    authModel: 'AUTH',
    paymentType: 'account',
    eventType: 'ACCOUNT_TRANSACTION',
    required: ['account_bank', 'account_number'],
    testScenario: testAccountScenario,
    read(fields, ctx): Result<ChargeRead> {
      const bank = fields.account_bank ?? '';
      if (!NG_BANK_CODES.has(bank)) {
        return err(
          ctx.bad('account_bank', `account_bank ${bank} is not a Nigerian bank code: see GET /v3/banks/NG`),
        );
      }
      const number = fields.account_number ?? '';
      if (!/^[0-9]{10}$/.test(number)) {
        return err(ctx.bad('account_number', 'account_number must be a 10-digit NUBAN account number'));
      }
      const money = ctx.money('NGN');
      if (!money.ok) return money;
      return ok({
        money: money.value,
        country: 'NG',
        details: { type: 'account_debit', accountDebit: { accountBank: bank, last4: number.slice(-4) } },
      });
    },
  },
  v4View: (d) =>
    d.type === 'account_debit'
      ? {
          type: 'bank_account',
          bank_account: { method: 'account_debit', country: 'NG', last4: d.accountDebit.last4 },
        }
      : undefined,
  v4: false,
};

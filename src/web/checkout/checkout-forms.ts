/**
 * What the checkout page asks for each payment method, and how a posted form becomes an attempt.
 * Cards are read here (the test card picks the outcome, as on v3, unless the session carries a
 * scenario); every other method's fields are read by the v3 dialect's own reader for its charge
 * type (api/v3/method-charge-input.ts), so the page refuses exactly what `POST /v3/charges` refuses.
 * Errors come back on the page's own fields, in the page's words; a card number is never echoed.
 */
import { readMethodCharge } from '../../api/http/charge-input/method-charge-input.js';
import { TEST_OTP, TEST_PIN, testCard } from '../../methods/card-test-cards.js';
import { validateCard } from '../../domain/card.js';
import type { Authorization, Scenario } from '../../domain/charge.js';
import type { CheckoutSession } from '../../domain/checkout.js';
import { pick, type Customer } from '../../domain/customer.js';
import type { FieldError } from '../../domain/errors.js';
import { toMajor } from '../../domain/money.js';
import { BANKS } from '../../domain/reference/banks.js';
import { USSD_BANKS } from '../../domain/reference/ussd-banks.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { AttemptMethod } from '../../flows/checkout/checkout-attempts.js';
import type { Method } from '../../methods/method.js';
import type { FieldSpec, FormError, IconName, MethodChoice } from './checkout-page.js';

export type Form = Readonly<Record<string, string | undefined>>;

const CARD_FIELDS: readonly FieldSpec[] = [
  {
    name: 'card_number',
    label: 'Card number',
    inputmode: 'numeric',
    autocomplete: 'cc-number',
    pattern: '[0-9 ]{12,23}',
    maxlength: 23,
    placeholder: '0000 0000 0000 0000',
  },
  {
    name: 'expiry',
    label: 'Expiry date',
    inputmode: 'numeric',
    autocomplete: 'cc-exp',
    pattern: '\\s*(0?[1-9]|1[0-2])\\s*/\\s*([0-9]{2}|[0-9]{4})\\s*',
    maxlength: 9,
    placeholder: 'MM/YY',
    half: true,
  },
  {
    name: 'cvv',
    label: 'CVV',
    inputmode: 'numeric',
    autocomplete: 'cc-csc',
    pattern: '[0-9]{3,4}',
    maxlength: 4,
    placeholder: '123',
    half: true,
  },
];

const PHONE: FieldSpec = {
  name: 'phone_number',
  label: 'Mobile number',
  type: 'tel',
  inputmode: 'tel',
  autocomplete: 'tel',
  pattern: '\\+?[0-9 ]{7,18}',
  maxlength: 18,
};

/** The billing address a card's AVS step asks for, under v3's names. */
export const ADDRESS_FIELDS: readonly FieldSpec[] = [
  { name: 'address', label: 'Street address', autocomplete: 'address-line1', maxlength: 255 },
  { name: 'city', label: 'City', autocomplete: 'address-level2', maxlength: 100 },
  { name: 'state', label: 'State or region', autocomplete: 'address-level1', maxlength: 100, half: true },
  { name: 'zipcode', label: 'Postcode', autocomplete: 'postal-code', maxlength: 20, half: true },
  {
    name: 'country',
    label: 'Country code',
    autocomplete: 'country',
    pattern: '[A-Za-z]{2}',
    maxlength: 2,
    placeholder: 'NG',
    hint: 'Two letters, such as NG or US.',
  },
];

const title = (s: string): string =>
  s
    .toLowerCase()
    .split(' ')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');

/** The wallets of a mobile-money method that take the currency, as `<country>:<network>` options. */
function networkOptions(method: Method, session: CheckoutSession): (readonly [string, string])[] {
  const markets = (method.markets ?? []).filter((m) => m.currency === session.currency);
  return markets.flatMap((m) =>
    m.networks.map(
      (n) => [`${m.country}:${n}`, markets.length > 1 ? `${title(n)} (${m.country})` : title(n)] as const,
    ),
  );
}

function choice(
  method: Method,
  icon: IconName,
  label: string,
  hint: string,
  submit: string,
  fields: readonly FieldSpec[] = [],
): MethodChoice {
  return { id: method.id, icon, label, hint, submit, fields };
}

/** How the page offers `method` for this session; `amount` is the amount as the page shows it. */
export function methodChoice(method: Method, session: CheckoutSession, amount: string): MethodChoice {
  const pay = `Pay ${amount}`;
  switch (method.type) {
    case 'card':
      return choice(method, 'card', 'Card', 'Visa, Mastercard, Verve or American Express', pay, CARD_FIELDS);
    case 'bank_transfer':
      return choice(
        method,
        'transfer',
        'Bank transfer',
        'Transfer from your bank app',
        'Get account details',
      );
    case 'ussd':
      return choice(method, 'ussd', 'USSD', 'Dial a code on your phone', 'Get USSD code', [
        {
          name: 'account_bank',
          label: 'Your bank',
          options: [
            ['', 'Choose your bank'],
            ...Object.entries(USSD_BANKS)
              .map(([code, bank]) => [code, bank.name] as const)
              .sort((a, b) => a[1].localeCompare(b[1])),
          ],
        },
      ]);
    case 'mobile_money': {
      const options = networkOptions(method, session);
      return choice(
        method,
        'phone',
        method.id === 'mpesa' ? 'M-Pesa' : 'Mobile money',
        options.map(([, name]) => name).join(', '),
        pay,
        [
          { name: 'network', label: 'Network', options },
          { ...PHONE, label: 'Mobile money number', hint: 'The number of the wallet to pay from.' },
        ],
      );
    }
    case 'nqr':
      return choice(method, 'qr', 'NQR', 'Scan a QR code with your bank app', 'Show QR code');
    case 'voucher':
      return choice(method, 'voucher', '1Voucher', 'Redeem a 1Voucher PIN', 'Redeem voucher', [
        {
          name: 'voucher_pin',
          label: 'Voucher PIN',
          inputmode: 'numeric',
          pattern: '[0-9 ]{16,19}',
          maxlength: 19,
          hint: 'The 16 digits on your voucher.',
        },
      ]);
    case 'bank_account':
      return choice(method, 'bank', 'Bank account', 'Approve in your bank', 'Continue to your bank');
    case 'applepay':
    case 'googlepay':
    case 'opay':
    case 'enaira':
    case 'paypal':
      return choice(method, 'wallet', method.name, 'Pay from your wallet', `Continue with ${method.name}`);
    case 'account_debit':
      return choice(method, 'bank', 'Bank account', 'Debit your account with an OTP', 'Send OTP', [
        {
          name: 'account_bank',
          label: 'Your bank',
          options: [
            ['', 'Choose your bank'],
            ...BANKS.NG.map((bank) => [bank.code, bank.name] as const).sort((a, b) =>
              a[1].localeCompare(b[1]),
            ),
          ],
        },
        {
          name: 'account_number',
          label: 'Account number',
          inputmode: 'numeric',
          pattern: '[0-9]{10}',
          maxlength: 10,
          hint: 'Your 10-digit NUBAN account number.',
        },
      ]);
    case 'fawry':
      return choice(method, 'store', 'Fawry Pay', 'Pay cash at a Fawry outlet', 'Get reference number', [
        { ...PHONE, hint: 'Fawry sends the reference number to it.' },
      ]);
  }
}

/** Where the reader names a field this page calls otherwise. */
const PAGE_FIELD: Readonly<Record<string, string>> = { country: 'network', pin: 'voucher_pin' };

/** A field error in the page's words: its label, then the rule ("Mobile number must be …"). */
function onPage(errors: readonly FieldError[], fields: readonly FieldSpec[]): FormError[] {
  return errors.map((e) => {
    const name = PAGE_FIELD[e.field] ?? e.field;
    const spec = fields.find((f) => f.name === name);
    if (!spec) return { message: e.message };
    const rule = e.message.startsWith(`${e.field} `) ? e.message.slice(e.field.length + 1) : e.message;
    return { field: name, message: `${spec.label} ${rule}` };
  });
}

export interface AttemptContext {
  readonly session: CheckoutSession;
  readonly customer: Customer;
  /** The checkout page's own URL: where sandbox pages send the browser back. */
  readonly pageUrl: string;
  readonly now: Date;
}

const digitsOf = (s: string | undefined): string => (s ?? '').replace(/[\s-]/g, '');

const CARD_NAMES = { number: 'card_number', expiryMonth: 'expiry', expiryYear: 'expiry', cvv: 'cvv' };

const CARD_MESSAGES: Readonly<Record<string, string>> = {
  INVALID_CARD_NUMBER: 'Card number is not valid: check the digits',
  CARD_EXPIRED: 'Expiry date is in the past: this card has expired',
  CARD_EXPIRY_MONTH_OUT_OF_RANGE: 'Expiry date must be a month and year, such as 09/32',
  CARD_EXPIRY_YEAR_OUT_OF_RANGE: 'Expiry date must be a month and year, such as 09/32',
};

/** The test card's outcome, or the session's scenario when it has one. */
function cardScenario(session: CheckoutSession, number: string): Scenario | undefined {
  if (session.scenario.key !== undefined) return session.scenario;
  const card = testCard(number);
  return card && { flow: card.flow, issuer: card.issuer, malformed: false, pin: TEST_PIN, otp: TEST_OTP };
}

function readCard(form: Form, ctx: AttemptContext): Result<AttemptMethod, FormError[]> {
  const number = digitsOf(form['card_number']);
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(form['expiry'] ?? '');
  const card = {
    number,
    expiryMonth: (expiry?.[1] ?? '').padStart(2, '0'),
    expiryYear: expiry?.[2] ?? '',
    cvv: digitsOf(form['cvv']),
  };
  const checked = validateCard(card, ctx.now, CARD_NAMES);
  if (!checked.ok) {
    const fixed = CARD_MESSAGES[checked.error.type];
    const fields = checked.error.fields;
    return err(
      fixed !== undefined
        ? [{ field: fields[0]?.field ?? 'card_number', message: fixed }]
        : onPage(fields, CARD_FIELDS),
    );
  }
  const scenario = cardScenario(ctx.session, number);
  if (!scenario) {
    return err([
      {
        field: 'card_number',
        message: 'This is a sandbox: use one of the test cards listed under “Sandbox test values”',
      },
    ]);
  }
  return ok({
    scenario,
    redirectUrl: ctx.pageUrl,
    paymentMethod: { meta: {}, card: { card, fields: CARD_NAMES } },
  });
}

/** The v3 charge body a method's form stands for. */
function chargeBody(form: Form, ctx: AttemptContext): Record<string, unknown> {
  const { session, customer } = ctx;
  const [country, network] = (form['network'] ?? '').split(':');
  const name = [customer.name?.first, customer.name?.last].filter(Boolean).join(' ');
  const phone = digitsOf(form['phone_number']);
  return {
    tx_ref: session.reference,
    amount: toMajor(session.amount, session.currency),
    currency: session.currency,
    email: customer.email,
    ...pick('fullname', name || undefined),
    redirect_url: ctx.pageUrl,
    ...pick('phone_number', phone || undefined),
    ...pick('network', network || undefined),
    ...pick('country', country || undefined),
    ...pick('account_bank', form['account_bank'] || undefined),
    ...pick('account_number', digitsOf(form['account_number']) || undefined),
    ...pick('pin', digitsOf(form['voucher_pin']) || undefined),
    // What the page knows for the customer: these types require it of a merchant's request.
    order_id: session.reference,
    is_nqr: 1,
    is_token_io: 1,
  };
}

/** The attempt a posted form asks for, or what is wrong with it, field by field. */
export function readAttempt(
  method: Method,
  form: Form,
  ctx: AttemptContext,
): Result<AttemptMethod, FormError[]> {
  if (method.type === 'card') return readCard(form, ctx);
  const type = method.v3?.type;
  if (type === undefined) return err([{ message: `${method.name} cannot be paid on this page` }]);
  const body = chargeBody(form, ctx);
  const read = readMethodCharge(type, body, method);
  if (!read.ok) {
    const { fields } = methodChoice(method, ctx.session, '');
    const errors = read.error.fields.length > 0 ? onPage(read.error.fields, fields) : [];
    return err(errors.length > 0 ? errors : [{ message: read.error.message }]);
  }
  // Without a session scenario a method's test values (a test bank account) pick the outcome, as on v3.
  const { scenario } = ctx.session;
  const tested = scenario.key === undefined ? method.v3?.testScenario?.(read.value.body) : undefined;
  const base = { scenario: tested ?? scenario, redirectUrl: ctx.pageUrl };
  const charge = read.value;
  if ('transfer' in charge) return ok({ ...base, transfer: true });
  return ok({
    ...base,
    paymentMethod: charge.paymentMethod,
    ...pick('flow', method.v3?.flow),
    ...pick(
      'instrument',
      charge.voucherBalance === undefined ? undefined : { voucherBalance: charge.voucherBalance },
    ),
  });
}

const spaceless = (s: string | undefined): string => (s ?? '').replace(/\s/g, '');
const trimmed = (form: Form, name: string): string => (form[name] ?? '').trim();

/** The customer's answer to a card step — the PIN, the OTP or the billing address — or what is wrong with it. */
export function readAnswer(step: 'pin' | 'otp' | 'address', form: Form): Result<Authorization, FormError[]> {
  switch (step) {
    case 'pin': {
      const pin = spaceless(form['pin']);
      return /^[0-9]{4,6}$/.test(pin)
        ? ok({ type: 'pin', pin })
        : err([{ field: 'pin', message: 'Enter your card PIN: 4 to 6 digits.' }]);
    }
    case 'otp': {
      const code = spaceless(form['otp']);
      return /^[0-9]{4,8}$/.test(code)
        ? ok({ type: 'otp', code })
        : err([{ field: 'otp', message: 'Enter the OTP: 4 to 8 digits.' }]);
    }
    case 'address': {
      const errors: FormError[] = ADDRESS_FIELDS.filter((f) => trimmed(form, f.name) === '').map((f) => ({
        field: f.name,
        message: `Enter your ${f.label.toLowerCase()}.`,
      }));
      const country = trimmed(form, 'country').toUpperCase();
      if (errors.length === 0 && !/^[A-Z]{2}$/.test(country)) {
        errors.push({ field: 'country', message: 'Country code must be two letters, such as NG.' });
      }
      if (errors.length > 0) return err(errors);
      return ok({
        type: 'avs',
        address: {
          line1: trimmed(form, 'address'),
          city: trimmed(form, 'city'),
          state: trimmed(form, 'state'),
          country,
          postalCode: trimmed(form, 'zipcode'),
        },
      });
    }
  }
}

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
import { err, ok, type Result } from '../../domain/result.js';
import type { AttemptMethod } from '../../flows/checkout/checkout-attempts.js';
import { CARD_FIELDS } from '../../methods/card.js';
import type { Method } from '../../methods/method.js';
import type { FieldSpec, FormError, MethodChoice } from './checkout-page.js';

export type Form = Readonly<Record<string, string | undefined>>;

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

/** How the page offers `method` for this session; `amount` is the amount as the page shows it. */
export function methodChoice(method: Method, session: CheckoutSession, amount: string): MethodChoice {
  if (!method.checkout) throw new Error(`${method.id} is not offered by the hosted checkout`);
  const choice = method.checkout.choice({ self: method, currency: session.currency, pay: `Pay ${amount}` });
  return { id: method.id, ...choice };
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

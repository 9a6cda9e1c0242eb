/**
 * The hosted checkout page, at `/v3/hosted/pay/<key>` and `/checkout/pay/<key>` (the link is the only
 * credential: whoever holds it may pay). GET shows the session as it stands; POST takes what the
 * customer did — `pay` with a method's fields, `pin`, `otp`, `address`, `check` (has the money
 * arrived?) or `cancel` — then redirects (303): back to the page, to a sandbox page for a 3-D Secure
 * or bank step (which returns to this page), or to the merchant's redirect_url once the session is
 * over. A form the page refuses is shown again with the errors (422). An expired session gets a page
 * saying so, with the way back to the merchant.
 */
import formbody from '@fastify/formbody';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { StringEnum } from '../../api/http/fields.js';
import { pendingAttempt } from '../../domain/checkout.js';
import { openCheckout, reloadCheckout, type Checkout } from '../../flows/checkout/checkout.js';
import { answerAttempt, cancelCheckout, startAttempt } from '../../flows/checkout/checkout-attempts.js';
import type { Deps } from '../../flows/deps.js';
import type { ChargeWithMethod } from '../../flows/charges/read-charges.js';
import { checkoutMethods } from '../../methods/checkout-options.js';
import { ADDRESS_FIELDS, methodChoice, readAnswer, readAttempt, type Form } from './checkout-forms.js';
import { CHECKOUT_PATHS, checkoutPath, returnUrl } from '../../api/http/checkout-links.js';
import { renderCheckout, type CheckoutFrame, type FormError } from './checkout-page.js';
import { sandboxPanel } from './checkout-sandbox.js';
import { declineReason, displayAmount, stepView } from './checkout-views.js';
import type { Links } from '../../api/http/links.js';
import { renderOutcome, sendPage } from '../outcome-page.js';

const Text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

const PageForm = Type.Object({
  action: StringEnum(['pay', 'pin', 'otp', 'address', 'check', 'cancel'] as const),
  method: Text(40),
  // Generous: a value too long for its field is a wrong value, answered on the page, not a broken request.
  card_number: Text(64),
  expiry: Text(32),
  cvv: Text(32),
  pin: Text(32),
  otp: Text(32),
  phone_number: Text(64),
  network: Text(64),
  account_bank: Text(32),
  voucher_pin: Text(64),
  address: Text(255),
  city: Text(100),
  state: Text(100),
  zipcode: Text(32),
  country: Text(32),
});

const NOT_A_LINK = 'This payment link is incomplete or unknown. Ask the merchant for a new one.';
const REFERENCE_TAKEN =
  'This payment’s reference was used by another transaction. Ask the merchant for a new payment link.';

/** What the page refused, shown again: which method's form, the errors, what was entered. */
interface Refused {
  readonly open?: string;
  readonly errors: readonly FormError[];
  readonly values?: Readonly<Record<string, string>>;
}

/** The attempt waiting for the customer, with its payment method. */
function waitingAttempt(c: Checkout): ChargeWithMethod | undefined {
  const pending = pendingAttempt(c.state);
  return pending && c.attempts.find((a) => a.charge.id === pending.id);
}

export async function checkoutPageRoutes(root: FastifyInstance, deps: Deps, links: Links): Promise<void> {
  await root.register(formbody);
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const schema = { hide: true, params: Type.Object({ key: Type.String({ maxLength: 64 }) }) };
  /** `?checked=1`: the page after "I've sent the money" found the payment still waiting. */
  const CheckedQuery = Type.Object({ checked: Type.Optional(Type.String({ maxLength: 8 })) });

  const methodsOf = (c: Checkout) => checkoutMethods(c.session, c.session.paymentOptions);

  const frame = async (c: Checkout, attempt: ChargeWithMethod | undefined): Promise<CheckoutFrame> => {
    const { session, state } = c;
    const merchantName = (await deps.profiles.get(session.merchantId))?.name ?? 'Merchant';
    const { title, description, logo } = session.customizations;
    return {
      action: checkoutPath(session),
      title: title ?? merchantName,
      merchantName,
      ...(description === undefined ? {} : { description }),
      ...(logo === undefined ? {} : { logo }),
      amount: displayAmount(session.amount, session.currency),
      email: c.customer.email,
      reference: session.reference,
      // Over, the session has nothing left to test or cancel.
      sandbox:
        state.status === 'open'
          ? sandboxPanel(
              session,
              methodsOf(c),
              attempt && { charge: attempt.charge, type: attempt.paymentMethod.details.type },
              Math.round(deps.settings.autoCompleteMs / 1000),
            )
          : [],
      cancellable: state.status === 'open',
    };
  };

  const step = async (c: Checkout, attempt: ChargeWithMethod, f: CheckoutFrame, refused?: Refused) =>
    stepView(attempt, {
      links,
      clientId: (await deps.profiles.get(c.session.merchantId))?.v4ClientId ?? '',
      merchantName: f.merchantName,
      now: deps.clock.now(),
      ...refused,
    });

  /** The page for the session as it stands; over, it sends the browser back to the merchant. */
  const show = async (reply: FastifyReply, c: Checkout, refused?: Refused, checked = false) => {
    const { state } = c;
    switch (state.status) {
      case 'succeeded':
      case 'failed':
      case 'cancelled':
        return reply.redirect(returnUrl(c.session, state), 303);
      case 'expired':
        return sendPage(
          reply,
          410,
          renderCheckout(await frame(c, undefined), {
            kind: 'expired',
            returnUrl: returnUrl(c.session, state),
          }),
        );
      case 'open':
        break;
    }
    const status = refused ? 422 : 200;
    const attempt = waitingAttempt(c);
    const framed = await frame(c, attempt);
    const f = checked && attempt ? { ...framed, checkedAt: deps.clock.now().toISOString() } : framed;
    if (attempt) return sendPage(reply, status, renderCheckout(f, await step(c, attempt, f, refused)));
    const declined = state.attempt?.status === 'failed' ? state.attempt : undefined;
    const left = state.attemptsLeft === 1 ? '1 attempt' : `${state.attemptsLeft} attempts`;
    return sendPage(
      reply,
      status,
      renderCheckout(f, {
        kind: 'choose',
        methods: methodsOf(c).map((m) => methodChoice(m, c.session, f.amount)),
        ...refused,
        ...(declined && {
          notice: [
            `Payment declined: ${declineReason(declined.processorResponse?.type)}.`,
            `No money was taken. You can try again with another card or method (${left} left).`,
          ],
        }),
      }),
    );
  };

  /** After an action: on to the sandbox page of a redirect step, the merchant once over, or the page. */
  const after = async (reply: FastifyReply, c: Checkout, checked = false) => {
    const attempt = waitingAttempt(c);
    if (attempt?.charge.nextAction?.type === 'redirect_url') {
      const view = await step(c, attempt, await frame(c, attempt));
      if (view.kind === 'redirect') return reply.redirect(view.href, 303);
    }
    const over = c.state.status !== 'open' && c.state.status !== 'expired';
    if (over) return reply.redirect(returnUrl(c.session, c.state), 303);
    const page = checkoutPath(c.session);
    return reply.redirect(checked && attempt ? `${page}?checked=1` : page, 303);
  };

  /** A new attempt with the method and fields posted. */
  const pay = async (reply: FastifyReply, c: Checkout, form: Form) => {
    const method = methodsOf(c).find((m) => m.id === form['method']);
    if (!method || waitingAttempt(c)) return after(reply, c);
    // What the customer may see again; never a card number, CVV or PIN.
    const values = {
      network: form['network'] ?? '',
      phone_number: form['phone_number'] ?? '',
      account_bank: form['account_bank'] ?? '',
      account_number: form['account_number'] ?? '',
    };
    const read = readAttempt(method, form, {
      session: c.session,
      customer: c.customer,
      pageUrl: links.publicUrl + checkoutPath(c.session),
      now: deps.clock.now(),
    });
    if (!read.ok) return show(reply, c, { open: method.id, errors: read.error, values });
    const started = await startAttempt(deps, c, read.value);
    const now = await reloadCheckout(deps, c);
    if (started.ok || now.attempts.length > c.attempts.length || now.state.status !== 'open') {
      // Started — by this request, or by another page racing it: show the attempt as it is.
      return after(reply, now);
    }
    const { error } = started;
    const errors =
      error.type === 'CHARGE_ALREADY_EXISTS'
        ? [{ message: REFERENCE_TAKEN }]
        : error.fields.length > 0
          ? error.fields
          : [{ message: error.message }];
    return show(reply, now, { open: method.id, errors, values });
  };

  const refusedLink = (reply: FastifyReply) =>
    sendPage(reply, 404, renderOutcome({ status: 'invalid', title: '', message: NOT_A_LINK }));

  for (const base of Object.values(CHECKOUT_PATHS)) {
    const path = `${base}/:key`;

    app.get(
      path,
      { config: { dialect: 'web' }, schema: { ...schema, querystring: CheckedQuery } },
      async (req, reply) => {
        const c = await openCheckout(deps, req.params.key);
        return c ? show(reply, c, undefined, req.query.checked !== undefined) : refusedLink(reply);
      },
    );

    app.post(
      path,
      { config: { dialect: 'web' }, schema: { ...schema, body: PageForm } },
      async (req, reply) => {
        const c = await openCheckout(deps, req.params.key);
        if (!c) return refusedLink(reply);
        const form: Form = req.body;
        const { action } = req.body;
        if (action === 'cancel') return after(reply, await cancelCheckout(deps, c));
        if (c.state.status !== 'open' || action === 'check') return after(reply, c, action === 'check');
        if (action === 'pay') return pay(reply, c, form);
        const answer = readAnswer(action, form);
        if (!answer.ok) {
          const values = Object.fromEntries(ADDRESS_FIELDS.map((f) => [f.name, form[f.name] ?? '']));
          return show(reply, c, { errors: answer.error, values });
        }
        // Refused only when the step has moved on (another tab, a timer): the page then shows where it is.
        await answerAttempt(deps, c, answer.value);
        return after(reply, await reloadCheckout(deps, c));
      },
    );
  }
}

/**
 * The charge life cycle every charge flow shares: open a charge on its rail (applying an up-front
 * authorisation), advance it with the next input, and record each step in its timeline. Pure apart
 * from reading the clock and drawing ids: flows write the results.
 */
import {
  isFinal,
  type Authorization,
  type Charge,
  type ChargeOrigin,
  type ChargeStep,
  type CheckoutAttempt,
  type NextAction,
  type NextActionType,
  type Scenario,
} from '../../domain/charge.js';
import { pick, type Meta } from '../../domain/customer.js';
import { appError, type AppError } from '../../domain/errors.js';
import type { DomainEvent } from '../../domain/events.js';
import { computeFees } from '../../domain/fees.js';
import { newFlwRef, newId } from '../../domain/ids.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Decision, Instrument, Rail, RailContext, Refusal } from '../../rails/contract.js';
import { railFor } from '../../rails/index.js';
import type { Deps } from '../deps.js';
import { drawInstrument } from './instruments.js';

export interface ChargeRequest {
  readonly merchantId: string;
  readonly customerId: string;
  readonly paymentMethod: PaymentMethod;
  readonly amount: number;
  readonly currency: string;
  readonly reference: string;
  readonly redirectUrl?: string;
  readonly meta: Meta;
  readonly recurring: boolean;
  readonly preauthorize?: boolean;
  /** What the id names: a v4 order (`ord_…`, always pre-authorised) or a charge (the default). */
  readonly idKind?: 'charge' | 'order';
  readonly origin: ChargeOrigin;
  readonly scenario: Scenario;
  readonly authorization?: Authorization;
  /** The rail flow when the scenario names none: the dialect's default for the method. */
  readonly flow?: string;
  /** An account to transfer to, a voucher's balance: what the caller knows of the instrument. */
  readonly instrument?: Instrument;
  readonly virtualAccountId?: string;
  /** A hosted-checkout attempt: the session it belongs to and its number. */
  readonly checkout?: CheckoutAttempt;
}

/**
 * A charge as decided, with the event its final state produces (if it reached one) and, when it waits
 * for the customer away from the merchant, when the sandbox completes it if nobody acts.
 */
export interface ChargeChange {
  readonly charge: Charge;
  readonly event?: DomainEvent;
  readonly autoCompleteAt?: Date;
}

const AWAITING: Record<NextActionType, string> = {
  requires_pin: 'the card PIN (authorization.type "pin")',
  requires_otp: 'the OTP (authorization.type "otp")',
  requires_additional_fields: 'the billing address (authorization.type "avs")',
  redirect_url: 'the customer to complete the redirect (or authorization.type "external_3ds")',
  requires_requery: 'nothing: its outcome is unknown, fetch it again later',
  requires_capture: 'the merchant to capture or void the held funds',
  payment_instruction: 'the customer to follow the payment instruction',
  qr_code: 'the customer to scan the QR code',
  requires_bank_transfer: 'a bank transfer into the account it was given',
};

/** `subject` names the charge in the message: `Charge chg_…`, or `This charge` while it is being created. */
function refused(refusal: Refusal, subject: string): AppError {
  return appError(
    'CHARGE_UPDATE_NOT_ALLOWED',
    refusal.awaiting
      ? `${subject} is waiting for ${AWAITING[refusal.awaiting]}`
      : `${subject} is not waiting for an authorization`,
  );
}

const step = (at: Date, d: Decision<unknown>): ChargeStep => ({
  at,
  note: d.note,
  status: d.status,
  ...pick('nextAction', d.nextAction?.type),
});

function railOf(type: string): Result<Rail<unknown>> {
  const rail = railFor(type);
  return rail
    ? ok(rail)
    : err(appError('UNPROCESSABLE', `Payment methods of type ${type} cannot be charged in this version`));
}

/** A v4 order is a pre-authorised charge whose id is an order id (`ord_…`). */
export const isOrder = (charge: Pick<Charge, 'id'>): boolean => charge.id.startsWith('ord_');

/** An order whose funds the issuer has just put on hold: it waits for the merchant's capture or void. */
export const isAuthorized = (charge: Pick<Charge, 'status' | 'nextAction'>): boolean =>
  charge.status === 'pending' && charge.nextAction?.type === 'requires_capture';

/**
 * The event a charge's state produces, dated like the change itself: `charge.completed` once it is
 * final, and `order.authorization` when an order's funds are put on hold.
 */
export function completed(charge: Charge, paymentMethod: PaymentMethod): DomainEvent | undefined {
  const authorized = isOrder(charge) && isAuthorized(charge);
  if (!isFinal(charge.status) && !authorized) return undefined;
  return {
    id: newId('webhookEvent'),
    merchantId: charge.merchantId,
    type: authorized ? 'order.authorization' : 'charge.completed',
    chargeId: charge.id,
    data: { charge, paymentMethod },
    createdAt: charge.updatedAt,
  };
}

const contextOf = (
  c: Pick<Charge, 'scenario' | 'recurring' | 'preauthorize' | 'amount' | 'currency'>,
  pm: PaymentMethod,
): RailContext => ({
  scenario: c.scenario,
  recurring: c.recurring,
  preauthorize: c.preauthorize,
  method: pm.details,
  amount: c.amount,
  currency: c.currency,
});

/** When a pending decision that waits for the customer elsewhere is completed by the sandbox. */
const autoCompletion = (deps: Deps, d: Decision<unknown>, at: Date) =>
  pick(
    'autoCompleteAt',
    d.autoComplete === true ? new Date(at.getTime() + deps.settings.autoCompleteMs) : undefined,
  );

/**
 * The step as the charge keeps it: a payment instruction carries the code drawn for it (a USSD payment
 * code, a Fawry reference), so dialects and pages render it from this field, never from the note.
 */
function structured(
  action: NextAction | undefined,
  instrument: Instrument | undefined,
): NextAction | undefined {
  return action?.type === 'payment_instruction' && instrument?.code !== undefined
    ? { ...action, code: instrument.code }
    : action;
}

/** A new charge, started on its rail; an up-front authorisation is applied if the rail awaits it. */
export async function openCharge(deps: Deps, req: ChargeRequest): Promise<Result<ChargeChange>> {
  const rail = railOf(req.paymentMethod.details.type);
  if (!rail.ok) return rail;
  const now = deps.clock.now();
  const ids = { id: newId(req.idKind ?? 'charge'), txId: await deps.numericIds.next(), flwRef: newFlwRef() };
  const ctx: RailContext = {
    ...contextOf({ ...req, preauthorize: req.preauthorize ?? false }, req.paymentMethod),
    ...pick('defaultFlow', req.flow),
    instrument: await drawInstrument(deps, req, { ...ids, ...req }),
  };
  let decision = rail.value.start(ctx);
  const history = [step(now, decision)];
  // An authorisation sent with the request is used when the rail waits for one; a charge that is
  // final at once (no-auth, recurring) simply does not need it.
  if (req.authorization && decision.status === 'pending') {
    const next = rail.value.advance(decision.state, req.authorization, ctx);
    if (!next.ok) return err(refused(next.error, 'This charge, as its scenario starts,'));
    decision = next.value;
    history.push(step(now, decision));
  }
  const charge: Charge = {
    ...ids,
    merchantId: req.merchantId,
    customerId: req.customerId,
    paymentMethodId: req.paymentMethod.id,
    reference: req.reference,
    amount: req.amount,
    currency: req.currency,
    status: decision.status,
    ...pick('nextAction', structured(decision.nextAction, ctx.instrument)),
    ...pick('processorResponse', decision.processorResponse),
    scenario: req.scenario,
    rail: rail.value.name,
    railState: decision.state,
    ...pick('redirectUrl', req.redirectUrl),
    meta: req.meta,
    recurring: req.recurring,
    preauthorize: req.preauthorize ?? false,
    origin: req.origin,
    ...pick('virtualAccountId', req.virtualAccountId),
    ...pick('checkout', req.checkout),
    fees: computeFees(deps.pricing, req.paymentMethod.details.type, req.amount, req.currency),
    amountRefunded: 0,
    history,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return ok({
    charge,
    ...pick('event', completed(charge, req.paymentMethod)),
    ...autoCompletion(deps, decision, now),
  });
}

/** The charge after `input`, or why the charge cannot take it. */
export function advanceCharge(
  deps: Deps,
  current: Charge,
  paymentMethod: PaymentMethod,
  input: Authorization,
  meta?: Meta,
): Result<ChargeChange> {
  if (isFinal(current.status)) {
    return err(appError('CHARGE_FINALIZED', `Charge ${current.id} is already ${current.status}`));
  }
  const rail = railOf(paymentMethod.details.type);
  if (!rail.ok) return rail;
  const next = rail.value.advance(current.railState, input, contextOf(current, paymentMethod));
  if (!next.ok) return err(refused(next.error, `Charge ${current.id}`));
  const now = deps.clock.now();
  // The new decision replaces the step's next action and processor response, whatever they were.
  const { nextAction: _replacedAction, processorResponse: _replacedResponse, ...rest } = current;
  const charge: Charge = {
    ...rest,
    status: next.value.status,
    ...pick('nextAction', next.value.nextAction),
    ...pick('processorResponse', next.value.processorResponse),
    railState: next.value.state,
    meta: meta ?? current.meta,
    history: [...current.history, step(now, next.value)],
    version: current.version + 1,
    updatedAt: now,
  };
  return ok({
    charge,
    ...pick('event', completed(charge, paymentMethod)),
    ...autoCompletion(deps, next.value, now),
  });
}

export function reportOutcome(
  deps: Deps,
  change: ChargeChange,
  paymentMethod: PaymentMethod,
  channel: string,
): void {
  if (change.event?.type === 'charge.completed') {
    deps.telemetry.chargeCompleted({
      paymentMethod: paymentMethod.details.type,
      status: change.charge.status,
      channel,
    });
  }
}

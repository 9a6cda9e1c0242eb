/**
 * The card rail: the sandbox issuer and its authentication steps (spec §9, §11 [P]).
 *
 * Flows (`scenario:` part of X-Scenario-Key):
 * - `noauth` (also no `scenario:` part): final at creation;
 * - `auth_pin`: PIN, then OTP, then the issuer answers;
 * - `auth_pin_3ds`: PIN, then a 3DS redirect, then the issuer answers;
 * - `auth_3ds`: a 3DS redirect (or the merchant's own 3DS result), then the issuer answers;
 * - `auth_avs`: the billing address, then the issuer answers;
 * - `auth_avs_3ds`: the billing address, then a 3DS redirect (the v3 AVS test card's path, spec v3 §2.2).
 * With `preauthorize`, an approval holds the funds (`requires_capture`) until the merchant captures
 * (part of) them — the charge succeeds — or voids the hold.
 * The `issuer:` part is the issuer's answer (default `approved`). PIN issuers (incorrect_pin…) answer at
 * the PIN step when the flow has one, and at the final step otherwise. A recurring charge skips every
 * step. A flow of another rail (`auth_redirect`, which one PHP SDK sends on every call) does not apply
 * to cards: it is ignored, so the charge is `noauth` and the issuer answers. `scenario:requery`, an
 * unreadable key, a value no rail knows or an unknown issuer leaves the charge pending with
 * `requires_requery` for good — the sandbox's documented answer to an invalid key (rails/scenarios.ts).
 *
 * The state is only the step the charge waits at; everything else is re-read from the scenario,
 * which is bound to the charge for life. Both are plain JSON, so the rail works from what was stored.
 */
import type { Authorization, NextAction, ProcessorResponse, Scenario } from '../domain/charge.js';
import {
  AUTHENTICATION_FAILED,
  ISSUER_RESPONSES,
  PIN_ISSUERS,
  isIssuerType,
  processorResponse,
  type IssuerType,
} from '../domain/issuers.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Decision, Rail, RailContext, Refusal } from './contract.js';
import { CARD_FLOWS, chooseFlow, noteIgnored } from './scenarios.js';

export { CARD_FLOWS };
export type CardFlow = (typeof CARD_FLOWS)[number];

export type CardStep = 'pin' | 'otp' | 'avs' | 'redirect' | 'capture' | 'requery' | 'done';

export interface CardState {
  readonly step: CardStep;
}

/** The billing-address fields AVS asks for, in the order of spec §8.4. */
export const AVS_FIELDS = [
  'authorization.avs.address.postal_code',
  'authorization.avs.address.line1',
  'authorization.avs.address.state',
  'authorization.avs.address.country',
  'authorization.avs.address.city',
] as const;

/** A wrong OTP when the scenario pins one (v3 test credentials): no enum value says "wrong OTP"; 12 is the generic refusal. */
export const WRONG_OTP: ProcessorResponse = processorResponse('invalid_transaction');

/** What the scenario asks of this rail (and the part of it that did not apply), or why it cannot be read. */
type Plan =
  | {
      readonly ok: true;
      readonly flow: CardFlow;
      readonly issuer: IssuerType;
      readonly ignored?: string;
    }
  | { readonly ok: false; readonly why: string };

function planOf(scenario: Scenario): Plan {
  if (scenario.malformed) return { ok: false, why: 'unreadable scenario key' };
  const chosen = chooseFlow<CardFlow>(scenario.flow, CARD_FLOWS, 'noauth', 'card');
  if (!chosen.ok) return chosen;
  const { issuer = 'approved' } = scenario;
  if (!isIssuerType(issuer)) return { ok: false, why: `unknown issuer "${issuer}"` };
  return { ok: true, flow: chosen.flow, issuer, ...pickIgnored(chosen.ignored) };
}

const pickIgnored = (ignored: string | undefined) => (ignored === undefined ? {} : { ignored });

const pending = (step: CardStep, nextAction: NextAction, note: string): Decision<CardState> => ({
  state: { step },
  status: 'pending',
  nextAction,
  note,
});

const failed = (response: ProcessorResponse, note: string): Decision<CardState> => ({
  state: { step: 'done' },
  status: 'failed',
  processorResponse: response,
  note,
});

const requery = (why: string): Decision<CardState> =>
  pending('requery', { type: 'requires_requery' }, `${capitalise(why)}; charge left pending, requery it`);

/** The issuer's answer once nothing else stands in the way; `partial_approval` is a failure (no partial capture). */
function byIssuer(issuer: IssuerType, what: string, ctx: RailContext): Decision<CardState> {
  if (issuer === 'approved' && ctx.preauthorize === true) {
    return pending(
      'capture',
      { type: 'requires_capture' },
      `${what}; authorized by the issuer (00), funds held`,
    );
  }
  if (issuer === 'approved') {
    return {
      state: { step: 'done' },
      status: 'succeeded',
      processorResponse: processorResponse('approved'),
      note: `${what}; approved by the issuer (00)`,
    };
  }
  return failed(processorResponse(issuer), `${what}; declined by the issuer: ${describe(issuer)}`);
}

const describe = (issuer: IssuerType): string => `${issuer} (${ISSUER_RESPONSES[issuer]})`;

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

const AWAITING: Readonly<Record<'pin' | 'otp' | 'avs' | 'redirect' | 'capture', NextAction>> = {
  pin: { type: 'requires_pin' },
  otp: { type: 'requires_otp' },
  avs: { type: 'requires_additional_fields', fields: AVS_FIELDS },
  redirect: { type: 'redirect_url' },
  capture: { type: 'requires_capture' },
};

function start(ctx: RailContext): Decision<CardState> {
  const plan = planOf(ctx.scenario);
  if (!plan.ok) return requery(plan.why);
  return noteIgnored(begin(plan, ctx), plan.ignored, 'card');
}

function begin(plan: Plan & { ok: true }, ctx: RailContext): Decision<CardState> {
  if (ctx.recurring) return byIssuer(plan.issuer, 'Recurring charge of a saved card', ctx);
  switch (plan.flow) {
    case 'noauth':
      return byIssuer(plan.issuer, 'Charge created; no authentication required', ctx);
    case 'auth_pin':
    case 'auth_pin_3ds':
      return pending('pin', AWAITING.pin, 'Charge created; waiting for the card PIN');
    case 'auth_3ds':
      return pending(
        'redirect',
        AWAITING.redirect,
        'Charge created; waiting for the cardholder to complete 3DS',
      );
    case 'auth_avs':
    case 'auth_avs_3ds':
      return pending('avs', AWAITING.avs, 'Charge created; waiting for the billing address (AVS)');
  }
}

function advance(
  state: CardState,
  input: Authorization,
  ctx: RailContext,
): Result<Decision<CardState>, Refusal> {
  const { step } = state;
  if (step === 'done') return err({ reason: 'not_awaiting_input' });
  const plan = planOf(ctx.scenario);
  // A charge whose scenario cannot be read never left `requery`; refuse the same way should a
  // stored state ever disagree with its scenario.
  if (step === 'requery' || !plan.ok)
    return err({ reason: 'not_awaiting_input', awaiting: 'requires_requery' });
  const unexpected = err({ reason: 'unexpected_input', awaiting: AWAITING[step].type } as const);
  const { flow, issuer } = plan;

  switch (step) {
    case 'pin': {
      if (input.type !== 'pin') return unexpected;
      if (ctx.scenario.pin !== undefined && input.pin !== ctx.scenario.pin) {
        return ok(
          failed(processorResponse('incorrect_pin'), 'Wrong PIN entered; declined: incorrect_pin (55)'),
        );
      }
      if (PIN_ISSUERS.has(issuer)) {
        return ok(failed(processorResponse(issuer), `PIN declined by the issuer: ${describe(issuer)}`));
      }
      return ok(
        flow === 'auth_pin_3ds'
          ? pending('redirect', AWAITING.redirect, 'PIN accepted; redirecting the cardholder to 3DS')
          : pending('otp', AWAITING.otp, 'PIN accepted; OTP sent to the cardholder'),
      );
    }
    case 'otp': {
      if (input.type !== 'otp') return unexpected;
      if (ctx.scenario.otp !== undefined && input.code !== ctx.scenario.otp) {
        return ok(failed(WRONG_OTP, `Wrong OTP entered; declined: ${describe('invalid_transaction')}`));
      }
      return ok(byIssuer(issuer, 'OTP accepted', ctx));
    }
    case 'avs':
      if (input.type !== 'avs') return unexpected;
      return ok(
        flow === 'auth_avs_3ds'
          ? pending(
              'redirect',
              AWAITING.redirect,
              'Billing address received; redirecting the cardholder to 3DS',
            )
          : byIssuer(issuer, 'Billing address received', ctx),
      );
    case 'redirect':
      if (input.type === 'redirect') {
        return ok(
          input.approved
            ? byIssuer(issuer, '3DS challenge completed by the cardholder', ctx)
            : failed(AUTHENTICATION_FAILED, '3DS challenge declined by the cardholder'),
        );
      }
      if (input.type === 'external_3ds') {
        const status = input.transactionStatus;
        return ok(
          status === 'Y' || status === 'A'
            ? byIssuer(issuer, `Merchant 3DS authenticated the cardholder (${status})`, ctx)
            : failed(AUTHENTICATION_FAILED, `Merchant 3DS did not authenticate the cardholder (${status})`),
        );
      }
      return unexpected;
    case 'capture':
      if (input.type === 'capture') {
        return ok({
          state: { step: 'done' },
          status: 'succeeded',
          processorResponse: processorResponse('approved'),
          note: 'Held funds captured',
        });
      }
      if (input.type === 'void') {
        return ok({
          state: { step: 'done' },
          status: 'voided',
          processorResponse: processorResponse('approved'),
          note: 'Hold released (voided)',
        });
      }
      return unexpected;
  }
}

export const cardRail: Rail<CardState> = {
  name: 'card',
  flows: CARD_FLOWS,
  defaultFlow: 'noauth',
  start,
  advance,
};

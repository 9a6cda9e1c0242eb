/**
 * A rail whose charge waits for the customer to act: away from the merchant (approve a phone prompt,
 * dial a USSD code, scan a QR code, pay at a kiosk — `awaiting`, completed by the sandbox control
 * endpoints or, if nobody acts, by a `timeout`), or on a sandbox page (`redirect`). Each rail says how
 * its flows begin; answering is the same for all:
 * - awaiting: `approval` approved → the scenario's issuer answers; declined → the decline chosen (05
 *   by default); `timeout` → the scenario's issuer answers, as if the customer had approved;
 * - redirect: the page's approve → the issuer answers; decline → 05.
 * A `scenario:` value only other rails understand is ignored (the default flow runs); an unreadable
 * key, an unknown value or issuer, or `scenario:requery` stays pending for a requery (scenarios.ts).
 */
import type { Authorization, NextAction } from '../domain/charge.js';
import type { IssuerType } from '../domain/issuers.js';
import { err, ok, type Result } from '../domain/result.js';
import type { Decision, Rail, RailContext, Refusal } from './contract.js';
import { noteIgnored } from './scenarios.js';
import {
  answered,
  CUSTOMER_DECLINED,
  declined,
  declineResponse,
  planOf,
  requery,
  waiting,
  type WaitingState,
} from './outcomes.js';

/** How a flow begins: the step it waits at, or a final decision, or why it cannot begin. */
export type Beginning<F extends string> =
  | { readonly step: 'awaiting' | 'redirect'; readonly nextAction: NextAction; readonly note: string }
  | { readonly final: Decision<WaitingState<F>> }
  | { readonly cannot: string };

export interface WaitingRailSpec<F extends string> {
  readonly name: string;
  readonly flows: readonly F[];
  readonly defaultFlow: F;
  begin(flow: F, issuer: IssuerType, ctx: RailContext): Beginning<F>;
  /** Inputs a rail takes while `awaiting` besides approval and timeout (a bank transfer's money). */
  awaitingInput?(
    input: Authorization,
    flow: F,
    issuer: IssuerType,
    ctx: RailContext,
  ): Decision<WaitingState<F>> | undefined;
  /** What the customer did, for the timeline: "The customer approved the prompt on their phone". */
  readonly approvedNote: string;
  readonly declinedNote: string;
  /** What the sandbox did when nobody acted (default: the scenario decided). */
  readonly timeoutNote?: string;
}

export function waitingRail<F extends string>(spec: WaitingRailSpec<F>): Rail<WaitingState<F>> {
  const defaultOf = (ctx: RailContext): F =>
    (spec.flows as readonly string[]).includes(ctx.defaultFlow ?? '')
      ? (ctx.defaultFlow as F)
      : spec.defaultFlow;

  function start(ctx: RailContext): Decision<WaitingState<F>> {
    const plan = planOf(ctx.scenario, spec.name, spec.flows, defaultOf(ctx));
    if (!plan.ok) return requery(plan.why);
    const begun = spec.begin(plan.flow, plan.issuer, ctx);
    if ('cannot' in begun) return requery(begun.cannot, plan.flow);
    const decision =
      'final' in begun ? begun.final : waiting(begun.step, plan.flow, begun.nextAction, begun.note);
    return noteIgnored(decision, plan.ignored, ctx.method?.type ?? spec.name);
  }

  function advance(
    state: WaitingState<F>,
    input: Authorization,
    ctx: RailContext,
  ): Result<Decision<WaitingState<F>>, Refusal> {
    if (state.step === 'done') return err({ reason: 'not_awaiting_input' });
    const plan = state.flow === 'none' ? undefined : planOf(ctx.scenario, spec.name, spec.flows, state.flow);
    if (state.step === 'requery' || plan === undefined || !plan.ok || state.flow === 'none') {
      return err({ reason: 'not_awaiting_input', awaiting: 'requires_requery' });
    }
    const { issuer } = plan;
    const flow = state.flow;
    if (state.step === 'redirect') {
      if (input.type !== 'redirect') return err({ reason: 'unexpected_input', awaiting: 'redirect_url' });
      return ok(
        input.approved
          ? answered(flow, issuer, spec.approvedNote)
          : declined(flow, CUSTOMER_DECLINED, spec.declinedNote),
      );
    }
    switch (input.type) {
      case 'approval':
        return ok(
          input.approved
            ? answered(flow, issuer, spec.approvedNote)
            : declined(flow, declineResponse(input.issuer), spec.declinedNote),
        );
      case 'timeout':
        return ok(
          answered(
            flow,
            issuer,
            spec.timeoutNote ?? 'Nobody answered within the sandbox wait; the scenario decided',
          ),
        );
      default: {
        const other = spec.awaitingInput?.(input, flow, issuer, ctx);
        if (other) return ok(other);
        return err({ reason: 'unexpected_input', awaiting: state.awaits ?? 'payment_instruction' });
      }
    }
  }

  return { name: spec.name, flows: spec.flows, defaultFlow: spec.defaultFlow, start, advance };
}

/**
 * What the rails other than card share: reading the scenario as a flow and an issuer, and the
 * decisions that end or park a charge. The `issuer:` part takes every issuer answer (domain/issuers.ts)
 * and also `failed`, the generic decline the virtual-account docs use, which answers 05 "do not honor".
 */
import type { NextAction, NextActionType, ProcessorResponse, Scenario } from '../domain/charge.js';
import { ISSUER_RESPONSES, isIssuerType, processorResponse, type IssuerType } from '../domain/issuers.js';
import type { Decision } from './contract.js';
import { chooseFlow } from './scenarios.js';

export type Plan<F extends string> =
  | {
      readonly ok: true;
      readonly flow: F;
      readonly issuer: IssuerType;
      /** A `scenario:` value only other rails understand, ignored here (scenarios.ts). */
      readonly ignored?: string;
    }
  | { readonly ok: false; readonly why: string };

export function planOf<F extends string>(
  scenario: Scenario,
  rail: string,
  flows: readonly F[],
  defaultFlow: F,
): Plan<F> {
  if (scenario.malformed) return { ok: false, why: 'unreadable scenario key' };
  const chosen = chooseFlow(scenario.flow, flows, defaultFlow, rail);
  if (!chosen.ok) return chosen;
  const issuer = scenario.issuer === 'failed' ? 'do_not_honor' : (scenario.issuer ?? 'approved');
  if (!isIssuerType(issuer)) return { ok: false, why: `unknown issuer "${issuer}"` };
  return {
    ok: true,
    flow: chosen.flow,
    issuer,
    ...(chosen.ignored === undefined ? {} : { ignored: chosen.ignored }),
  };
}

/** The state every one of these rails keeps: the step it waits at and the flow it follows. */
export interface WaitingState<F extends string = string> {
  readonly step: 'awaiting' | 'redirect' | 'requery' | 'done';
  readonly flow: F | 'none';
  /** While awaiting: what the charge shows it waits for (so a refusal can say so). */
  readonly awaits?: NextActionType;
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const describeIssuer = (issuer: IssuerType): string => `${issuer} (${ISSUER_RESPONSES[issuer]})`;

export const requery = <F extends string>(
  why: string,
  flow: F | 'none' = 'none',
): Decision<WaitingState<F>> => ({
  state: { step: 'requery', flow },
  status: 'pending',
  nextAction: { type: 'requires_requery' },
  note: `${capitalise(why)}; charge left pending, requery it`,
});

export const waiting = <F extends string>(
  step: 'awaiting' | 'redirect',
  flow: F,
  nextAction: NextAction,
  note: string,
): Decision<WaitingState<F>> => ({
  state: { step, flow, awaits: nextAction.type },
  status: 'pending',
  nextAction,
  note,
  // The customer acts elsewhere (phone, bank app, kiosk): the sandbox stands in if nobody does.
  ...(step === 'awaiting' ? { autoComplete: true } : {}),
});

export const declined = <F extends string>(
  flow: F,
  response: ProcessorResponse,
  note: string,
): Decision<WaitingState<F>> => ({
  state: { step: 'done', flow },
  status: 'failed',
  processorResponse: response,
  note,
});

/** The issuer's answer once the customer has done their part. */
export function answered<F extends string>(
  flow: F,
  issuer: IssuerType,
  what: string,
): Decision<WaitingState<F>> {
  return issuer === 'approved'
    ? {
        state: { step: 'done', flow },
        status: 'succeeded',
        processorResponse: processorResponse('approved'),
        note: `${what}; approved (00)`,
      }
    : declined(flow, processorResponse(issuer), `${what}; declined: ${describeIssuer(issuer)}`);
}

/** What the customer's refusal (or a decline the tester chose) answers. */
export const CUSTOMER_DECLINED: ProcessorResponse = processorResponse('do_not_honor');

export function declineResponse(issuer: string | undefined): ProcessorResponse {
  return issuer !== undefined && isIssuerType(issuer) && issuer !== 'approved'
    ? processorResponse(issuer)
    : CUSTOMER_DECLINED;
}

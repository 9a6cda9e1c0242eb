/**
 * The sandbox's scenario vocabulary: the `scenario:` values each rail understands, and how a rail
 * reads the part of X-Scenario-Key that names a flow.
 *
 * Clients send scenario keys written for other payment methods — one PHP SDK sends
 * `scenario:auth_redirect` on every call — so a value that only other rails understand does not apply
 * to this charge: it is ignored, the rail's default flow runs, and the `issuer:` part still decides.
 * A charge is left pending for a requery, for good, only when the key asks for it: `scenario:requery`,
 * or a key that is not a scenario of the sandbox at all (unreadable, an unknown value or issuer) —
 * Flutterwave's documented answer to an invalid key.
 */
import type { Decision } from './contract.js';

export const CARD_FLOWS = [
  'noauth',
  'auth_pin',
  'auth_pin_3ds',
  'auth_3ds',
  'auth_avs',
  'auth_avs_3ds',
] as const;
export const MOBILE_MONEY_FLOWS = ['push', 'auth_redirect', 'qr'] as const;
export const USSD_FLOWS = ['dial'] as const;
export const REDIRECT_FLOWS = ['auth_redirect'] as const;
export const BANK_TRANSFER_FLOWS = ['transfer'] as const;
export const NQR_FLOWS = ['scan'] as const;
export const VOUCHER_FLOWS = ['redeem'] as const;
export const REFERENCE_PAYMENT_FLOWS = ['kiosk'] as const;
export const ACCOUNT_DEBIT_FLOWS = ['auth_otp'] as const;

/** Every value some rail understands (test/rails/index.test.ts checks it is the rails' own lists). */
export const SANDBOX_FLOWS: ReadonlySet<string> = new Set<string>([
  ...CARD_FLOWS,
  ...MOBILE_MONEY_FLOWS,
  ...USSD_FLOWS,
  ...REDIRECT_FLOWS,
  ...BANK_TRANSFER_FLOWS,
  ...NQR_FLOWS,
  ...VOUCHER_FLOWS,
  ...REFERENCE_PAYMENT_FLOWS,
  ...ACCOUNT_DEBIT_FLOWS,
]);

/** `scenario:requery`: a charge that stays pending with `requires_requery`, whatever its method. */
export const REQUERY_FLOW = 'requery';

/** The flow a rail follows, with the value it ignored if any; or why the charge must be requeried. */
export type FlowChoice<F extends string> =
  | { readonly ok: true; readonly flow: F; readonly ignored?: string }
  | { readonly ok: false; readonly why: string };

/**
 * Reads the `scenario:` value `asked` for a rail whose flows are `own`: its own values are followed,
 * no value means `fallback`, and a value only other rails know is ignored (`fallback` runs).
 */
export function chooseFlow<F extends string>(
  asked: string | undefined,
  own: readonly F[],
  fallback: F,
  rail: string,
): FlowChoice<F> {
  if (asked === undefined) return { ok: true, flow: fallback };
  if ((own as readonly string[]).includes(asked)) return { ok: true, flow: asked as F };
  if (asked === REQUERY_FLOW) return { ok: false, why: 'the scenario asks for a requery (scenario:requery)' };
  if (SANDBOX_FLOWS.has(asked)) return { ok: true, flow: fallback, ignored: asked };
  return { ok: false, why: `unknown ${rail} scenario "${asked}"` };
}

/**
 * The first step's note, saying which part of the key did not apply, so the timeline explains it;
 * `what` names the payment (a method type such as `mobile_money`, or the rail).
 */
export function noteIgnored<S>(
  decision: Decision<S>,
  ignored: string | undefined,
  what: string,
): Decision<S> {
  if (ignored === undefined) return decision;
  const payment = what.replaceAll('_', ' ');
  return {
    ...decision,
    note: `${decision.note} (scenario:${ignored} does not apply to ${payment}: ignored)`,
  };
}

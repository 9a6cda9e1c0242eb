/**
 * Issuer outcomes: the answers a card issuer can give, as `{type, code}` pairs (ISO 8583-style
 * two-digit codes). The table is spec §8.3's `processor_response` enum, which is also exactly the set of
 * values the sandbox accepts in the `issuer:` part of X-Scenario-Key (§11). Rails decide *when* an
 * issuer answers; this file only says *what* each answer is.
 */
import type { ProcessorResponse } from './charge.js';

export const ISSUER_RESPONSES = {
  approved: '00',
  refer_to_issuer: '01',
  refer_to_issuer_special_condition: '02',
  invalid_merchant: '03',
  pick_up_card_no_fraud: '04',
  do_not_honor: '05',
  error: '06',
  pick_up_card_fraud: '07',
  partial_approval: '10',
  invalid_transaction: '12',
  invalid_amount: '13',
  invalid_account_number: '14',
  no_such_issuer: '15',
  reenter_transaction: '19',
  no_action_taken: '21',
  unable_to_locate_record_in_file: '25',
  file_temporarily_not_available: '28',
  lost_card_pick_up: '41',
  stolen_card_pick_up: '43',
  insufficient_funds: '51',
  no_checking_account: '52',
  no_savings_account: '53',
  expired_card: '54',
  incorrect_pin: '55',
  transaction_not_permitted_card: '57',
  transaction_not_permitted_terminal: '58',
  suspected_fraud: '59',
  exceeds_approval_amount_limit: '61',
  invalid_restricted_service_code: '62',
  security_violation: '63',
  transaction_does_not_fulfill_aml_req: '64',
  exceeds_withdrawal_limit: '65',
  pin_data_required: '70',
  pin_entry_tries_exceeded: '75',
  unsolicited_reversal: '76',
  blocked_first_use: '78',
  already_reversed: '79',
  negative_cvv_result: '82',
  no_reason_to_decline: '85',
  cannot_verify_pin: '86',
  issuer_unavailable: '91',
  unable_to_route_transaction: '92',
  cannot_complete_violation_of_law: '93',
  system_error: '96',
  invalid_cvv: '97',
} as const satisfies Readonly<Record<string, string>>;

export type IssuerType = keyof typeof ISSUER_RESPONSES;

/** Every issuer type, in code order (the table's order). */
export const ISSUER_TYPES = Object.keys(ISSUER_RESPONSES) as readonly IssuerType[];

/** Own keys only: `constructor` or `__proto__` in a scenario key must not pass for an issuer. */
export function isIssuerType(s: string): s is IssuerType {
  return Object.hasOwn(ISSUER_RESPONSES, s);
}

export function processorResponse(type: IssuerType): ProcessorResponse {
  return { type, code: ISSUER_RESPONSES[type] };
}

/** True when `{type, code}` is one of the table's pairs (the only processor responses a final charge may carry). */
export function isIssuerResponse(response: ProcessorResponse): boolean {
  return isIssuerType(response.type) && ISSUER_RESPONSES[response.type] === response.code;
}

/** Issuers that answer at the PIN step: a flow with a PIN fails there, before any OTP or redirect (§11 [P] 5). */
export const PIN_ISSUERS: ReadonlySet<IssuerType> = new Set<IssuerType>([
  'incorrect_pin',
  'pin_entry_tries_exceeded',
  'cannot_verify_pin',
  'pin_data_required',
]);

export const APPROVED: ProcessorResponse = processorResponse('approved');

/**
 * The answer when the cardholder was not authenticated: they declined the sandbox 3DS/redirect
 * challenge, or a merchant's own 3DS reported `transaction_status` N, U or R. The processor_response
 * enum has no 3DS-failure code, and a real issuer whose authentication failed answers the
 * authorisation with 05 "do not honor", so that is what the charge carries.
 */
export const AUTHENTICATION_FAILED: ProcessorResponse = processorResponse('do_not_honor');

/** The answers a tester may make a decline carry: every issuer answer but approval. */
export const DECLINE_ISSUERS = ISSUER_TYPES.filter((t) => t !== 'approved');

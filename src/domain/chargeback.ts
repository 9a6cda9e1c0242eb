/**
 * Chargebacks (disputes): a customer's bank disputes a successful charge. The amount is held on the
 * merchant's wallet while it is open; the merchant accepts (the money goes back: debited) or declines
 * with evidence, and the outcome is `won` (released) or `lost` (debited). docs/sandbox.md "Chargebacks".
 */
export type ChargebackStatus = 'pending' | 'initiated' | 'accepted' | 'declined' | 'won' | 'lost';
export type ChargebackStage = 'new' | 'second' | 'pre-arbitration' | 'arbitration';
export type ChargebackType = 'local' | 'international';

/** What the merchant or the issuer said, as sent (all optional). */
export interface ChargebackDetails {
  readonly comment?: string;
  readonly uploadedProof?: string;
  readonly proofData?: string;
  readonly provider?: string;
  readonly arn?: string;
  readonly initiator?: string;
}

export interface Chargeback {
  readonly id: string;
  readonly numId: number;
  readonly merchantId: string;
  readonly chargeId: string;
  readonly charge: { readonly txId: number; readonly flwRef: string; readonly reference: string };
  /** Minor units of `currency`. */
  readonly amount: number;
  readonly currency: string;
  readonly status: ChargebackStatus;
  readonly stage: ChargebackStage;
  readonly type: ChargebackType;
  readonly details: ChargebackDetails;
  readonly dueAt: Date;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** Open: the merchant may still accept or decline it. */
export const OPEN_STATUSES: readonly ChargebackStatus[] = ['pending', 'initiated'];

/** How a step moves the held money: not at all, back to `available`, or out to the issuer. */
export type Movement = 'none' | 'release' | 'debit';

export interface Transition {
  readonly from: readonly ChargebackStatus[];
  readonly to: ChargebackStatus;
  readonly movement: Movement;
}

/** Every step a chargeback can take after it is opened. */
export const TRANSITIONS = {
  accept: { from: OPEN_STATUSES, to: 'accepted', movement: 'debit' },
  decline: { from: OPEN_STATUSES, to: 'declined', movement: 'none' },
  win: { from: ['declined'], to: 'won', movement: 'release' },
  lose: { from: ['pending', 'initiated', 'declined'], to: 'lost', movement: 'debit' },
} as const satisfies Record<string, Transition>;
export type Step = keyof typeof TRANSITIONS;

/** Default time the merchant has to answer, in hours, when none is given (local / international). */
export const DEFAULT_DUE_HOURS: Record<ChargebackType, number> = { local: 10, international: 30 };

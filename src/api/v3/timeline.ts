/**
 * A charge's timeline as v3 shows it (`GET /v3/transactions/{id}/events`): one row per step of the
 * charge's `history`, `{note, actor, object, action, context, created_at}`, oldest first, plus a
 * `TRANSACTION completion` row where the charge reached its final status — the shape of Flutterwave's
 * own timeline (SDK documentation/transactions.md), with our rail's notes as the text.
 *
 * A step does not record which input moved the charge on, but the step before it says what the
 * charge was waiting for, and that is the input it got: so the waited-for action names each row.
 */
import { isFinal, type Charge, type ChargeStep, type NextActionType } from '../../domain/charge.js';
import { V3_STATUS } from './views.js';

export interface V3TimelineEvent {
  readonly note: string;
  readonly actor: string;
  readonly object: string;
  readonly action: string;
  readonly context: string;
  readonly created_at: string;
}

interface Kind {
  readonly object: string;
  readonly action: string;
  /** Who supplied the input: the cardholder, or the merchant's server. */
  readonly by: 'customer' | 'merchant';
  /** Where the input arrived: through the API, or on a sandbox web page. */
  readonly context: 'api' | 'web';
}

const ANSWERED: Readonly<Record<NextActionType, Kind>> = {
  requires_pin: { object: 'PIN', action: 'submitted', by: 'customer', context: 'api' },
  requires_otp: { object: 'CARD_CHARGE', action: 'validate', by: 'customer', context: 'api' },
  requires_additional_fields: {
    object: 'BILLING_ADDRESS',
    action: 'submitted',
    by: 'customer',
    context: 'api',
  },
  redirect_url: { object: 'REDIRECT', action: 'completed', by: 'customer', context: 'web' },
  requires_requery: { object: 'TRANSACTION', action: 'requery', by: 'merchant', context: 'api' },
  requires_capture: { object: 'PREAUTH', action: 'capture', by: 'merchant', context: 'api' },
  payment_instruction: {
    object: 'PAYMENT_INSTRUCTION',
    action: 'completed',
    by: 'customer',
    context: 'api',
  },
  qr_code: { object: 'QR_CODE', action: 'scanned', by: 'customer', context: 'api' },
  requires_bank_transfer: { object: 'BANK_TRANSFER', action: 'received', by: 'customer', context: 'api' },
};

function kindOf(charge: Charge, paymentType: string, step: ChargeStep, before?: ChargeStep): Kind {
  if (!before) {
    // Flutterwave names a card charge's object CREDIT_CARD; other methods by their type.
    const object = paymentType === 'card' ? 'CREDIT_CARD' : paymentType.toUpperCase();
    // A recurring charge is the merchant's doing; any other is the customer paying.
    return {
      object,
      action: 'charge',
      by: charge.recurring ? 'merchant' : 'customer',
      context: charge.origin === 'checkout' ? 'web' : 'api',
    };
  }
  if (before.nextAction === undefined) {
    // A change after the charge was final (a refund…): the merchant acted on the transaction.
    return { object: 'TRANSACTION', action: 'update', by: 'merchant', context: 'api' };
  }
  const kind = ANSWERED[before.nextAction];
  return before.nextAction === 'requires_capture' && step.status === 'voided'
    ? { ...kind, action: 'void' }
    : kind;
}

/** `customer` names the cardholder in `actor` (their email, as Flutterwave does); the merchant is `merchant`. */
export function timelineOf(charge: Charge, paymentType: string, customer: string): V3TimelineEvent[] {
  const rows: V3TimelineEvent[] = [];
  charge.history.forEach((step, i) => {
    const before = charge.history[i - 1];
    const kind = kindOf(charge, paymentType, step, before);
    const actor = kind.by === 'customer' ? customer : 'merchant';
    const at = step.at.toISOString();
    rows.push({
      note: step.note,
      actor,
      object: kind.object,
      action: kind.action,
      context: kind.context,
      created_at: at,
    });
    if (isFinal(step.status) && (before === undefined || !isFinal(before.status))) {
      rows.push({
        note: `Transaction completed: ${V3_STATUS[step.status]}`,
        actor,
        object: 'TRANSACTION',
        action: 'completion',
        context: kind.context,
        created_at: at,
      });
    }
  });
  return rows;
}

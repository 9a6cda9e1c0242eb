/**
 * Events: facts merchants are told about, written in the same statement as the change they describe
 * and delivered later (webhooks). `data` is a snapshot of the domain objects at that moment; each API
 * dialect renders it in its own webhook format at delivery time.
 */
import type { Charge } from './charge.js';
import type { PaymentMethod } from './payment-method.js';
import type { Refund } from './refund.js';

interface EventBase {
  readonly id: string;
  readonly merchantId: string;
  /** The charge the event is about (a refund's event names the charge it refunds). */
  readonly chargeId: string;
  readonly createdAt: Date;
}

/** A charge reached a final status (succeeded, failed or voided). */
export interface ChargeCompletedEvent extends EventBase {
  readonly type: 'charge.completed';
  readonly data: { readonly charge: Charge; readonly paymentMethod: PaymentMethod };
}

/** Money went back to the customer; `charge` carries the refunded total after it. */
export interface RefundCompletedEvent extends EventBase {
  readonly type: 'refund.completed';
  readonly data: { readonly refund: Refund; readonly charge: Charge };
}

export type DomainEvent = ChargeCompletedEvent | RefundCompletedEvent;
export type EventType = DomainEvent['type'];

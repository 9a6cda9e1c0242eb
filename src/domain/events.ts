/**
 * Events: facts merchants are told about, written in the same statement as the change they describe
 * and delivered later (webhooks). `data` is a snapshot of the domain objects at that moment; each API
 * dialect renders it in its own webhook format at delivery time.
 */
import type { Charge } from './charge.js';
import type { Chargeback } from './chargeback.js';
import type { PaymentMethod } from './payment-method.js';
import type { Refund } from './refund.js';
import type { Transfer } from './transfer.js';

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

/** A v4 order's funds are on hold (`requires_capture`): the merchant may capture or void them. */
export interface OrderAuthorizationEvent extends EventBase {
  readonly type: 'order.authorization';
  readonly data: { readonly charge: Charge; readonly paymentMethod: PaymentMethod };
}

/** Money went back to the customer; `charge` carries the refunded total after it. */
export interface RefundCompletedEvent extends EventBase {
  readonly type: 'refund.completed';
  readonly data: { readonly refund: Refund; readonly charge: Charge };
}

/**
 * A transfer ended (`transfer.disburse`: SUCCESSFUL or FAILED) or was returned after it succeeded
 * (`transfer.reversal`). v3 endpoints are sent both as `transfer.completed`. No charge: `chargeId` is ''.
 */
export interface TransferEvent extends EventBase {
  readonly type: 'transfer.disburse' | 'transfer.reversal';
  readonly data: { readonly transfer: Transfer };
}

/** A chargeback was opened (`chargeback.created`) or took a step (`chargeback.updated`): its state after. */
export interface ChargebackEvent extends EventBase {
  readonly type: 'chargeback.created' | 'chargeback.updated';
  readonly data: { readonly chargeback: Chargeback };
}

export type DomainEvent =
  ChargeCompletedEvent | OrderAuthorizationEvent | RefundCompletedEvent | TransferEvent | ChargebackEvent;
export type EventType = DomainEvent['type'];

export const isTransferEvent = (e: DomainEvent): e is TransferEvent =>
  e.type === 'transfer.disburse' || e.type === 'transfer.reversal';

export const isChargebackEvent = (e: DomainEvent): e is ChargebackEvent =>
  e.type === 'chargeback.created' || e.type === 'chargeback.updated';

/**
 * Events: facts merchants are told about, written in the same statement as the change they describe
 * and delivered later (webhooks). `data` is a snapshot of the domain object at that moment; each API
 * dialect renders it in its own webhook format at delivery time.
 */
import type { Charge } from './charge.js';
import type { PaymentMethod } from './payment-method.js';

export type EventType = 'charge.completed';

export interface ChargeCompletedData {
  readonly charge: Charge;
  readonly paymentMethod: PaymentMethod;
}

export interface DomainEvent {
  readonly id: string;
  readonly merchantId: string;
  readonly type: EventType;
  readonly chargeId: string;
  readonly data: ChargeCompletedData;
  readonly createdAt: Date;
}

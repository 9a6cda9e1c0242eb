/**
 * How v4 shows an order (spec §8.6): the charge's fields without the settlement flags, and the
 * order's own status (`authorized` while the funds are held, `completed` once captured).
 */
import { Type, type Static } from 'typebox';
import type { Charge } from '../../domain/charge.js';
import type { PaymentMethod } from '../../domain/payment-method.js';
import { ORDER_STATUSES, orderStatus } from '../../flows/charges/orders.js';
import type { ChargeResult } from '../../flows/charges/create-charge.js';
import type { Links } from '../http/links.js';
import { StringEnum } from '../http/fields.js';
import { Meta } from './schemas.js';
import { chargeRenderer } from './charges.js';
import { success } from './envelope.js';
import { AuthorizationIn } from './payment-schemas.js';
import { ChargeView } from './views.js';

const {
  disputed: _disputed,
  settled: _settled,
  settlement_id: _settlementId,
  refunded: _refunded,
  status: _status,
  ...orderFields
} = ChargeView.properties;

export const OrderView = Type.Object({ ...orderFields, status: StringEnum(ORDER_STATUSES) });
type OrderView = Static<typeof OrderView>;

/** The official order authorisation is `{type: "3ds"}`; the card steps of a charge are taken too. */
export const OrderAuthorizationIn = Type.Union([
  Type.Object({
    type: Type.Literal('3ds'),
    '3ds': Type.Optional(Type.Object({}, { additionalProperties: true })),
  }),
  AuthorizationIn,
]);
export type OrderAuthorizationIn = Static<typeof OrderAuthorizationIn>;

/** The card steps in an order's authorisation; `3ds` asks for what the card's flow does anyway. */
export const cardSteps = (a: OrderAuthorizationIn | undefined): AuthorizationIn | undefined =>
  a === undefined || a.type === '3ds' ? undefined : a;

export const OrderUpdate = Type.Object({
  action: Type.Optional(StringEnum(['void', 'capture'] as const)),
  meta: Type.Optional(Meta),
  /** Baobab: capture part of the hold (major units; omitted = all of it). */
  amount: Type.Optional(
    Type.Unsafe<number | string>({ type: ['number', 'string'], 'x-message': 'must be a number' }),
  ),
  /** Baobab: the card steps `next_action` asks for (PIN, OTP, address, external 3DS), as on charges. */
  authorization: Type.Optional(AuthorizationIn),
});

/** Renders orders for one caller, as chargeRenderer renders charges (signed redirect links, QR images). */
export function orderRenderer(links: Links, clientId: string) {
  const charges = chargeRenderer(links, clientId);
  const view = async (charge: Charge, pm: PaymentMethod): Promise<OrderView> => {
    const {
      disputed: _d,
      settled: _s,
      settlement_id: _i,
      refunded: _r,
      status: _t,
      ...rest
    } = await charges.view(charge, pm);
    return { ...rest, status: orderStatus(charge) };
  };
  const reply = (status: number, message: string) => async (r: ChargeResult) => ({
    status,
    body: JSON.stringify(success(message, await view(r.charge, r.paymentMethod))),
  });
  return { view, reply };
}

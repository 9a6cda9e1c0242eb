/**
 * v4 orders (spec §8.6): a pre-authorised card charge under an order id (`ord_…`). An order is made
 * and authorised exactly as a charge is (the card rail's steps, `next_action`), holds the funds at
 * `requires_capture` with an `order.authorization` event, and is then captured or voided through the
 * same hold flow as the v3 pre-authorisation routes (capture.ts). Its status is the order's own view
 * of the charge's: `authorized` while the funds are held, `completed` once captured.
 */
import type { Charge } from '../../domain/charge.js';
import { appError, type AppError } from '../../domain/errors.js';
import type { AmountIn } from '../../domain/money.js';
import type { Page, PageRequest } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import { findCharge, listCharges, type ChargeFilter, type ChargeWithMethod } from '../../store/charges.js';
import type { Executed, Rendering } from '../unit-of-work.js';
import type { Deps } from '../deps.js';
import { captureCharge, voidCharge } from './capture.js';
import { isAuthorized, isOrder } from './charging.js';
import { createCharge, type ChargeResult, type NewChargeRequest } from './create-charge.js';
import { directCharge, type DirectChargeRequest, type DirectChargeResult } from './direct-charge.js';

export const ORDER_STATUSES = [
  'completed',
  'pending',
  'authorized',
  'partially-completed',
  'voided',
  'failed',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The order's status from its charge's (`partially-completed` is never reached: a capture closes an order). */
export function orderStatus(c: Pick<Charge, 'status' | 'nextAction'>): OrderStatus {
  if (isAuthorized(c)) return 'authorized';
  return c.status === 'succeeded' ? 'completed' : c.status;
}

const notFound = (id: string): AppError => appError('ORDER_NOT_FOUND', `Order ${id} was not found`);

export type NewOrderRequest = Omit<NewChargeRequest, 'preauthorize' | 'idKind' | 'recurring'>;

export function createOrder(
  deps: Deps,
  req: NewOrderRequest,
  rendering: Rendering<ChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  return createCharge(
    deps,
    { ...req, recurring: false, preauthorize: true, idKind: 'order' },
    rendering,
    channel,
  );
}

export type DirectOrderRequest = Omit<DirectChargeRequest, 'preauthorize' | 'idKind' | 'recurring'>;

export function directOrder(
  deps: Deps,
  req: DirectOrderRequest,
  rendering: Rendering<DirectChargeResult>,
  channel: string,
): Promise<Result<Executed>> {
  return directCharge(
    deps,
    { ...req, recurring: false, preauthorize: true, idKind: 'order' },
    rendering,
    channel,
  );
}

export async function getOrder(
  deps: Deps,
  merchantId: string,
  id: string,
): Promise<Result<ChargeWithMethod>> {
  const found = isOrder({ id }) ? await findCharge(deps.db, merchantId, id) : undefined;
  return found ? ok(found) : err(notFound(id));
}

export interface OrderFilter extends Pick<ChargeFilter, 'from' | 'to' | 'customerId' | 'paymentMethodId'> {
  readonly status?: OrderStatus;
}

const STATUS_FILTERS: Record<OrderStatus, Pick<ChargeFilter, 'status' | 'held'> | undefined> = {
  completed: { status: 'succeeded' },
  pending: { status: 'pending', held: false },
  authorized: { status: 'pending', held: true },
  'partially-completed': undefined,
  voided: { status: 'voided' },
  failed: { status: 'failed' },
};

export async function pageOfOrders(
  deps: Deps,
  merchantId: string,
  filter: OrderFilter,
  page: PageRequest,
): Promise<Page<ChargeWithMethod>> {
  const { status, ...rest } = filter;
  const byStatus = status === undefined ? {} : STATUS_FILTERS[status];
  if (byStatus === undefined) return { items: [], total: 0, page: page.page, size: page.size };
  return listCharges(deps.db, merchantId, { ...rest, ...byStatus, idPrefix: 'ord_' }, page);
}

/** A not-found charge is this order's not-found. */
const asOrder = (id: string, result: Result<ChargeResult>): Result<ChargeResult> =>
  !result.ok && result.error.type === 'CHARGE_NOT_FOUND' ? err(notFound(id)) : result;

/** Captures `amount` (as the dialect read it; omitted = the whole hold), or voids the hold. */
export async function settleOrder(
  deps: Deps,
  merchantId: string,
  id: string,
  action: { readonly type: 'capture'; readonly amount?: AmountIn | undefined } | { readonly type: 'void' },
  channel: string,
): Promise<Result<ChargeResult>> {
  if (!isOrder({ id })) return err(notFound(id));
  const result =
    action.type === 'capture'
      ? await captureCharge(deps, merchantId, id, action.amount, channel)
      : await voidCharge(deps, merchantId, id, channel);
  return asOrder(id, result);
}

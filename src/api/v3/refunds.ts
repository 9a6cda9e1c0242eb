/**
 * v3 refunds (v3 spec §8): `POST /v3/transactions/{id}/refund` (full, or partial with `amount`; several
 * partials may add up to the amount), `GET /v3/refunds` and `GET /v3/refunds/{id}`. The refund object
 * has a numeric `id`, the transaction's `tx_id` and `flw_ref`, and `amount_refunded` in major units.
 * Sandbox refunds complete at once, so `status` is always `completed`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { appError, invalid } from '../../domain/errors.js';
import { toMajor } from '../../domain/money.js';
import { pick } from '../../domain/customer.js';
import { currencyOf } from '../../domain/refund.js';
import { totalPages } from '../../domain/pagination.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Deps } from '../../flows/deps.js';
import type { ChargeKey } from '../../flows/charges/read-charges.js';
import {
  getRefund,
  pageOfRefunds,
  refundCharge,
  type RefundWithCharge,
} from '../../flows/charges/refunds.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { amountIn } from '../http/charge-amounts.js';
import { sendExecuted } from '../http/idempotency.js';
import { bodyOptional } from '../http/validation.js';
import { v3 } from './envelope.js';
import { contextOf } from '../http/request-context.js';

const PAGE_SIZE = 10;

/** The refund as v3 shows it (spec §8 table); the merchant's account doubles as its wallet. */
export function refundView({ refund: r, charge }: RefundWithCharge, accountId: number) {
  return {
    id: r.numId,
    account_id: accountId,
    tx_id: charge.txId,
    flw_ref: charge.flwRef,
    wallet_id: accountId,
    amount_refunded: toMajor(r.amount, currencyOf(r)),
    status: r.status,
    destination: 'payment_source',
    meta: { source: 'availablebalance' },
    ...(r.comments === undefined ? {} : { comments: r.comments }),
    created_at: r.createdAt.toISOString(),
  };
}

/** Major units as a JSON number or a numeric string; either way "amount must be a number" if neither. */
export const WireAmount = Type.Union([Type.Number(), Type.String({ maxLength: 32 })]);

export const RefundBody = Type.Object({
  amount: Type.Optional(WireAmount),
  comments: Type.Optional(Type.String({ maxLength: 500 })),
  // The official SDK echoes the transaction id in the body; it is read from the path.
  id: Type.Optional(Type.Unknown()),
});

/** A numeric v3 id from the path, or undefined when it cannot name anything. */
export function numericId(raw: string): number | undefined {
  const id = Number(raw);
  return /^\d{1,15}$/.test(raw) && Number.isSafeInteger(id) ? id : undefined;
}

/** What a refund request asks for, and how its answer is worded. */
export interface RefundCall {
  /** The transaction; undefined when the path cannot name one (answered as not found). */
  readonly key: ChargeKey | undefined;
  readonly body: { readonly amount?: number | string; readonly comments?: string };
  /** The success message: each route has its own. */
  readonly message: string;
  /** What the key is called in a not-found message ("id", "flw_ref"), as v3's verify endpoints say it. */
  readonly what: string;
}

/** Refunds the transaction and answers with the refund; idempotent under X-Idempotency-Key. */
export async function sendRefund(
  deps: Deps,
  req: FastifyRequest,
  reply: FastifyReply,
  { key, body, message, what }: RefundCall,
): Promise<FastifyReply> {
  const notFound = appError('CHARGE_NOT_FOUND', `No transaction was found for this ${what}`);
  if (key === undefined) return reply.fail(notFound);
  const { merchantId } = callerOf(req);
  const profile = await contextOf(req).profile();
  const claim = contextOf(req).idempotency();
  if (!claim.ok) return reply.fail(claim.error);
  const executed = await refundCharge(
    deps,
    {
      merchantId,
      charge: key,
      ...pick('amount', amountIn(body.amount)),
      ...(body.comments === undefined ? {} : { comments: body.comments }),
    },
    {
      idempotency: claim.value,
      render: (r) => ({ status: 200, body: JSON.stringify(v3(message, refundView(r, profile.accountId))) }),
    },
  );
  if (executed.ok) return sendExecuted(reply, executed.value);
  return reply.fail(executed.error.type === 'CHARGE_NOT_FOUND' ? notFound : executed.error);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `from`/`to` as YYYY-MM-DD (UTC days, as the v3 docs show) or an ISO date-time. A day given as `to`
 * includes the whole day, so the bound is exclusive: the next midnight, or the instant plus 1 ms.
 */
function boundOf(value: string | undefined, field: 'from' | 'to'): Result<Date | undefined> {
  if (value === undefined) return ok(undefined);
  const day = DAY.test(value);
  const at = day ? new Date(`${value}T00:00:00Z`) : INSTANT.test(value) ? new Date(value) : undefined;
  if (at === undefined || Number.isNaN(at.getTime())) {
    return err(
      invalid([{ field, message: `${field} must be a date (YYYY-MM-DD) or an ISO 8601 date-time` }]),
    );
  }
  if (field === 'from') return ok(at);
  return ok(new Date(at.getTime() + (day ? 86_400_000 : 1)));
}

export function v3RefundRoutes(root: FastifyInstance, deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];
  const accountOf = async (req: FastifyRequest) => {
    const { merchantId } = callerOf(req);
    const profile = await contextOf(req).profile();
    return { merchantId, accountId: profile.accountId };
  };

  app.post(
    '/v3/transactions/:id/refund',
    {
      config: { idempotent: true },
      schema: {
        tags,
        summary: 'Refund a transaction, in full or in part',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        body: RefundBody,
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const id = numericId(req.params.id);
      return sendRefund(deps, req, reply, {
        key: id === undefined ? undefined : { txId: id },
        body: req.body,
        message: 'Transaction refund initiated',
        what: 'id',
      });
    },
  );

  app.get(
    '/v3/refunds',
    {
      schema: {
        tags,
        summary: 'List refunds, most recent first, 10 a page',
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 40 })),
          to: Type.Optional(Type.String({ maxLength: 40 })),
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
          status: Type.Optional(Type.String({ maxLength: 20 })),
          currency: Type.Optional(Type.String({ maxLength: 3 })),
        }),
      },
    },
    async (req, reply) => {
      const { merchantId, accountId } = await accountOf(req);
      const q = req.query;
      const from = boundOf(q.from, 'from');
      if (!from.ok) return reply.fail(from.error);
      const before = boundOf(q.to, 'to');
      if (!before.ok) return reply.fail(before.error);
      const page = await pageOfRefunds(
        deps,
        merchantId,
        {
          ...(from.value === undefined ? {} : { from: from.value }),
          ...(before.value === undefined ? {} : { before: before.value }),
          ...(q.status === undefined ? {} : { status: q.status.toLowerCase() }),
          ...(q.currency === undefined ? {} : { currency: q.currency.toUpperCase() }),
        },
        { page: q.page, size: PAGE_SIZE },
      );
      return reply.code(200).send(
        v3(
          'Refunds fetched',
          page.items.map((r) => refundView(r, accountId)),
          {
            page_info: {
              total: page.total,
              current_page: page.page,
              total_pages: totalPages(page.total, page.size),
            },
          },
        ),
      );
    },
  );

  app.get(
    '/v3/refunds/:id',
    {
      schema: {
        tags,
        summary: 'Fetch a refund by its numeric id',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
      },
    },
    async (req, reply) => {
      const { merchantId, accountId } = await accountOf(req);
      const notFound = appError('REFUND_NOT_FOUND', 'No refund was found for this id');
      const id = numericId(req.params.id);
      if (id === undefined) return reply.fail(notFound);
      const found = await getRefund(deps, merchantId, { numId: id });
      if (!found.ok) return reply.fail(notFound);
      return reply.code(200).send(v3('Refund fetched', refundView(found.value, accountId)));
    },
  );
}

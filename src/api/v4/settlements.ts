/**
 * v4 settlements (spec §8.9, `settlement_list` / `settlement_get`): `GET /settlements` (page, size,
 * from, to on the settlement's creation) and `GET /settlements/{id}`, whose `page`/`size` page the
 * settlement's `charges` (`meta.page_info` counts them). Settlements are made by the daily run or by
 * the sandbox control `POST /sandbox/settlements` (docs/sandbox.md "Settlements"); amounts are major
 * units, `charge_count` is a string as the official schema has it.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { pick } from '../../domain/customer.js';
import { toMajor, type Currency } from '../../domain/money.js';
import type { Settlement } from '../../domain/settlement.js';
import type { Deps } from '../../flows/deps.js';
import {
  chargesOf,
  getSettlement,
  pageOfSettlements,
  settleNow,
  type SettledCharge,
} from '../../flows/settlements/settlements.js';
import { StringEnum } from '../http/fields.js';
import { bodyOptional } from '../http/validation.js';
import { callerOf } from './auth.js';
import {
  COMMON_ERRORS,
  ListOf,
  PagedOf,
  PaginationQuery,
  Success,
  list,
  pagedSuccess,
  success,
} from './envelope.js';
import { IdParams, Meta } from './schemas.js';

/** The official schemas answer at most 10 settlements, and 10 charges of one, to a page. */
const PAGE_MAX = 10;

const SettledChargeView = Type.Object({
  id: Type.String(),
  charged_amount: Type.Number(),
  customer_id: Type.String(),
  settlement_amount: Type.Number(),
  payment_method_id: Type.String(),
  currency: Type.String(),
  charge_date: Type.String(),
});

export const SettlementView = Type.Object({
  id: Type.String(),
  net_amount: Type.Number(),
  gross_amount: Type.Number(),
  currency: Type.String(),
  meta: Meta,
  status: StringEnum(['completed'] as const),
  due_datetime: Type.String({ format: 'date-time' }),
  transaction_datetime: Type.String({ format: 'date-time' }),
  fees: Type.Array(Type.Object({ type: Type.String(), amount: Type.Number() })),
  chargeback: Type.Number(),
  refund: Type.Number(),
  destination: Type.String(),
  charge_count: Type.String(),
  charges: Type.Optional(Type.Array(SettledChargeView)),
  created_datetime: Type.String(),
});
type SettlementView = Static<typeof SettlementView>;

function chargeLine(c: SettledCharge): Static<typeof SettledChargeView> {
  const currency = c.currency as Currency;
  return {
    id: c.chargeId,
    charged_amount: toMajor(c.gross, currency),
    customer_id: c.customerId,
    settlement_amount: toMajor(c.net, currency),
    payment_method_id: c.paymentMethodId,
    currency: c.currency,
    charge_date: c.at.toISOString(),
  };
}

export function settlementView(s: Settlement, charges?: readonly SettledCharge[]): SettlementView {
  const currency = s.currency as Currency;
  return {
    id: s.id,
    net_amount: toMajor(s.net, currency),
    gross_amount: toMajor(s.gross, currency),
    currency: s.currency,
    meta: {},
    status: s.status,
    due_datetime: s.dueAt.toISOString(),
    transaction_datetime: s.day.toISOString(),
    fees: [{ type: 'charge_fee', amount: toMajor(s.fee, currency) }],
    chargeback: toMajor(s.chargeback, currency),
    refund: toMajor(s.refund, currency),
    destination: s.destination,
    charge_count: String(s.chargeCount),
    ...pick('charges', charges?.map(chargeLine)),
    created_datetime: s.createdAt.toISOString(),
  };
}

const ListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  }),
]);

export function settlementRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Settlements'];
  const security = [{ bearer: [] }];

  app.get(
    '/settlements',
    {
      schema: {
        tags,
        security,
        summary: 'List settlements, most recent first (at most 10 a page)',
        description: 'Fetch one to see the charges it settled.',
        querystring: ListQuery,
        response: { 200: ListOf(SettlementView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await pageOfSettlements(
        deps,
        callerOf(req).merchantId,
        {
          ...pick('from', q.from === undefined ? undefined : new Date(q.from)),
          ...pick('to', q.to === undefined ? undefined : new Date(q.to)),
        },
        { page: q.page, size: Math.min(q.size, PAGE_MAX) },
      );
      return list('Settlements fetched', page, (s) => settlementView(s));
    },
  );

  app.get(
    '/settlements/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a settlement with a page of the charges it settled',
        description: '`page` and `size` page its `charges`; `meta.page_info` counts them.',
        params: IdParams,
        querystring: PaginationQuery,
        response: { 200: PagedOf(SettlementView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getSettlement(deps, callerOf(req).merchantId, { id: req.params.id });
      if (!found.ok) return reply.fail(found.error);
      const paging = { page: req.query.page, size: Math.min(req.query.size, PAGE_MAX) };
      const charges = await chargesOf(deps, found.value, paging);
      return pagedSuccess('Settlement fetched', settlementView(found.value, charges), {
        ...paging,
        total: found.value.chargeCount,
      });
    },
  );

  app.post(
    '/sandbox/settlements',
    {
      schema: {
        tags: ['Sandbox'],
        security,
        summary: '(Sandbox) Settle now: this merchant’s collections not yet settled, up to this instant',
        description:
          'What the daily run (01:00 UTC, the previous day) would do, without waiting: one settlement per ' +
          'currency and day. Answers the settlements it made (none when there was nothing to settle).',
        body: Type.Object({}),
        response: { 201: Success(Type.Array(SettlementView)), ...COMMON_ERRORS },
      },
      preValidation: bodyOptional,
    },
    async (req, reply) => {
      const made = await settleNow(deps, callerOf(req).merchantId);
      return reply.code(201).send(
        success(
          'Settlements created',
          made.map((s) => settlementView(s)),
        ),
      );
    },
  );
}

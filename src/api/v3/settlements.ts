/**
 * v3 settlements, with the field names and messages of the official v3 API and its Node SDK
 * (`Settlement.fetch_all`, `Settlement.fetch`): `GET /v3/settlements` (20 a page; `from`/`to` are
 * YYYY-MM-DD days or ISO date-times; `subaccount_id` narrows to a subaccount's — Baobab simulates no
 * split subaccounts, so that is none) and `GET /v3/settlements/{id}` (numeric id) with its
 * `transactions`. As in the official samples, a fetched settlement's `meta` (its transaction ids) is a
 * JSON string and `is_local` is 1, while in the list `meta` is an array and `is_local` a boolean.
 * `POST /v3/sandbox/settlements` settles now (docs/sandbox.md "Settlements").
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pick } from '../../domain/customer.js';
import { appError } from '../../domain/errors.js';
import { toMajor, type Currency } from '../../domain/money.js';
import { totalPages } from '../../domain/pagination.js';
import type { Settlement } from '../../domain/settlement.js';
import type { Deps } from '../../flows/deps.js';
import {
  chargesOf,
  getSettlement,
  numericIdsOf,
  pageOfSettlements,
  settleNow,
  type SettledCharge,
} from '../../flows/settlements/settlements.js';
import { callerOf } from '../http/caller.js';
import { bodyOptional } from '../http/validation.js';
import { boundOf } from './chargebacks.js';
import { v3 } from './envelope.js';
import { numericId } from './refunds.js';

const PAGE_SIZE = 20;

interface Owner {
  readonly accountId: number;
  readonly name: string;
}

async function ownerOf(deps: Deps, merchantId: string): Promise<Owner> {
  const p = await deps.profiles.get(merchantId);
  return { accountId: p?.accountId ?? 0, name: p?.name ?? '' };
}

async function v3SettlementView(deps: Deps, s: Settlement, owner: Owner) {
  const major = (minor: number) => toMajor(minor, s.currency as Currency);
  const ids = await numericIdsOf(deps, s);
  return {
    id: s.numId,
    account_id: owner.accountId,
    merchant_name: owner.name,
    merchant_email: null,
    settlement_account: null,
    bank_code: null,
    transaction_date: s.day.toISOString(),
    due_date: s.dueAt.toISOString(),
    processed_date: s.createdAt.toISOString(),
    status: s.status,
    is_local: true as boolean | number,
    currency: s.currency,
    gross_amount: major(s.gross),
    app_fee: major(s.fee),
    merchant_fee: 0,
    chargeback: major(s.chargeback),
    refund: major(s.refund),
    stampduty_charge: 0,
    net_amount: major(s.net),
    transaction_count: s.chargeCount,
    processor_ref: null,
    disburse_ref: 'INSTANT_SETTLEMENT',
    disburse_message: null,
    channel: 'web',
    // Settled into the wallet (the payout balance), which the v3 API calls `autowallet`.
    destination: 'autowallet',
    fx_data: null,
    flag_message: null,
    meta: ids.transactions as number[] | string,
    refund_meta: ids.refunds,
    chargeback_meta: ids.chargebacks,
    source_bankcode: null,
    created_at: s.createdAt.toISOString(),
  };
}

function transactionLine(c: SettledCharge) {
  const major = (minor: number) => toMajor(minor, c.currency as Currency);
  return {
    customer_email: c.customerEmail,
    flw_ref: c.flwRef,
    tx_ref: c.reference,
    id: c.txId,
    charged_amount: major(c.gross),
    app_fee: major(c.fee),
    merchant_fee: 0,
    stampduty_charge: 0,
    settlement_amount: major(c.net),
    status: 'successful',
    payment_entity: c.paymentType,
    transaction_date: c.at.toISOString().slice(0, 10),
    currency: c.currency,
    card_locale: 'LOCAL',
    rrn: 'N/A',
    subaccount_settlement: 0,
  };
}

export function v3SettlementRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];
  const notFound = () => appError('SETTLEMENT_NOT_FOUND', 'No settlement was found for this id');

  app.get(
    '/v3/settlements',
    {
      schema: {
        tags,
        summary: 'List settlements, most recent first, 20 a page',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
          from: Type.Optional(Type.String({ maxLength: 40 })),
          to: Type.Optional(Type.String({ maxLength: 40 })),
          subaccount_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        }),
      },
    },
    async (req, reply) => {
      const q = req.query;
      const from = boundOf(q.from, 'from');
      if (!from.ok) return reply.fail(from.error);
      const to = boundOf(q.to, 'to');
      if (!to.ok) return reply.fail(to.error);
      const { merchantId } = callerOf(req);
      const owner = await ownerOf(deps, merchantId);
      const page =
        q.subaccount_id === undefined
          ? await pageOfSettlements(
              deps,
              merchantId,
              { ...pick('from', from.value), ...pick('to', to.value) },
              { page: q.page, size: PAGE_SIZE },
            )
          : { items: [], total: 0, page: q.page, size: PAGE_SIZE };
      const data = [];
      for (const s of page.items) data.push(await v3SettlementView(deps, s, owner));
      return v3('Settlements fetched', data, {
        page_info: {
          total: page.total,
          current_page: page.page,
          total_pages: totalPages(page.total, page.size),
          page_size: PAGE_SIZE,
        },
      });
    },
  );

  app.get(
    '/v3/settlements/:id',
    {
      schema: {
        tags,
        summary: 'Fetch a settlement, with the transactions it settled',
        params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
        // The official SDK sends its payload (id, from, to…) as the query string too.
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 40 })),
          to: Type.Optional(Type.String({ maxLength: 40 })),
        }),
      },
    },
    async (req, reply) => {
      const from = boundOf(req.query.from, 'from');
      if (!from.ok) return reply.fail(from.error);
      const to = boundOf(req.query.to, 'to');
      if (!to.ok) return reply.fail(to.error);
      const id = numericId(req.params.id);
      if (id === undefined) return reply.fail(notFound());
      const { merchantId } = callerOf(req);
      const found = await getSettlement(deps, merchantId, { numId: id });
      if (!found.ok) return reply.fail(notFound());
      const view = await v3SettlementView(deps, found.value, await ownerOf(deps, merchantId));
      const transactions = (await chargesOf(deps, found.value)).map(transactionLine);
      return v3('Settlement fetched', {
        ...view,
        is_local: 1,
        meta: JSON.stringify(view.meta),
        transactions,
      });
    },
  );

  app.post(
    '/v3/sandbox/settlements',
    {
      schema: {
        tags: ['Sandbox'],
        summary: '(Sandbox) Settle now: this merchant’s collections not yet settled, up to this instant',
        body: Type.Object({}),
      },
      preValidation: bodyOptional,
    },
    async (req) => {
      const { merchantId } = callerOf(req);
      const owner = await ownerOf(deps, merchantId);
      const data = [];
      for (const s of await settleNow(deps, merchantId)) data.push(await v3SettlementView(deps, s, owner));
      return v3('Settlements created', data);
    },
  );
}

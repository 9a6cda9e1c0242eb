/**
 * v3 transfer retries, FX rates, beneficiaries and account resolution (v3 spec §8; the official Node
 * SDK's Transfer, Beneficiary and Misc modules). Beneficiaries are the same saved recipients as v4's.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { isCurrency, parseAmount, toMajor, type Currency } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import { quoteRate, resolveAccount, retryTransfer } from '../../flows/payouts/extras.js';
import {
  getRecipient,
  pageOfRecipients,
  removeRecipient,
  saveRecipient,
  type Recipient,
} from '../../flows/payouts/recipients.js';
import { getTransfer, pageOfTransfers } from '../../flows/payouts/transfers.js';
import { callerOf } from '../http/caller.js';
import { contextOf } from '../http/request-context.js';
import { idempotencyClaim, sendExecuted } from '../http/idempotency.js';
import { v3 } from './envelope.js';
import { CurrencyCode } from './schemas.js';
import { bankNameOf, v3TransferView } from './transfers.js';

const NumericId = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', 'x-message': 'must be a numeric id' }),
});
const v3Route = (summary: string) => ({ tags: ['v3'], summary });

export function beneficiaryView(r: Recipient) {
  const d = r.destination;
  return {
    id: r.numId,
    account_number: d.bank?.accountNumber ?? '',
    bank_code: d.bank?.code ?? '',
    full_name: [d.name?.first, d.name?.last].filter(Boolean).join(' '),
    created_at: r.createdAt.toISOString(),
    bank_name: d.bank ? bankNameOf(d.bank.code) : '',
  };
}

export function v3TransferExtraRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const config = { dialect: 'v3' as const };

  app.post(
    '/v3/transfers/:id/retries',
    { config, schema: { ...v3Route('Retry a failed transfer'), params: NumericId } },
    async (req, reply) => {
      const claim = idempotencyClaim(req);
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const executed = await retryTransfer(
        deps,
        {
          merchantId: callerOf(req).merchantId,
          parent: { numId: Number(req.params.id) },
          action: 'retry',
          scenario: scenario.value,
        },
        {
          idempotency: claim.value,
          render: (t) => ({
            status: 200,
            body: JSON.stringify(v3('Transfer retry attempt queued.', v3TransferView(t))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/v3/transfers/:id/retries',
    { config, schema: { ...v3Route('The retries of a transfer'), params: NumericId } },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const parent = await getTransfer(deps, merchantId, { numId: Number(req.params.id) });
      if (!parent.ok) return reply.fail(parent.error);
      const parentId = parent.value.id;
      const page = await pageOfTransfers(deps, merchantId, { parentId }, { page: 1, size: 50 });
      return v3('Transfer retry attempts fetched.', page.items.map(v3TransferView));
    },
  );

  app.get(
    '/v3/transfers/rates',
    {
      config,
      schema: {
        ...v3Route('The FX rate of a transfer amount (sandbox table)'),
        querystring: Type.Object({
          amount: Type.String({ maxLength: 32 }),
          source_currency: CurrencyCode,
          destination_currency: CurrencyCode,
        }),
      },
    },
    async (req, reply) => {
      const src = req.query.source_currency.toUpperCase();
      const dst = req.query.destination_currency.toUpperCase();
      if (!isCurrency(src))
        return reply.fail(
          invalid([{ field: 'source_currency', message: `source_currency ${src} is not supported` }]),
        );
      if (!isCurrency(dst))
        return reply.fail(
          invalid([
            { field: 'destination_currency', message: `destination_currency ${dst} is not supported` },
          ]),
        );
      const amount = parseAmount(req.query.amount, dst, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      const quote = await quoteRate(deps, callerOf(req).merchantId, src, dst, amount.value);
      if (!quote.ok) return reply.fail(quote.error);
      const q = quote.value;
      return v3('Transfer amount fetched', {
        rate: Number(q.rate),
        source: { currency: src, amount: toMajor(q.sourceAmount, src) },
        destination: { currency: dst, amount: toMajor(q.destinationAmount, dst) },
      });
    },
  );

  app.post(
    '/v3/beneficiaries',
    {
      config,
      schema: {
        ...v3Route('Create a beneficiary'),
        body: Type.Object(
          {
            account_bank: Type.String({ minLength: 2, maxLength: 20 }),
            account_number: Type.String({ minLength: 5, maxLength: 20 }),
            beneficiary_name: Type.String({ minLength: 1, maxLength: 100 }),
            currency: Type.Optional(CurrencyCode),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (req, reply) => {
      const b = req.body;
      const currency = (b.currency ?? 'NGN').toUpperCase();
      if (!isCurrency(currency))
        return reply.fail(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
      const [first, ...rest] = b.beneficiary_name.trim().split(/\s+/);
      const saved = await saveRecipient(deps, callerOf(req).merchantId, {
        type: 'bank',
        currency: currency satisfies Currency,
        ...(first ? { name: { first, ...(rest.length > 0 ? { last: rest.join(' ') } : {}) } } : {}),
        bank: { accountNumber: b.account_number, code: b.account_bank },
      });
      if (!saved.ok) return reply.fail(saved.error);
      return v3('Beneficiary created', beneficiaryView(saved.value));
    },
  );

  app.get(
    '/v3/beneficiaries',
    {
      config,
      schema: {
        ...v3Route('List beneficiaries'),
        querystring: Type.Object({ page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }) }),
      },
    },
    async (req) => {
      const page = await pageOfRecipients(deps, callerOf(req).merchantId, { page: req.query.page, size: 10 });
      return v3('Beneficiaries fetched', page.items.map(beneficiaryView), {
        page_info: {
          total: page.total,
          current_page: page.page,
          total_pages: Math.max(1, Math.ceil(page.total / page.size)),
        },
      });
    },
  );

  app.get(
    '/v3/beneficiaries/:id',
    { config, schema: { ...v3Route('Fetch a beneficiary'), params: NumericId } },
    async (req, reply) => {
      const found = await getRecipient(deps, callerOf(req).merchantId, Number(req.params.id));
      return found.ok ? v3('Beneficiary fetched', beneficiaryView(found.value)) : reply.fail(found.error);
    },
  );

  app.delete(
    '/v3/beneficiaries/:id',
    { config, schema: { ...v3Route('Delete a beneficiary'), params: NumericId } },
    async (req, reply) => {
      const done = await removeRecipient(deps, callerOf(req).merchantId, Number(req.params.id));
      return done.ok ? v3('Beneficiary deleted', 'Deleted') : reply.fail(done.error);
    },
  );

  app.post(
    '/v3/accounts/resolve',
    {
      config,
      schema: {
        ...v3Route('Resolve a bank account'),
        body: Type.Object(
          {
            account_bank: Type.String({ minLength: 3, maxLength: 11 }),
            account_number: Type.String({ pattern: '^[0-9]{6,20}$', 'x-message': 'must be 6 to 20 digits' }),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (req, reply) => {
      const found = resolveAccount(req.body.account_number);
      if (!found.ok) return reply.fail(found.error);
      return v3('Account details fetched', {
        account_number: req.body.account_number,
        account_name: found.value.name,
      });
    },
  );
}

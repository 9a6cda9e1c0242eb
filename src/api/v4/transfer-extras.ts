/** v4 transfer retries and duplicates, FX quotes, and account resolution (bank and wallet). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CURRENCY_CODES, parseAmount, toMajor, type Currency } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import {
  getRate,
  quoteRate,
  resolveAccount,
  retryTransfer,
  type RateQuote,
} from '../../flows/payouts/extras.js';
import { idempotencyClaim, sendExecuted } from '../http/idempotency.js';
import { scenarioOf, StringEnum } from '../http/fields.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { IdParams } from './schemas.js';
import { TransferView, transferView } from './transfer-views.js';

const Loose = Type.Object({}, { additionalProperties: true });

const RetryBody = Type.Object({
  action: StringEnum(['retry', 'duplicate'] as const),
  reference: Type.Optional(
    Type.String({
      pattern: '^[a-zA-Z0-9\\-]+$',
      minLength: 6,
      maxLength: 42,
      'x-message': 'must be 6 to 42 letters, digits or -',
    }),
  ),
  meta: Type.Optional(
    Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 500 }), { maxProperties: 50 }),
  ),
  callback_url: Type.Optional(Type.String({ maxLength: 500 })),
});

const RateBody = Type.Object({
  source: Type.Object({ currency: StringEnum(CURRENCY_CODES) }),
  destination: Type.Object({
    currency: StringEnum(CURRENCY_CODES),
    amount: Type.Number({ exclusiveMinimum: 0 }),
  }),
  precision: Type.Optional(Type.Integer({ minimum: 2, maximum: 9 })),
});

export const rateView = (r: RateQuote) => ({
  id: r.id,
  rate: r.rate,
  source: {
    amount: String(toMajor(r.sourceAmount, r.sourceCurrency as Currency)),
    currency: r.sourceCurrency,
  },
  destination: {
    amount: String(toMajor(r.destinationAmount, r.destinationCurrency as Currency)),
    currency: r.destinationCurrency,
  },
  created_datetime: r.createdAt.toISOString(),
});

export function transferExtraRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Transfers'];
  const security = [{ bearer: [] }];

  app.post(
    '/transfers/:id/retries',
    {
      schema: {
        tags,
        security,
        summary: 'Retry a failed transfer, or duplicate any transfer',
        params: IdParams,
        body: RetryBody,
        response: { 201: Success(TransferView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const claim = idempotencyClaim(req);
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = scenarioOf(req);
      if (!scenario.ok) return reply.fail(scenario.error);
      const b = req.body;
      const executed = await retryTransfer(
        deps,
        {
          merchantId: callerOf(req).merchantId,
          parent: { id: req.params.id },
          action: b.action,
          ...(b.reference === undefined ? {} : { reference: b.reference }),
          ...(b.meta === undefined ? {} : { meta: b.meta }),
          ...(b.callback_url === undefined ? {} : { callbackUrl: b.callback_url }),
          scenario: scenario.value,
        },
        {
          idempotency: claim.value,
          render: (t) => ({
            status: 201,
            body: JSON.stringify(success('Transfer retry created', transferView(t))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.post(
    '/transfers/rates',
    {
      schema: {
        tags,
        security,
        summary: 'Quote an FX rate (sandbox table; expires)',
        body: RateBody,
        response: { 201: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { source, destination } = req.body;
      const amount = parseAmount(destination.amount, destination.currency, 'destination.amount');
      if (!amount.ok) return reply.fail(amount.error);
      const quote = await quoteRate(
        deps,
        callerOf(req).merchantId,
        source.currency,
        destination.currency,
        amount.value,
      );
      return quote.ok
        ? reply.code(201).send(success('Transfer rate fetched', rateView(quote.value)))
        : reply.fail(quote.error);
    },
  );

  app.get(
    '/transfers/rates/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch an FX quote while it holds',
        params: IdParams,
        response: { 200: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getRate(deps, callerOf(req).merchantId, req.params.id);
      return found.ok ? success('Transfer rate fetched', rateView(found.value)) : reply.fail(found.error);
    },
  );

  app.post(
    '/wallets/account-resolve',
    {
      schema: {
        tags: ['Wallets'],
        security,
        summary: 'Resolve a Flutterwave wallet',
        body: Type.Object({
          provider: StringEnum(['flutterwave'] as const),
          identifier: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = resolveAccount(req.body.identifier);
      if (!found.ok) return reply.fail(found.error);
      return success('Account resolved', {
        provider: req.body.provider,
        identifier: req.body.identifier,
        name: found.value.name,
      });
    },
  );

  app.post(
    '/banks/account-resolve',
    {
      schema: {
        tags: ['Reference'],
        security,
        summary: 'Resolve a bank account',
        body: Type.Object({
          currency: StringEnum(CURRENCY_CODES),
          account: Type.Object({
            code: Type.String({
              pattern: '^[0-9A-Za-z]{3,10}$',
              'x-message': 'must be a bank code of 3 to 10 characters',
            }),
            number: Type.String({ pattern: '^[0-9]{6,20}$', 'x-message': 'must be 6 to 20 digits' }),
          }),
        }),
        response: { 200: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { account } = req.body;
      const found = resolveAccount(account.number);
      if (!found.ok) return reply.fail(found.error);
      return success('Account resolved', {
        bank_code: account.code,
        account_number: account.number,
        account_name: found.value.name,
      });
    },
  );
}

/** v4 transfer retries and duplicates, FX quotes, and account resolution (bank and wallet). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CURRENCY_CODES, parseAmount, toMajor, type Currency } from '../../domain/money.js';
import { invalid } from '../../domain/errors.js';
import type { Destination } from '../../domain/transfer.js';
import type { Deps } from '../../flows/deps.js';
import { saveRecipient } from '../../flows/payouts/recipients.js';
import { createTransfer } from '../../flows/payouts/transfers.js';
import {
  getRate,
  quoteRate,
  resolveAccount,
  retryTransfer,
  type RateQuote,
} from '../../flows/payouts/extras.js';
import { idempotencyClaim, sendExecuted } from '../http/idempotency.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { IdParams, Name } from './schemas.js';
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

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const DirectBody = Type.Object({
  type: Type.Optional(StringEnum(['bank', 'mobile_money', 'wallet'] as const)),
  action: StringEnum(['instant', 'deferred', 'scheduled'] as const),
  reference: RetryBody.properties.reference,
  narration: Type.Optional(Type.String({ minLength: 1, maxLength: 180 })),
  disburse_option: Type.Optional(
    Type.Object({ date_time: Type.Optional(Text(64)), timezone: Type.Optional(Text(64)) }),
  ),
  callback_url: Type.Optional(Type.String({ maxLength: 500 })),
  meta: RetryBody.properties.meta,
  payment_instruction: Type.Object({
    source_currency: StringEnum(CURRENCY_CODES),
    destination_currency: Type.Optional(StringEnum(CURRENCY_CODES)),
    amount: Type.Object({
      value: Type.Number({ exclusiveMinimum: 0 }),
      applies_to: StringEnum(['destination_currency', 'source_currency'] as const),
    }),
    recipient: Type.Object({
      name: Type.Optional(Name),
      bank: Type.Optional(
        Type.Object(
          {
            account_number: Type.String({
              pattern: '^[a-zA-Z0-9]{1,35}$',
              'x-message': 'must be letters and digits',
            }),
            code: Type.String({ pattern: '^[a-zA-Z0-9]{1,20}$', 'x-message': 'must be letters and digits' }),
            branch: Type.Optional(Text(40)),
          },
          { additionalProperties: true },
        ),
      ),
      mobile_money: Type.Optional(
        Type.Object(
          { network: Text(25), msisdn: Text(25), country: Type.Optional(Text(2)) },
          { additionalProperties: true },
        ),
      ),
      wallet: Type.Optional(
        Type.Object({ provider: StringEnum(['flutterwave'] as const), identifier: Text(64) }),
      ),
    }),
    sender: Type.Optional(Type.Object({}, { additionalProperties: true, maxProperties: 20 })),
  }),
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
      const scenario = contextOf(req).scenario();
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
    '/direct-transfers',
    {
      schema: {
        tags,
        security,
        summary: 'Create a transfer and its recipient in one call',
        body: DirectBody,
        response: { 201: Success(TransferView), ...COMMON_ERRORS, 403: COMMON_ERRORS[400] },
      },
    },
    async (req, reply) => {
      const claim = idempotencyClaim(req);
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const { merchantId } = callerOf(req);
      const b = req.body;
      const pi = b.payment_instruction;
      const r = pi.recipient;
      const type = b.type ?? 'bank';
      if (r[type] === undefined) {
        const field = `payment_instruction.recipient.${type}`;
        return reply.fail(invalid([{ field, message: `A ${type} transfer needs ${field}` }]));
      }
      const dst = pi.destination_currency ?? 'NGN';
      const destination: Destination = {
        type,
        currency: dst,
        ...(r.name ? { name: r.name } : {}),
        ...(type === 'bank' && r.bank
          ? {
              bank: {
                accountNumber: r.bank.account_number,
                code: r.bank.code,
                ...(r.bank.branch === undefined ? {} : { branch: r.bank.branch }),
              },
            }
          : {}),
        ...(type === 'mobile_money' && r.mobile_money
          ? {
              mobileMoney: {
                network: r.mobile_money.network,
                msisdn: r.mobile_money.msisdn,
                ...(r.mobile_money.country === undefined ? {} : { country: r.mobile_money.country }),
              },
            }
          : {}),
        ...(type === 'wallet' && r.wallet
          ? { wallet: { provider: r.wallet.provider, identifier: r.wallet.identifier } }
          : {}),
      };
      const currency: Currency = pi.amount.applies_to === 'source_currency' ? pi.source_currency : dst;
      const amount = parseAmount(pi.amount.value, currency, 'payment_instruction.amount.value');
      if (!amount.ok) return reply.fail(amount.error);
      let disburseAt: Date | undefined;
      if (b.action === 'scheduled') {
        const at = Date.parse(b.disburse_option?.date_time ?? '');
        if (Number.isNaN(at))
          return reply.fail(
            invalid([
              {
                field: 'disburse_option.date_time',
                message: 'A scheduled transfer needs disburse_option.date_time (ISO 8601)',
              },
            ]),
          );
        disburseAt = new Date(at);
      }
      const saved = await saveRecipient(deps, merchantId, destination, 'payment_instruction.recipient.');
      if (!saved.ok) return reply.fail(saved.error);
      const executed = await createTransfer(
        deps,
        {
          merchantId,
          origin: 'v4',
          action: b.action,
          ...(b.reference === undefined ? {} : { reference: b.reference }),
          ...(b.narration === undefined ? {} : { narration: b.narration }),
          ...(b.callback_url === undefined ? {} : { callbackUrl: b.callback_url }),
          meta: b.meta ?? {},
          scenario: scenario.value,
          destination: saved.value.destination,
          recipientId: saved.value.id,
          ...(pi.sender === undefined ? {} : { sender: pi.sender as Record<string, unknown> }),
          sourceCurrency: pi.source_currency,
          destinationCurrency: dst,
          amount: amount.value,
          appliesTo: pi.amount.applies_to,
          ...(disburseAt === undefined ? {} : { disburseAt }),
        },
        {
          idempotency: claim.value,
          render: (t) => ({
            status: 201,
            body: JSON.stringify(success('Transfer created', transferView(t))),
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

/** v4 wallets (balances, statement) and transfer recipients (bank, mobile money, wallet). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { appError } from '../../domain/errors.js';
import { CURRENCY_CODES, toMajor, type Currency } from '../../domain/money.js';
import type { Destination } from '../../domain/transfer.js';
import type { Deps } from '../../flows/deps.js';
import {
  getRecipient,
  pageOfRecipients,
  removeRecipient,
  saveRecipient,
} from '../../flows/payouts/recipients.js';
import { balanceOf, balancesOf, statementOf, type WalletBalance } from '../../flows/payouts/wallets.js';
import { StringEnum } from '../http/fields.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, Success, success } from './envelope.js';
import { IdParams, Name } from './schemas.js';
import { CursorQuery, cursorList, pageOfCursor, RecipientView, recipientView } from './transfer-views.js';

const Loose = Type.Object({}, { additionalProperties: true });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

const RecipientCreate = Type.Object({
  type: StringEnum(['bank', 'mobile_money', 'wallet'] as const),
  currency: Type.Optional(StringEnum(CURRENCY_CODES)),
  name: Type.Optional(Name),
  email: Type.Optional(Text(255)),
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
});

const balanceView = (b: WalletBalance) => ({
  currency: b.currency,
  available_balance: toMajor(b.available, b.currency as Currency),
});

export function walletRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  app.get(
    '/wallets/balances',
    {
      schema: {
        tags: ['Wallets'],
        security,
        summary: 'Balances of every wallet',
        response: { 200: Success(Type.Array(Loose)), ...COMMON_ERRORS },
      },
    },
    async (req) =>
      success('Wallet balances fetched', (await balancesOf(deps, callerOf(req).merchantId)).map(balanceView)),
  );

  app.get(
    '/wallets/balances/:currency',
    {
      schema: {
        tags: ['Wallets'],
        security,
        summary: 'Balance of one wallet',
        params: Type.Object({ currency: StringEnum(CURRENCY_CODES) }),
        response: { 200: Success(Loose), ...COMMON_ERRORS },
      },
    },
    async (req) =>
      success(
        'Wallet balance fetched',
        balanceView(await balanceOf(deps, callerOf(req).merchantId, req.params.currency)),
      ),
  );

  app.get(
    '/wallets/statement',
    {
      schema: {
        tags: ['Wallets'],
        security,
        summary: "The wallets' movements, most recent first",
        querystring: Type.Object({
          currency: Type.Optional(StringEnum(CURRENCY_CODES)),
          size: Type.Integer({ minimum: 10, maximum: 50, default: 10 }),
          next: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$', 'x-message': 'must be a page cursor' })),
        }),
        response: { 200: Loose, ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const page = req.query.next === undefined ? 1 : Math.max(1, Number(req.query.next));
      const size = req.query.size;
      const { entries, total } = await statementOf(deps, callerOf(req).merchantId, {
        ...(req.query.currency === undefined ? {} : { currency: req.query.currency }),
        limit: size,
        offset: (page - 1) * size,
      });
      const more = page * size < total;
      return success('Wallet statement fetched', {
        cursor: { ...(more ? { next: String(page + 1) } : {}), limit: size, total, has_more_items: more },
        transactions: entries.map((e) => ({
          transaction_direction: e.amount > 0 ? 'credit' : 'debit',
          amount: { value: toMajor(Math.abs(e.amount), e.currency as Currency), currency: e.currency },
          balance_type: e.account,
          narration: e.kind,
          reference: e.sourceId ?? e.journalId,
          transaction_datetime: e.createdAt.toISOString(),
        })),
      });
    },
  );

  // ─── Recipients ──────────────────────────────────────────────────────────────────────────────
  const tags = ['Transfers'];

  app.post(
    '/transfers/recipients',
    {
      schema: {
        tags,
        security,
        summary: 'Save a transfer recipient',
        body: RecipientCreate,
        response: { 201: Success(RecipientView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const missing = b[b.type] === undefined;
      if (missing) {
        return reply.fail(
          appError('REQUEST_NOT_VALID', `A ${b.type} recipient needs ${b.type}`, [
            { field: b.type, message: `${b.type} is required` },
          ]),
        );
      }
      const destination: Destination = {
        type: b.type,
        currency: b.currency ?? 'NGN',
        ...(b.name ? { name: b.name } : {}),
        ...(b.email === undefined ? {} : { email: b.email }),
        ...(b.type === 'bank' && b.bank
          ? {
              bank: {
                accountNumber: b.bank.account_number,
                code: b.bank.code,
                ...(b.bank.branch === undefined ? {} : { branch: b.bank.branch }),
              },
            }
          : {}),
        ...(b.type === 'mobile_money' && b.mobile_money
          ? {
              mobileMoney: {
                network: b.mobile_money.network,
                msisdn: b.mobile_money.msisdn,
                ...(b.mobile_money.country === undefined ? {} : { country: b.mobile_money.country }),
              },
            }
          : {}),
        ...(b.type === 'wallet' && b.wallet
          ? { wallet: { provider: b.wallet.provider, identifier: b.wallet.identifier } }
          : {}),
      };
      const saved = await saveRecipient(deps, callerOf(req).merchantId, destination);
      if (!saved.ok) return reply.fail(saved.error);
      return reply.code(201).send(success('Transfer recipient created', recipientView(saved.value)));
    },
  );

  app.get(
    '/transfers/recipients',
    {
      schema: {
        tags,
        security,
        summary: 'List transfer recipients',
        querystring: CursorQuery,
        response: { 200: Loose, ...COMMON_ERRORS },
      },
    },
    async (req) =>
      cursorList(
        'Transfer recipients fetched',
        'recipients',
        await pageOfRecipients(deps, callerOf(req).merchantId, pageOfCursor(req.query)),
        recipientView,
      ),
  );

  app.get(
    '/transfers/recipients/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a transfer recipient',
        params: IdParams,
        response: { 200: Success(RecipientView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getRecipient(deps, callerOf(req).merchantId, req.params.id);
      return found.ok
        ? success('Transfer recipient fetched', recipientView(found.value))
        : reply.fail(found.error);
    },
  );

  app.delete(
    '/transfers/recipients/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a transfer recipient',
        params: IdParams,
        response: { 200: Success(Type.Null()), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const done = await removeRecipient(deps, callerOf(req).merchantId, req.params.id);
      return done.ok ? success('Transfer recipient deleted', null) : reply.fail(done.error);
    },
  );
}

/**
 * v3 transfers and balances (v3 spec §8, flutterwave-node-v3's Transfer and Misc modules): initiate,
 * list, fetch, fee, balances, and the sandbox controls. Same flows, rail and ledger as v4: a transfer
 * is reachable from both dialects (`id` here is its numeric id).
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { invalid } from '../../domain/errors.js';
import { isCurrency, parseAmount, toMajor, type Currency } from '../../domain/money.js';
import { BANKS } from '../../domain/reference/banks.js';
import { PROVIDER_RESPONSE_TYPES, transferFee, type Transfer } from '../../domain/transfer.js';
import type { Deps } from '../../flows/deps.js';
import { getRecipient } from '../../flows/payouts/recipients.js';
import {
  advanceTransfer,
  createTransfer,
  getTransfer,
  pageOfTransfers,
} from '../../flows/payouts/transfers.js';
import { balanceOf, balancesOf, type WalletBalance } from '../../flows/payouts/wallets.js';
import { callerOf } from '../http/caller.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';
import { idempotencyClaim, sendExecuted } from '../http/idempotency.js';
import { bodyOptional } from '../http/validation.js';
import { v3 } from './envelope.js';
import { CurrencyCode, V3Amount } from './schemas.js';

const V3_TRANSFER_STATUS: Record<Transfer['status'], string> = {
  NEW: 'NEW',
  PENDING: 'NEW',
  SUCCESSFUL: 'SUCCESSFUL',
  FAILED: 'FAILED',
  CANCELLED: 'FAILED',
};

export const bankNameOf = (code: string): string =>
  Object.values(BANKS)
    .flat()
    .find((b) => b.code === code)
    ?.name.toUpperCase() ?? 'SANDBOX BANK';

export function v3TransferView(t: Transfer) {
  const d = t.destination;
  const name = [d.name?.first, d.name?.last].filter(Boolean).join(' ');
  const complete =
    t.status === 'SUCCESSFUL'
      ? 'Successful'
      : t.status === 'FAILED'
        ? `DISBURSE FAILED: ${t.providerResponse?.message ?? 'Transfer failed'}`
        : t.status === 'CANCELLED'
          ? 'Transfer cancelled'
          : '';
  const dst = t.destinationCurrency;
  return {
    id: t.numId,
    account_number: d.bank?.accountNumber ?? d.mobileMoney?.msisdn ?? d.wallet?.identifier ?? '',
    bank_code: d.bank?.code ?? d.mobileMoney?.network ?? 'flutterwave',
    full_name: name === '' ? 'N/A' : name,
    created_at: t.createdAt.toISOString(),
    currency: dst,
    debit_currency: t.sourceCurrency,
    amount: toMajor(t.appliesTo === 'destination_currency' ? t.amount : t.debitAmount, dst),
    fee: toMajor(t.fee, t.sourceCurrency),
    status: V3_TRANSFER_STATUS[t.status],
    reference: t.reference,
    meta: Object.keys(t.meta).length === 0 ? null : t.meta,
    narration: t.narration ?? '',
    approver: null,
    complete_message: complete,
    requires_approval: t.action === 'deferred' ? 1 : 0,
    is_approved: t.action === 'deferred' && t.status === 'NEW' ? 0 : 1,
    bank_name: d.bank ? bankNameOf(d.bank.code) : d.type.toUpperCase(),
  };
}

const balanceView = (b: WalletBalance) => ({
  currency: b.currency,
  available_balance: toMajor(b.available, b.currency as Currency),
  ledger_balance: toMajor(b.ledger, b.currency as Currency),
});

const InitiateBody = Type.Object(
  {
    account_bank: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    account_number: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    beneficiary: Type.Optional(Type.Integer({ minimum: 1, maximum: 9_007_199_254_740_991 })),
    amount: V3Amount,
    currency: CurrencyCode,
    debit_currency: Type.Optional(CurrencyCode),
    narration: Type.Optional(Type.String({ maxLength: 100 })),
    reference: Type.Optional(
      Type.String({
        pattern: '^[\\x21-\\x7e]{6,100}$',
        'x-message': 'must be 6 to 100 characters without spaces',
      }),
    ),
    callback_url: Type.Optional(Type.String({ maxLength: 100 })),
    beneficiary_name: Type.Optional(Type.String({ maxLength: 100 })),
    meta: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: true },
);

const opts = (summary: string) => ({ config: { dialect: 'v3' as const }, schema: { tags: ['v3'], summary } });

export function v3TransferRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/v3/transfers',
    {
      ...opts('Initiate a transfer'),
      schema: { ...opts('').schema, summary: 'Initiate a transfer', body: InitiateBody },
    },
    async (req, reply) => {
      const claim = idempotencyClaim(req);
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const { merchantId } = callerOf(req);
      const b = req.body;
      const currency = b.currency.toUpperCase();
      const debit = (b.debit_currency ?? currency).toUpperCase();
      if (!isCurrency(currency))
        return reply.fail(
          invalid([{ field: 'currency', message: `currency ${b.currency} is not supported` }]),
        );
      if (!isCurrency(debit))
        return reply.fail(
          invalid([{ field: 'debit_currency', message: `debit_currency ${debit} is not supported` }]),
        );
      const amount = parseAmount(b.amount, currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      let destination: Transfer['destination'];
      let recipientId: string | undefined;
      if (b.beneficiary !== undefined) {
        const found = await getRecipient(deps, merchantId, b.beneficiary);
        if (!found.ok) return reply.fail(found.error);
        destination = found.value.destination;
        recipientId = found.value.id;
      } else {
        if (b.account_bank === undefined || b.account_number === undefined) {
          return reply.fail(
            invalid([
              {
                field: 'account_bank',
                message: 'account_bank and account_number are required (or beneficiary)',
              },
            ]),
          );
        }
        const [first, ...rest] = (b.beneficiary_name ?? '').trim().split(/\s+/);
        destination = {
          type: 'bank',
          currency,
          ...(first ? { name: { first, ...(rest.length > 0 ? { last: rest.join(' ') } : {}) } } : {}),
          bank: { accountNumber: b.account_number, code: b.account_bank },
        };
      }
      const meta =
        typeof b.meta === 'object' && b.meta !== null && !Array.isArray(b.meta)
          ? (b.meta as Record<string, unknown>)
          : {};
      const executed = await createTransfer(
        deps,
        {
          merchantId,
          origin: 'v3',
          action: 'instant',
          ...(b.reference === undefined ? {} : { reference: b.reference }),
          ...(b.narration === undefined ? {} : { narration: b.narration }),
          ...(b.callback_url === undefined ? {} : { callbackUrl: b.callback_url }),
          meta,
          scenario: scenario.value,
          destination,
          ...(recipientId === undefined ? {} : { recipientId }),
          sourceCurrency: debit,
          destinationCurrency: currency,
          amount: amount.value,
          appliesTo: 'destination_currency',
        },
        {
          idempotency: claim.value,
          render: (t) => ({
            status: 200,
            body: JSON.stringify(v3('Transfer Queued Successfully', v3TransferView(t))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/v3/transfers',
    {
      config: { dialect: 'v3' },
      schema: {
        tags: ['v3'],
        summary: 'List transfers',
        querystring: Type.Object({
          page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
          status: Type.Optional(
            StringEnum([
              'NEW',
              'PENDING',
              'SUCCESSFUL',
              'FAILED',
              'successful',
              'failed',
              'pending',
            ] as const),
          ),
        }),
      },
    },
    async (req) => {
      const status = req.query.status?.toUpperCase() as Transfer['status'] | undefined;
      const page = await pageOfTransfers(deps, callerOf(req).merchantId, status ? { status } : {}, {
        page: req.query.page,
        size: 10,
      });
      return v3('Transfers fetched', page.items.map(v3TransferView), {
        page_info: {
          total: page.total,
          current_page: page.page,
          total_pages: Math.max(1, Math.ceil(page.total / page.size)),
        },
      });
    },
  );

  app.get(
    '/v3/transfers/fee',
    {
      config: { dialect: 'v3' },
      schema: {
        tags: ['v3'],
        summary: 'The fee of a transfer',
        querystring: Type.Object({ amount: Type.String({ maxLength: 32 }), currency: CurrencyCode }),
      },
    },
    async (req, reply) => {
      const currency = req.query.currency.toUpperCase();
      if (!isCurrency(currency))
        return reply.fail(
          invalid([{ field: 'currency', message: `currency ${req.query.currency} is not supported` }]),
        );
      const amount = parseAmount(req.query.amount, currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      return v3('Transfer fee fetched', [
        { currency, fee_type: 'value', fee: toMajor(transferFee(currency, amount.value), currency) },
      ]);
    },
  );

  app.get(
    '/v3/transfers/:id',
    {
      config: { dialect: 'v3' },
      schema: {
        tags: ['v3'],
        summary: 'Fetch a transfer',
        params: Type.Object({
          id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', 'x-message': 'must be a numeric id' }),
        }),
      },
    },
    async (req, reply) => {
      const found = await getTransfer(deps, callerOf(req).merchantId, { numId: Number(req.params.id) });
      return found.ok ? v3('Transfer fetched', v3TransferView(found.value)) : reply.fail(found.error);
    },
  );

  app.get(
    '/v3/balances',
    { config: { dialect: 'v3' }, schema: { tags: ['v3'], summary: 'Balances of every wallet' } },
    async (req) =>
      v3('Wallet balances fetched', (await balancesOf(deps, callerOf(req).merchantId)).map(balanceView)),
  );

  app.get(
    '/v3/balances/:currency',
    {
      config: { dialect: 'v3' },
      schema: {
        tags: ['v3'],
        summary: 'Balance of one wallet',
        params: Type.Object({ currency: CurrencyCode }),
      },
    },
    async (req, reply) => {
      const currency = req.params.currency.toUpperCase();
      if (!isCurrency(currency))
        return reply.fail(
          invalid([{ field: 'currency', message: `currency ${req.params.currency} is not supported` }]),
        );
      return v3(
        'Wallet balance fetched',
        balanceView(await balanceOf(deps, callerOf(req).merchantId, currency)),
      );
    },
  );

  app.post(
    '/v3/sandbox/payouts/:id/:action',
    {
      config: { dialect: 'v3' },
      preValidation: bodyOptional,
      schema: {
        tags: ['v3'],
        summary: 'Sandbox: the network completes, fails or reverses a transfer',
        params: Type.Object({
          id: Type.String({ maxLength: 20 }),
          action: StringEnum(['complete', 'fail', 'reverse'] as const),
        }),
        body: Type.Object({ reason: Type.Optional(StringEnum(PROVIDER_RESPONSE_TYPES)) }),
      },
    },
    async (req, reply) => {
      const { action, id } = req.params;
      const reason = (req.body as { reason?: (typeof PROVIDER_RESPONSE_TYPES)[number] } | undefined)?.reason;
      const done = await advanceTransfer(
        deps,
        callerOf(req).merchantId,
        { numId: /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : 0 },
        action === 'fail' ? { type: 'fail', ...(reason === undefined ? {} : { reason }) } : { type: action },
      );
      return done.ok ? v3('Transfer updated', v3TransferView(done.value)) : reply.fail(done.error);
    },
  );
}

/**
 * v3 transaction endpoints beyond verify (v3 spec §8): the list (`GET /v3/transactions`), the fee a
 * charge would carry, a transaction's timeline, and resending its webhook. They read the same charge
 * rows as every other endpoint, so a v4 charge lists and verifies here too.
 *
 * The official Node SDK calls some of them as `//v3/transactions?&from=…`: the router ignores
 * repeated slashes and the query parser an empty `&` part, so those work as sent.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Charge } from '../../domain/charge.js';
import { appError, invalid } from '../../domain/errors.js';
import { computeFees } from '../../domain/fees.js';
import { isCurrency, parseAmount, toMajor } from '../../domain/money.js';
import { totalPages } from '../../domain/pagination.js';
import type { Deps } from '../../flows/deps.js';
import type { MerchantProfile } from '../../flows/merchants/merchant-profiles.js';
import { getCharge, withCustomer, type ChargeInFull } from '../../flows/charges/read-charges.js';
import { pageOfTransactions } from '../../flows/charges/read-transactions-v3.js';
import { resendChargeEvent } from '../../flows/webhooks/resend-event.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { StringEnum } from '../http/fields.js';
import { v3 } from './envelope.js';
import { timelineOf } from './timeline.js';
import { filterOf, ListQuery } from './transaction-query.js';
import { transactionView } from './views.js';
import { contextOf } from '../http/request-context.js';

/** Flutterwave's page size for this list (its sample: 44 rows in 5 pages). */
const PAGE_SIZE = 10;

/**
 * v3 `payment_type` values of the fee endpoint → the pricing table's payment-method types: the
 * documented ones, then the other charge types' names for the methods priced apart.
 */
const FEE_METHODS = {
  card: 'card',
  debit_ng_account: 'account_debit',
  account: 'bank_account',
  ach_payment: 'bank_account',
  mobilemoney: 'mobile_money',
  mobile_money: 'mobile_money',
  bank_transfer: 'bank_transfer',
  ussd: 'ussd',
  mpesa: 'mobile_money',
  qr: 'nqr',
  voucher_payment: 'voucher',
  enaira: 'enaira',
  fawry_pay: 'fawry',
  opay: 'opay',
  applepay: 'applepay',
  googlepay: 'googlepay',
  paypal: 'paypal',
} as const;
type FeePaymentType = keyof typeof FEE_METHODS;

/** A list row: flatter than the verify object (customer_name, customer_email; ids as strings). */
function listRow(full: ChargeInFull, accountId: number) {
  const { id, account_id, customer, meta: _meta, card, ...rest } = transactionView(full, accountId);
  return {
    id: String(id),
    ...rest,
    ...(card && { card }),
    customer_name: customer.name,
    customer_email: customer.email,
    account_id: String(account_id),
  };
}

const notFound = () => appError('CHARGE_NOT_FOUND', 'No transaction was found for this id');

/** The numeric id of a path, or undefined when it cannot name a transaction. */
function txIdOf(text: string): number | undefined {
  const id = Number(text);
  return /^\d{1,15}$/.test(text) && Number.isSafeInteger(id) ? id : undefined;
}

const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) });

export function v3TransactionRoutes(root: FastifyInstance, deps: Deps, _links: Links): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];

  const profileOf = (req: FastifyRequest): Promise<MerchantProfile> => contextOf(req).profile();

  /** The transaction a path's id names, with its customer, within the caller's merchant. */
  const transactionOf = async (req: FastifyRequest<{ Params: { id: string } }>) => {
    const txId = txIdOf(req.params.id);
    const found = txId === undefined ? undefined : await getCharge(deps, callerOf(req).merchantId, { txId });
    return found?.ok ? withCustomer(deps, found.value) : undefined;
  };

  app.get(
    '/v3/transactions',
    {
      schema: { tags, summary: 'List transactions, most recent first, 10 a page', querystring: ListQuery },
    },
    async (req, reply) => {
      const filter = filterOf(req.query);
      if (!filter.ok) return reply.fail(filter.error);
      const profile = await profileOf(req);
      const page = req.query.page ?? 1;
      const found = await pageOfTransactions(deps, profile.id, filter.value, { page, size: PAGE_SIZE });
      return reply.code(200).send(
        v3(
          'Transactions fetched',
          found.items.map((t) => listRow(t, profile.accountId)),
          {
            page_info: {
              total: found.total,
              current_page: page,
              total_pages: totalPages(found.total, PAGE_SIZE),
            },
          },
        ),
      );
    },
  );

  app.get(
    '/v3/transactions/fee',
    {
      schema: {
        tags,
        summary: 'The fee a charge of this amount would carry',
        querystring: Type.Object({
          amount: Type.String({ minLength: 1, maxLength: 30 }),
          currency: Type.String({
            pattern: '^[A-Z]{3}$',
            'x-message': 'must be a currency code such as NGN',
          }),
          payment_type: Type.Optional(StringEnum(Object.keys(FEE_METHODS) as FeePaymentType[])),
          card_first6digits: Type.Optional(
            Type.String({ pattern: '^[0-9]{6}$', 'x-message': 'must be the first 6 digits of a card' }),
          ),
        }),
      },
    },
    async (req, reply) => {
      const { currency } = req.query;
      if (!isCurrency(currency)) {
        return reply.fail(invalid([{ field: 'currency', message: `currency ${currency} is not supported` }]));
      }
      const amount = parseAmount(req.query.amount, currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      // The card's first digits would pick local or international pricing; the sandbox has one card rate.
      const method = FEE_METHODS[req.query.payment_type ?? 'card'];
      const fees = computeFees(deps.pricing, method, amount.value, currency);
      const fee = (type: Charge['fees'][number]['type']) => fees.find((f) => f.type === type)?.amount ?? 0;
      const gateway = fee('app') + fee('vat');
      const passedOn = fee('merchant');
      const major = (minor: number) => toMajor(minor, currency);
      return reply.code(200).send(
        v3('Charged fee', {
          charge_amount: major(amount.value + passedOn),
          fee: major(gateway + passedOn),
          merchant_fee: major(passedOn),
          flutterwave_fee: major(gateway),
          stamp_duty_fee: major(fee('stamp_duty')),
          currency,
        }),
      );
    },
  );

  app.get(
    '/v3/transactions/:id/events',
    { schema: { tags, summary: "A transaction's timeline, oldest first", params: IdParams } },
    async (req, reply) => {
      const full = await transactionOf(req);
      if (!full) return reply.fail(notFound());
      const { charge, paymentMethod, customer } = full;
      return reply
        .code(200)
        .send(
          v3('Transaction events fetched', timelineOf(charge, paymentMethod.details.type, customer.email)),
        );
    },
  );

  app.post(
    '/v3/transactions/:id/resend-hook',
    {
      config: { errors: [422] },
      schema: {
        tags,
        summary: "Send a final transaction's charge.completed webhook again",
        params: IdParams,
      },
    },
    // The body may echo `{id}` (the SDK) or ask `wait: 1` (hold for the merchant's answer); delivery
    // is always asynchronous here, so both are accepted and neither changes anything.
    async (req, reply) => {
      const txId = txIdOf(req.params.id);
      if (txId === undefined) return reply.fail(notFound());
      const sent = await resendChargeEvent(deps, callerOf(req).merchantId, { txId });
      if (!sent.ok) {
        const { type } = sent.error;
        return reply.fail(
          type === 'CHARGE_NOT_FOUND'
            ? notFound()
            : type === 'UNPROCESSABLE'
              ? appError(type, `Transaction ${txId} is still pending: there is no final outcome to send yet`)
              : sent.error,
        );
      }
      return reply.code(200).send(v3('hook sent successfully', 'hook sent'));
    },
  );
}

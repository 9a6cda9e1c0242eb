/**
 * v4 virtual accounts (spec §8.7): open one for a customer (idempotent; X-Scenario-Key decides the
 * outcome of transfers into it), list, fetch, deactivate or update its BVN. An account's `status` is
 * read at the time of the request: an expired or used-up dynamic account is `inactive`.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { pick } from '../../domain/customer.js';
import { invalid, type FieldError } from '../../domain/errors.js';
import { parseAmount, toMajor } from '../../domain/money.js';
import { err, ok, type Result } from '../../domain/result.js';
import {
  MAX_EXPIRY_SECONDS,
  MIN_EXPIRY_SECONDS,
  statusAt,
  VIRTUAL_ACCOUNT_CURRENCIES,
  type VirtualAccount,
  type VirtualAccountCurrency,
} from '../../domain/virtual-account.js';
import type { Deps } from '../../flows/deps.js';
import { merchantTimeOf } from '../../flows/sandbox/clocks.js';
import {
  changeVirtualAccount,
  createVirtualAccount,
  getVirtualAccount,
  pageOfVirtualAccounts,
  type VirtualAccountUpdate,
} from '../../flows/charges/virtual-accounts.js';
import { sendExecuted } from '../http/idempotency.js';
import { callerOf } from './auth.js';
import { COMMON_ERRORS, ListOf, PaginationQuery, Success, list, success } from './envelope.js';
import { Amount, Reference } from './payment-schemas.js';
import { IdParams, Meta } from './schemas.js';
import { StringEnum } from '../http/fields.js';
import { contextOf } from '../http/request-context.js';

const NationalId = (what: string) =>
  Type.String({
    pattern: '^[1-9][0-9]{10}$',
    'x-message': `must be the 11-digit ${what}, not starting with 0`,
  });

const VirtualAccountCreate = Type.Object({
  reference: Reference,
  customer_id: Type.String({ minLength: 1, maxLength: 64 }),
  amount: Amount,
  currency: StringEnum(VIRTUAL_ACCOUNT_CURRENCIES),
  account_type: StringEnum(['static', 'dynamic'] as const),
  expiry: Type.Optional(
    Type.Integer({
      minimum: MIN_EXPIRY_SECONDS,
      maximum: MAX_EXPIRY_SECONDS,
      'x-message': `must be a whole number of seconds from ${MIN_EXPIRY_SECONDS} to ${MAX_EXPIRY_SECONDS}`,
    }),
  ),
  meta: Type.Optional(Meta),
  narration: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  bvn: Type.Optional(NationalId('BVN')),
  nin: Type.Optional(NationalId('NIN')),
  customer_account_number: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9]{6,34}$',
      'x-message': 'must be 6 to 34 letters or digits',
    }),
  ),
  merchant_vat_amount: Type.Optional(Amount),
});
type VirtualAccountCreate = Static<typeof VirtualAccountCreate>;

const VirtualAccountUpdateBody = Type.Object({
  action_type: StringEnum(['update_bvn', 'update_status'] as const),
  status: Type.Optional(StringEnum(['inactive'] as const)),
  bvn: Type.Optional(NationalId('BVN')),
  meta: Type.Optional(Meta),
});
type VirtualAccountUpdateBody = Static<typeof VirtualAccountUpdateBody>;

const VirtualAccountListQuery = Type.Intersect([
  PaginationQuery,
  Type.Object({
    reference: Type.Optional(Type.String({ maxLength: 42 })),
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  }),
]);

export const VirtualAccountView = Type.Object({
  id: Type.String(),
  amount: Type.Number(),
  account_number: Type.String(),
  reference: Type.String(),
  account_bank_name: Type.String(),
  account_type: StringEnum(['static', 'dynamic'] as const),
  status: StringEnum(['active', 'inactive'] as const),
  account_expiration_datetime: Type.String({ format: 'date-time' }),
  note: Type.String(),
  customer_id: Type.String(),
  created_datetime: Type.String({ format: 'date-time' }),
  meta: Meta,
  currency: Type.String(),
});
type VirtualAccountView = Static<typeof VirtualAccountView>;

export function virtualAccountView(va: VirtualAccount, now: Date): VirtualAccountView {
  return {
    id: va.id,
    amount: toMajor(va.amount, va.currency),
    account_number: va.accountNumber,
    reference: va.reference,
    account_bank_name: va.bankName,
    account_type: va.accountType,
    status: statusAt(va, now),
    account_expiration_datetime: va.expiresAt.toISOString(),
    note: va.note,
    customer_id: va.customerId,
    created_datetime: va.createdAt.toISOString(),
    meta: va.meta,
    currency: va.currency,
  };
}

const ZERO = /^0+(?:\.0+)?$/;

/** A decimal amount that may be 0 (a static account's), in minor units; `field` names it in errors. */
function amountOrZero(value: number | string, currency: VirtualAccountCurrency, field: string) {
  if (value === 0 || (typeof value === 'string' && ZERO.test(value))) return ok(0);
  return parseAmount(value, currency, field);
}

function toUpdate(body: VirtualAccountUpdateBody): Result<VirtualAccountUpdate> {
  const problems: FieldError[] = [];
  const meta = pick('meta', body.meta);
  if (body.action_type === 'update_status') {
    if (body.bvn !== undefined) {
      problems.push({ field: 'bvn', message: 'bvn applies to action_type update_bvn only' });
    }
    if (body.status === undefined) {
      problems.push({ field: 'status', message: 'status is required for action_type update_status' });
    }
    if (problems.length > 0 || body.status === undefined) return err(invalid(problems));
    return ok({ action: 'update_status', status: body.status, ...meta });
  }
  if (body.status !== undefined) {
    problems.push({ field: 'status', message: 'status applies to action_type update_status only' });
  }
  if (body.bvn === undefined) {
    problems.push({ field: 'bvn', message: 'bvn is required for action_type update_bvn' });
  }
  if (problems.length > 0 || body.bvn === undefined) return err(invalid(problems));
  return ok({ action: 'update_bvn', bvn: body.bvn, ...meta });
}

export function virtualAccountRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['Virtual accounts'];
  const security = [{ bearer: [] }];

  app.post(
    '/virtual-accounts',
    {
      schema: {
        tags,
        security,
        summary: 'Open a virtual account customers pay into by bank transfer',
        description:
          'Honours X-Idempotency-Key and, in the sandbox, X-Scenario-Key (`issuer:approved|failed` decides ' +
          'the outcome of transfers into the account; see docs/sandbox.md).',
        body: VirtualAccountCreate,
        response: { 201: Success(VirtualAccountView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const now = await merchantTimeOf(deps, merchantId);
      const claim = contextOf(req).idempotency();
      if (!claim.ok) return reply.fail(claim.error);
      const scenario = contextOf(req).scenario();
      if (!scenario.ok) return reply.fail(scenario.error);
      const body: VirtualAccountCreate = req.body;
      const amount = amountOrZero(body.amount, body.currency, 'amount');
      if (!amount.ok) return reply.fail(amount.error);
      const vat =
        body.merchant_vat_amount === undefined
          ? undefined
          : amountOrZero(body.merchant_vat_amount, body.currency, 'merchant_vat_amount');
      if (vat && !vat.ok) return reply.fail(vat.error);
      const executed = await createVirtualAccount(
        deps,
        {
          merchantId,
          customerId: body.customer_id,
          reference: body.reference,
          currency: body.currency,
          accountType: body.account_type,
          amount: amount.value,
          ...pick('expirySeconds', body.expiry),
          ...pick('narration', body.narration),
          ...pick('bvn', body.bvn),
          ...pick('nin', body.nin),
          ...pick('customerAccountNumber', body.customer_account_number),
          meta: body.meta ?? {},
          ...pick('merchantVatAmount', vat?.value),
          scenario: scenario.value,
        },
        {
          idempotency: claim.value,
          render: (va) => ({
            status: 201,
            body: JSON.stringify(success('Virtual account created', virtualAccountView(va, now))),
          }),
        },
      );
      return executed.ok ? sendExecuted(reply, executed.value) : reply.fail(executed.error);
    },
  );

  app.get(
    '/virtual-accounts',
    {
      schema: {
        tags,
        security,
        summary: 'List virtual accounts, most recent first',
        querystring: VirtualAccountListQuery,
        response: { 200: ListOf(VirtualAccountView), ...COMMON_ERRORS },
      },
    },
    async (req) => {
      const q = req.query;
      const { merchantId } = callerOf(req);
      const page = await pageOfVirtualAccounts(
        deps,
        merchantId,
        {
          ...pick('reference', q.reference),
          ...pick('from', q.from === undefined ? undefined : new Date(q.from)),
          ...pick('to', q.to === undefined ? undefined : new Date(q.to)),
        },
        { page: q.page, size: q.size },
      );
      const now = await merchantTimeOf(deps, merchantId);
      return list('Virtual accounts fetched', page, (va) => virtualAccountView(va, now));
    },
  );

  app.get(
    '/virtual-accounts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Fetch a virtual account',
        params: IdParams,
        response: { 200: Success(VirtualAccountView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const found = await getVirtualAccount(deps, callerOf(req).merchantId, req.params.id);
      return found.ok
        ? success(
            'Virtual account fetched',
            virtualAccountView(found.value, await merchantTimeOf(deps, found.value.merchantId)),
          )
        : reply.fail(found.error);
    },
  );

  app.put(
    '/virtual-accounts/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Deactivate a virtual account (update_status) or replace its BVN (update_bvn)',
        params: IdParams,
        body: VirtualAccountUpdateBody,
        response: { 200: Success(VirtualAccountView), ...COMMON_ERRORS },
      },
    },
    async (req, reply) => {
      const update = toUpdate(req.body);
      if (!update.ok) return reply.fail(update.error);
      const changed = await changeVirtualAccount(deps, callerOf(req).merchantId, req.params.id, update.value);
      return changed.ok
        ? success(
            'Virtual account updated',
            virtualAccountView(changed.value, await merchantTimeOf(deps, changed.value.merchantId)),
          )
        : reply.fail(changed.error);
    },
  );
}

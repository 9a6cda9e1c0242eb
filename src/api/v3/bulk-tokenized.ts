/**
 * Bulk tokenized charges (v3 spec §8; flows/charges/bulk-tokenized.ts): `POST /v3/bulk-tokenized-charges`
 * answers `Bulk charge initiated` with every charge pending, and a job charges them; `GET …/{id}` counts
 * them (`processed_charges` are the charged and the failed), `GET …/{id}/transactions` lists the
 * transactions they became, in the order sent, in the shape of the documented sample (ids as strings).
 * Each item is checked here as `POST /v3/tokenized-charges` checks its body, naming the field by its
 * place (`bulk_data[1].amount`); the token and email are checked when the item is charged.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { appError, invalid } from '../../domain/errors.js';
import { isCurrency, parseAmount } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import {
  createBulkCharge,
  readBulkCharge,
  readBulkTransactions,
  type BulkItemRequest,
} from '../../flows/charges/bulk-tokenized.js';
import { callerOf } from '../http/caller.js';
import { idempotencyClaim, sendExecuted } from '../http/idempotency.js';
import { Email, isHttpUrl } from '../http/fields.js';
import { v3 } from './envelope.js';
import { TxRef, V3Amount } from './schemas.js';
import { transactionView } from './views.js';

/** A bound on one request's work: the job charges the items one after another. */
export const MAX_BULK_ITEMS = 200;

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Count = Type.Number({ minimum: 0, maximum: 100_000 });

const BulkItem = Type.Object({
  token: Text(100),
  currency: Type.String({ pattern: '^[A-Z]{3}$', 'x-message': 'must be a currency code such as NGN' }),
  country: Type.Optional(
    Type.String({ pattern: '^[A-Za-z]{2}$', 'x-message': 'must be a country code such as NG' }),
  ),
  amount: V3Amount,
  email: Email,
  tx_ref: TxRef,
  first_name: Type.Optional(Text(100)),
  last_name: Type.Optional(Text(100)),
  full_name: Type.Optional(Text(200)),
  narration: Type.Optional(Text(255)),
  ip: Type.Optional(Text(64)),
  redirect_url: Type.Optional(Text(2048)),
});

const BulkBody = Type.Object({
  title: Type.Optional(Text(255)),
  retry_strategy: Type.Optional(
    Type.Object({
      retry_interval: Type.Optional(Count),
      retry_amount_variable: Type.Optional(Count),
      retry_attempt_variable: Type.Optional(Count),
      last_attempt_variable: Type.Optional(Count),
    }),
  ),
  bulk_data: Type.Array(BulkItem, { minItems: 1, maxItems: MAX_BULK_ITEMS }),
});

const IdParams = Type.Object({ id: Type.String({ maxLength: 20 }) });

function bulkIdOf(text: string): number | undefined {
  const id = Number(text);
  return /^\d{1,15}$/.test(text) && Number.isSafeInteger(id) ? id : undefined;
}

const notFound = () => appError('RESOURCE_NOT_FOUND', 'No bulk charge was found for this id');

export function v3BulkTokenizedRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['v3'];

  app.post(
    '/v3/bulk-tokenized-charges',
    {
      config: { dialect: 'v3', idempotent: true },
      schema: { tags, summary: 'Charge many saved cards by their tokens', body: BulkBody },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const b = req.body;
      const items: BulkItemRequest[] = [];
      const seen = new Set<string>();
      for (const [i, item] of b.bulk_data.entries()) {
        const at = `bulk_data[${i}]`;
        if (!isCurrency(item.currency)) {
          return reply.fail(
            invalid([
              { field: `${at}.currency`, message: `${at}.currency ${item.currency} is not supported` },
            ]),
          );
        }
        const amount = parseAmount(item.amount, item.currency, `${at}.amount`);
        if (!amount.ok) return reply.fail(amount.error);
        if (item.redirect_url !== undefined && !isHttpUrl(item.redirect_url)) {
          const message = `${at}.redirect_url must be an absolute http or https URL`;
          return reply.fail(invalid([{ field: `${at}.redirect_url`, message }]));
        }
        if (seen.has(item.tx_ref)) {
          const message = `${at}.tx_ref ${item.tx_ref} is used by another charge of this request`;
          return reply.fail(invalid([{ field: `${at}.tx_ref`, message }]));
        }
        seen.add(item.tx_ref);
        items.push({
          token: item.token,
          email: item.email,
          amount: amount.value,
          currency: item.currency,
          reference: item.tx_ref,
          ...(item.redirect_url === undefined ? {} : { redirectUrl: item.redirect_url }),
        });
      }
      const scenario = req.headers['x-scenario-key'];
      if (scenario !== undefined && (typeof scenario !== 'string' || scenario.length > 1000)) {
        return reply.fail(
          invalid([{ field: 'X-Scenario-Key', message: 'X-Scenario-Key must be at most 1000 characters' }]),
        );
      }
      const claim = idempotencyClaim(req);
      if (!claim.ok) return reply.fail(claim.error);
      const executed = await createBulkCharge(
        deps,
        {
          merchantId,
          items,
          ...(b.title === undefined ? {} : { title: b.title }),
          ...(b.retry_strategy === undefined ? {} : { retryStrategy: b.retry_strategy }),
          ...(scenario === undefined ? {} : { scenarioKey: scenario }),
        },
        {
          idempotency: claim.value,
          render: (bulk) => ({
            status: 200,
            body: JSON.stringify(
              v3('Bulk charge initiated', {
                id: bulk.id,
                created_at: bulk.createdAt.toISOString(),
                approver: 'N/A',
                title: bulk.title ?? null,
                total_charges: bulk.total,
                pending_charges: bulk.total,
                processed_charges: 0,
              }),
            ),
          }),
        },
      );
      if (!executed.ok) return reply.fail(executed.error);
      return sendExecuted(reply, executed.value);
    },
  );

  app.get(
    '/v3/bulk-tokenized-charges/:id',
    {
      config: { dialect: 'v3' },
      schema: { tags, summary: 'How far a bulk tokenized charge has got', params: IdParams },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const id = bulkIdOf(req.params.id);
      const bulk = id === undefined ? undefined : await readBulkCharge(deps, merchantId, id);
      if (!bulk) return reply.fail(notFound());
      return reply.send(
        v3('Bulk charge fetched', {
          id: bulk.id,
          title: bulk.title ?? null,
          approver: 'N/A',
          processed_charges: bulk.charged + bulk.failed,
          pending_charges: bulk.pending,
          total_charges: bulk.total,
          created_at: bulk.createdAt.toISOString(),
        }),
      );
    },
  );

  app.get(
    '/v3/bulk-tokenized-charges/:id/transactions',
    {
      config: { dialect: 'v3' },
      schema: { tags, summary: 'The transactions a bulk tokenized charge made', params: IdParams },
    },
    async (req, reply) => {
      const { merchantId } = callerOf(req);
      const profile = await deps.profiles.get(merchantId);
      if (!profile) throw new Error(`no profile for authenticated merchant ${merchantId}`);
      const id = bulkIdOf(req.params.id);
      const bulk = id === undefined ? undefined : await readBulkCharge(deps, merchantId, id);
      if (!bulk) return reply.fail(notFound());
      const rows = await readBulkTransactions(deps, merchantId, bulk.id);
      return reply.send(
        v3(
          'Bulk charge transactions fetched',
          rows.map((row) => {
            const view = transactionView(row, profile.accountId);
            return {
              ...view,
              id: String(view.id),
              account_id: String(view.account_id),
              customer: { ...view.customer, id: String(view.customer.id) },
            };
          }),
        ),
      );
    },
  );
}

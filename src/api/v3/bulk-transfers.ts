/** v3 bulk transfers: `POST /v3/bulk-transfers` queues one job per item; `GET …/{id}` shows each item's outcome. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { invalid, type FieldError } from '../../domain/errors.js';
import { randomBase62 } from '../../domain/ids.js';
import { isCurrency, parseAmount } from '../../domain/money.js';
import type { Deps } from '../../flows/deps.js';
import { getBatch, submitBatch, type BatchItem } from '../../flows/payouts/bulk.js';
import { callerOf } from '../http/caller.js';
import { v3 } from './envelope.js';
import { CurrencyCode, V3Amount } from './schemas.js';
import { v3TransferView } from './transfers.js';

const Item = Type.Object(
  {
    bank_code: Type.String({ minLength: 2, maxLength: 20 }),
    account_number: Type.String({ minLength: 5, maxLength: 20 }),
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
    beneficiary_name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: true },
);

export function v3BulkTransferRoutes(root: FastifyInstance, deps: Deps): void {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const config = { dialect: 'v3' as const };

  app.post(
    '/v3/bulk-transfers',
    {
      config,
      schema: {
        tags: ['v3'],
        summary: 'Queue a bulk transfer (one job per item)',
        body: Type.Object({
          title: Type.Optional(Type.String({ maxLength: 100 })),
          bulk_data: Type.Array(Item, { minItems: 1, maxItems: 100 }),
        }),
      },
    },
    async (req, reply) => {
      const problems: FieldError[] = [];
      const stamp = randomBase62(10);
      const items: BatchItem[] = [];
      req.body.bulk_data.forEach((it, i) => {
        const currency = it.currency.toUpperCase();
        const debit = (it.debit_currency ?? currency).toUpperCase();
        if (!isCurrency(currency) || !isCurrency(debit)) {
          problems.push({
            field: `bulk_data.${String(i)}.currency`,
            message: `currency ${it.currency} is not supported`,
          });
          return;
        }
        const amount = parseAmount(it.amount, currency, `bulk_data.${String(i)}.amount`);
        if (!amount.ok) {
          problems.push(...amount.error.fields);
          return;
        }
        items.push({
          reference: it.reference ?? `bulk-${stamp}-${String(i)}`,
          bankCode: it.bank_code,
          accountNumber: it.account_number,
          amount: amount.value,
          currency,
          debitCurrency: debit,
          ...(it.narration === undefined ? {} : { narration: it.narration }),
          ...(it.beneficiary_name === undefined ? {} : { beneficiaryName: it.beneficiary_name }),
        });
      });
      if (new Set(items.map((i) => i.reference)).size !== items.length) {
        problems.push({ field: 'bulk_data', message: 'Each item needs its own reference' });
      }
      if (problems.length > 0) return reply.fail(invalid(problems));
      const batch = await submitBatch(deps, callerOf(req).merchantId, req.body.title, items);
      return v3('Bulk transfer queued', {
        id: batch.numId,
        created_at: batch.createdAt.toISOString(),
        approver: 'N/A',
      });
    },
  );

  app.get(
    '/v3/bulk-transfers/:id',
    {
      config,
      schema: {
        tags: ['v3'],
        summary: 'A bulk transfer and its items',
        params: Type.Object({
          id: Type.String({ pattern: '^[1-9][0-9]{0,15}$', 'x-message': 'must be a numeric id' }),
        }),
      },
    },
    async (req, reply) => {
      const found = await getBatch(deps, callerOf(req).merchantId, Number(req.params.id));
      if (!found.ok) return reply.fail(found.error);
      const { batch, transfers } = found.value;
      const byRef = new Map(transfers.map((t) => [t.reference, t]));
      return v3('Bulk transfer fetched', {
        id: batch.numId,
        title: batch.title ?? null,
        created_at: batch.createdAt.toISOString(),
        total_items: batch.items.length,
        items: batch.items.map((item) => {
          const t = byRef.get(item.reference);
          return t ? v3TransferView(t) : { reference: item.reference, status: 'QUEUED' };
        }),
      });
    },
  );
}

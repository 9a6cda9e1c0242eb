/**
 * The filters of `GET /v3/transactions` (v3 spec §8): `from`/`to` as dates (YYYY-MM-DD, whole UTC
 * days, both ends included) or ISO date-times, `status` in v3 words, `currency`, `tx_ref`,
 * `customer_email`, `customer_fullname`, and `page`. Schema first; then what a schema cannot say
 * (a real calendar date, `from` not after `to`) is checked here, naming the field.
 */
import { Type, type Static } from 'typebox';
import type { ChargeStatus } from '../../domain/charge.js';
import { invalid } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { TransactionFilter } from '../../flows/charges/read-transactions-v3.js';
import { StringEnum } from '../http/fields.js';
import { V3_STATUS } from './views.js';
import { CurrencyCode } from './schemas.js';

const DATE = '\\d{4}-\\d{2}-\\d{2}';
const DateOrTime = Type.String({
  pattern: `^${DATE}(T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,6})?)?(Z|[+-]\\d{2}:\\d{2})?)?$`,
  'x-message': 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
});

/** v3 status words → charge statuses (the inverse of the views' mapping). */
const STATUSES = Object.fromEntries(
  (Object.entries(V3_STATUS) as [ChargeStatus, string][]).map(([status, word]) => [word, status]),
) as Readonly<Record<string, ChargeStatus>>;

export const ListQuery = Type.Object({
  from: Type.Optional(DateOrTime),
  to: Type.Optional(DateOrTime),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  status: Type.Optional(StringEnum(Object.keys(STATUSES))),
  currency: Type.Optional(CurrencyCode),
  tx_ref: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  customer_email: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
  customer_fullname: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
});
export type ListQuery = Static<typeof ListQuery>;

const DAY_MS = 86_400_000;

/** The instant a bound starts at and the one just after it ends: a whole day for a date. */
function boundOf(text: string): { start: Date; after: Date } | undefined {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number);
  if (y === undefined || m === undefined || d === undefined) return undefined;
  const midnight = new Date(Date.UTC(y, m - 1, d));
  // Date.UTC rolls 2026-02-30 over into March: a date that does not come back unchanged is not one.
  if (midnight.toISOString().slice(0, 10) !== text.slice(0, 10)) return undefined;
  if (text.length === 10) return { start: midnight, after: new Date(midnight.getTime() + DAY_MS) };
  // A date-time without an offset is read as UTC, like the dates.
  const at = Date.parse(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(at)) return undefined;
  // Our timestamps have millisecond precision: "up to and including `to`" is "before to + 1 ms".
  return { start: new Date(at), after: new Date(at + 1) };
}

export function filterOf(q: ListQuery): Result<TransactionFilter> {
  const from = q.from === undefined ? undefined : boundOf(q.from);
  const to = q.to === undefined ? undefined : boundOf(q.to);
  const problems = [
    ...(q.from !== undefined && !from
      ? [{ field: 'from', message: `from ${q.from} is not a real date` }]
      : []),
    ...(q.to !== undefined && !to ? [{ field: 'to', message: `to ${q.to} is not a real date` }] : []),
  ];
  if (problems.length > 0) return err(invalid(problems));
  if (from && to && from.start >= to.after) {
    return err(invalid([{ field: 'from', message: 'from must not be after to' }]));
  }
  const status = q.status === undefined ? undefined : STATUSES[q.status];
  return ok({
    ...(from && { from: from.start }),
    ...(to && { before: to.after }),
    ...(status && { status }),
    ...(q.currency !== undefined && { currency: q.currency.toUpperCase() }),
    ...(q.tx_ref !== undefined && { reference: q.tx_ref }),
    ...(q.customer_email !== undefined && { customerEmail: q.customer_email }),
    ...(q.customer_fullname !== undefined && { customerName: q.customer_fullname }),
  });
}

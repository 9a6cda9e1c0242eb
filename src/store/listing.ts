/**
 * List pages, as every list endpoint serves them: one merchant's rows, most recent first (creation
 * time, then insertion order), narrowed by whichever filters were given, with the count of every
 * matching row.
 */
import type { Page, PageRequest } from '../domain/pagination.js';
import { offsetOf } from '../domain/pagination.js';
import type { Queryable, Row } from './db.js';
import { toNumber } from './db.js';

/** For each filter, its SQL condition on the parameter placeholder given (`$2`). */
export type Conditions<F> = { readonly [K in keyof F]-?: (param: string) => string };

export interface Listing<F, R extends Row, T> {
  /** The listed table's alias in `select` and `countFrom`: `c` for `charges c`. */
  readonly alias: string;
  /** `SELECT … FROM …` the rows `toItem` maps. */
  readonly select: string;
  /** The tables the count reads: the listed one and those the conditions name. */
  readonly countFrom: string;
  readonly conditions: Conditions<F>;
  readonly toItem: (row: R) => T;
}

export async function listPage<F extends object, R extends Row, T>(
  q: Queryable,
  listing: Listing<F, R, T>,
  merchantId: string,
  filter: F,
  page: PageRequest,
): Promise<Page<T>> {
  const { alias } = listing;
  const params: unknown[] = [merchantId];
  const where = [`${alias}.merchant_id = $1`];
  for (const name of Object.keys(filter) as (keyof F)[]) {
    const value = filter[name];
    if (value === undefined) continue;
    params.push(value);
    where.push(listing.conditions[name](`$${params.length}`));
  }
  const condition = where.join(' AND ');
  const [count, items] = await Promise.all([
    q.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${listing.countFrom} WHERE ${condition}`, params),
    q.query<R>(
      `${listing.select} WHERE ${condition} ORDER BY ${alias}.created_at DESC, ${alias}.seq DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.size, offsetOf(page)],
    ),
  ]);
  return {
    items: items.rows.map(listing.toItem),
    total: toNumber(count.rows[0]?.n ?? 0),
    page: page.page,
    size: page.size,
  };
}

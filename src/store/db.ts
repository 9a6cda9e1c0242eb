/**
 * The store seam: one small interface, two adapters (PGlite embedded, PostgreSQL over `pg`).
 * Everything above the store speaks SQL through `Queryable`; only flows open transactions.
 */
export type Row = Record<string, unknown>;

export interface QueryResult<R extends Row = Row> {
  readonly rows: R[];
  readonly rowCount: number;
}

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export type StoreKind = 'pglite' | 'postgres';

export interface Db extends Queryable {
  readonly kind: StoreKind;
  /** Runs `work` in one transaction (READ COMMITTED); commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Calls `onNotify` on every `NOTIFY` on `channel` (any node's, at its commit); resolves with a
   * function that stops listening. A lost connection is re-established; notifications sent while it
   * was down are missed, so a listener must also poll.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

interface PgError {
  readonly code?: unknown;
  readonly constraint?: unknown;
}

const pgError = (error: unknown): PgError => (typeof error === 'object' && error !== null ? error : {});

/** SQLSTATE 23505, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = pgError(error);
  return e.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

/** SQLSTATE 55P03: a lock wait ran out its `lock_timeout`. */
export function isLockTimeout(error: unknown): boolean {
  return pgError(error).code === '55P03';
}

/** `a.x AS p_x, …` for a column list, so the rows of joined tables can share one result row. */
export const prefixed = (alias: string, columns: string, prefix = ''): string =>
  columns
    .split(',')
    .map((c) => `${alias}.${c.trim()}${prefix ? ` AS ${prefix}${c.trim()}` : ''}`)
    .join(', ');

/** The columns `prefixed` renamed, back under their own names. */
export function unprefixed<R>(row: Row, prefix: string): R {
  const out: Row = {};
  for (const key in row) if (key.startsWith(prefix)) out[key.slice(prefix.length)] = row[key];
  return out as R;
}

/** int8 and numeric columns arrive as strings from `pg`; Baobab keeps its integers below 2^53. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint' || typeof value === 'string') return Number(value);
  throw new TypeError(`expected a number from the store, got ${typeof value}`);
}

/**
 * Writes as values. A flow that has decided everything in memory hands the store a list of
 * independent data-modifying statements; `writeAll` runs them as the CTEs of ONE statement: one
 * round trip, all or nothing, constraint violations abort the lot.
 */
import type { Queryable } from './db.js';

export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

// Placeholders are renumbered when statements are combined; a `$` that is not a placeholder (inside a
// literal or a dollar-quoted body) would be corrupted, so store SQL must not contain one.
const STRAY_DOLLAR = /\$(?!\d)/;

// The same flows send the same statement shapes again and again: compose each combination once.
const composed = new Map<string, string>();

function compose(parts: readonly Statement[]): string {
  const cacheKey = parts.map((p) => p.sql).join('\u0000');
  let sql = composed.get(cacheKey);
  if (sql === undefined) {
    let offset = 0;
    const ctes = parts.map((s, i) => {
      if (STRAY_DOLLAR.test(s.sql)) throw new Error(`statement ${i} has a $ that is not a placeholder`);
      const shift = offset;
      offset += s.params.length;
      return `w${i} AS (${s.sql.replace(/\$(\d+)/g, (_m, n: string) => `$${Number(n) + shift}`)})`;
    });
    sql = `WITH ${ctes.join(',\n')}\nSELECT 1`;
    composed.set(cacheKey, sql);
  }
  return sql;
}

export async function writeAll(q: Queryable, statements: readonly (Statement | undefined)[]): Promise<void> {
  const parts = statements.filter((s): s is Statement => s !== undefined);
  const [only] = parts;
  if (only && parts.length === 1) {
    await q.query(only.sql, only.params);
    return;
  }
  if (parts.length > 0)
    await q.query(
      compose(parts),
      parts.flatMap((p) => p.params),
    );
}

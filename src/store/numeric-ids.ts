/**
 * Numeric ids (v3 transaction and customer ids) from the `numeric_ids` sequence, which advances by
 * 100: each `nextval` reserves a block of 100 ids for this process. Ids are unique across nodes and
 * known before the row they name is written; they are not in creation order across nodes.
 */
import type { Queryable } from './db.js';
import { toNumber } from './db.js';

export const BLOCK = 100;

export interface NumericIds {
  next(): Promise<number>;
}

export function numericIds(q: Queryable): NumericIds {
  let nextId = 0;
  let end = 0;
  let refill: Promise<void> | undefined;
  const take = async (): Promise<void> => {
    const { rows } = await q.query<{ start: unknown }>(`SELECT nextval('numeric_ids') AS start`);
    nextId = toNumber(rows[0]?.start);
    end = nextId + BLOCK;
  };
  return {
    async next() {
      while (nextId >= end) {
        // Concurrent callers share one refill rather than each burning a block.
        refill ??= take().finally(() => {
          refill = undefined;
        });
        await refill;
      }
      return nextId++;
    },
  };
}

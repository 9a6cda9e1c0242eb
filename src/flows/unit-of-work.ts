/**
 * The write boundary. `inTransaction` commits when the work returns ok and rolls back when it
 * returns an error value, so a failed flow never leaves half its writes behind. `execute` is how
 * creations run: decide everything in memory, render the reply, then write it all at once.
 */
import { appError, type AppError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import { isLockTimeout, isUniqueViolation, type Queryable } from '../store/db.js';
import {
  clearExpiredReply,
  findReply,
  IDEMPOTENCY_KEY_CONSTRAINT,
  type ReplyRow,
} from '../store/idempotency.js';
import type { Deps } from './deps.js';

class Rollback extends Error {
  constructor(readonly error: AppError) {
    super(`rolled back: ${error.type}`);
  }
}

export async function inTransaction<T>(
  deps: Pick<Deps, 'db'>,
  work: (tx: Queryable) => Promise<Result<T>>,
): Promise<Result<T>> {
  try {
    return await deps.db.transaction(async (tx) => {
      const result = await work(tx);
      if (!result.ok) throw new Rollback(result.error);
      return result;
    });
  } catch (error) {
    if (error instanceof Rollback) return err(error.error);
    throw error;
  }
}

/** A rendered reply, opaque to flows: the dialect decides status and bytes. */
export interface Reply {
  readonly status: number;
  readonly body: string;
}

export interface IdempotencyClaim {
  readonly key: string;
  /**
   * The method and route template, e.g. `POST /customers`: a key is remembered per scope, so one key
   * may create a customer, a payment method and a charge (as clients of the real API do).
   */
  readonly scope: string;
  /** Hash of method, path and canonical body: the same key in the scope with anything else is a conflict. */
  readonly fingerprint: string;
}

export interface Executed {
  readonly reply: Reply;
  readonly replayed: boolean;
}

export interface Rendering<T> {
  readonly idempotency: IdempotencyClaim | undefined;
  readonly render: (value: T) => Reply | Promise<Reply>;
}

/**
 * What a flow has decided, not yet written. `commit` writes all of it — plus the idempotency reply
 * row when given — in one atomic step (usually one statement, see store/statement.ts), answering
 * the constraint violations it foresees (a reused reference…) as error values.
 */
export interface Prepared<T> {
  readonly value: T;
  commit(reply: ReplyRow | undefined): Promise<Result<void>>;
}

export const prepared = <T>(value: T, commit: Prepared<T>['commit']): Result<Prepared<T>> =>
  ok({ value, commit });

const KEY_REUSED = (): AppError =>
  appError(
    'RESOURCE_CONFLICT',
    'This X-Idempotency-Key was already used with a different request; use a new key for a new request',
  );

/**
 * Runs a creation under X-Idempotency-Key (DESIGN §3). There is no separate claim: the reply row is
 * inserted in the same statement as the objects it describes, so the primary key on (merchant, key,
 * scope) lets exactly one of several racing requests — on any number of nodes — commit. A duplicate's
 * insert waits for the first to finish (at most the store's lock_timeout, then 409 in progress),
 * fails, and replays the stored reply. A stored reply also wins over whatever error re-running the
 * request would give (the reference it reused was its own).
 */
export async function execute<T>(
  deps: Deps,
  merchantId: string,
  rendering: Rendering<T>,
  prepare: () => Promise<Result<Prepared<T>>>,
): Promise<Result<Executed>> {
  const claim = rendering.idempotency;
  const now = deps.clock.now();
  const replay = async (): Promise<Result<Executed> | undefined> => {
    if (!claim) return undefined;
    const stored = await findReply(deps.db, merchantId, claim.scope, claim.key, now);
    if (!stored) return undefined;
    if (stored.fingerprint !== claim.fingerprint) return err(KEY_REUSED());
    return ok({ reply: { status: stored.status, body: stored.body }, replayed: true });
  };

  for (let attempt = 1; ; attempt++) {
    const plan = await prepare();
    if (!plan.ok) return (await replay()) ?? plan;
    const reply = await rendering.render(plan.value.value);
    const row: ReplyRow | undefined = claim && {
      merchantId,
      scope: claim.scope,
      key: claim.key,
      fingerprint: claim.fingerprint,
      ...reply,
      createdAt: now,
      expiresAt: new Date(now.getTime() + deps.settings.idempotencyTtlMs),
    };
    try {
      const committed = await plan.value.commit(row);
      if (!committed.ok) return (await replay()) ?? committed;
      return ok({ reply, replayed: false });
    } catch (error) {
      if (isLockTimeout(error)) return err(appError('IDEMPOTENCY_REQUEST_IN_PROGRESS'));
      if (!claim || !isUniqueViolation(error, IDEMPOTENCY_KEY_CONSTRAINT)) throw error;
      const stored = await replay();
      if (stored) return stored;
      // The key's row had expired but was not purged yet: clear it and run the request once more.
      if (attempt === 1 && (await clearExpiredReply(deps.db, merchantId, claim.scope, claim.key, now)))
        continue;
      throw error;
    }
  }
}

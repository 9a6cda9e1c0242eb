/**
 * The transaction boundary. `inTransaction` commits when the work returns ok and rolls back when it
 * returns an error value, so a failed flow never leaves half its writes behind. `execute` adds
 * X-Idempotency-Key (DESIGN §3): the key is claimed, the work done and the rendered reply stored in
 * the same transaction, so two requests (or two nodes) racing on one key create exactly one object.
 */
import { appError, type AppError } from '../domain/errors.js';
import { err, ok, type Result } from '../domain/result.js';
import { isLockTimeout, isUniqueViolation, type Queryable } from '../store/db.js';
import { claimKey, findReply, saveReply } from '../store/idempotency.js';
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
  /** Hash of method, path and canonical body: the same key with anything else is a conflict. */
  readonly fingerprint: string;
}

export interface Executed {
  readonly reply: Reply;
  readonly replayed: boolean;
}

export interface Rendering<T> {
  readonly idempotency: IdempotencyClaim | undefined;
  readonly render: (value: T) => Reply;
}

const KEY_REUSED = (): AppError =>
  appError(
    'RESOURCE_CONFLICT',
    'This X-Idempotency-Key was already used with a different request; use a new key for a new request',
  );

export async function execute<T>(
  deps: Deps,
  merchantId: string,
  rendering: Rendering<T>,
  work: (tx: Queryable) => Promise<Result<T>>,
): Promise<Result<Executed>> {
  const claim = rendering.idempotency;
  if (!claim) {
    const result = await inTransaction(deps, work);
    return result.ok ? ok({ reply: rendering.render(result.value), replayed: false }) : result;
  }
  const now = deps.clock.now();
  try {
    return await inTransaction<Executed>(deps, async (tx) => {
      const stored = await claimKey(tx, merchantId, claim.key, deps.settings.idempotencyWaitMs, now);
      if (stored) {
        if (stored.fingerprint !== claim.fingerprint) return err(KEY_REUSED());
        return ok({ reply: { status: stored.status, body: stored.body }, replayed: true });
      }
      const result = await work(tx);
      if (!result.ok) return result; // failures are not remembered: nothing was created, a retry may succeed
      const reply = rendering.render(result.value);
      const expiresAt = new Date(now.getTime() + deps.settings.idempotencyTtlMs);
      const saved = await saveReply(
        tx,
        merchantId,
        claim.key,
        { ...reply, fingerprint: claim.fingerprint },
        now,
        expiresAt,
      );
      if (!saved) throw new Error('idempotency key appeared while its advisory lock was held');
      return ok({ reply, replayed: false });
    });
  } catch (error) {
    if (isLockTimeout(error)) return err(appError('IDEMPOTENCY_REQUEST_IN_PROGRESS'));
    // Belt and braces: should the lock ever be bypassed, the primary key still allows one winner.
    if (isUniqueViolation(error, 'idempotency_keys_pkey')) {
      const stored = await findReply(deps.db, merchantId, claim.key, now);
      if (stored?.fingerprint === claim.fingerprint) {
        return ok({ reply: { status: stored.status, body: stored.body }, replayed: true });
      }
      return err(stored ? KEY_REUSED() : appError('IDEMPOTENCY_REQUEST_IN_PROGRESS'));
    }
    throw error;
  }
}

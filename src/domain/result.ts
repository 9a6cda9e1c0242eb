/** Expected outcomes as values: a flow returns `Result`, it does not throw for a failure it foresaw. */
import type { AppError } from './errors.js';

export type Result<T, E = AppError> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

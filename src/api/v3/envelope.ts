/**
 * The v3 envelope (v3 spec §1.2, §9): `{status: "success", message, data, meta?}` and
 * `{status: "error", message, data: null}`. Clients read the body's `status`, not the HTTP code.
 */
import { errorSpec, type AppError } from '../../domain/errors.js';
import type { RenderedError } from '../http/errors.js';

export function renderV3Error(error: AppError): RenderedError {
  const message = error.fields.length > 0 ? error.fields.map((f) => f.message).join('; ') : error.message;
  return { status: errorSpec(error.type).http, body: { status: 'error', message, data: null } };
}

export interface V3Body {
  readonly status: 'success';
  readonly message: string;
  readonly data?: unknown;
  readonly meta?: unknown;
}

export const v3 = (message: string, data?: unknown, meta?: unknown): V3Body => ({
  status: 'success',
  message,
  ...(data === undefined ? {} : { data }),
  ...(meta === undefined ? {} : { meta }),
});

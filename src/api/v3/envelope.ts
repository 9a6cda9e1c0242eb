/** The v3 error envelope (v3 spec §1.2, §9): `{status: "error", message, data: null}`. */
import { errorSpec, type AppError } from '../../domain/errors.js';
import type { RenderedError } from '../http/errors.js';

export function renderV3Error(error: AppError): RenderedError {
  const message = error.fields.length > 0 ? error.fields.map((f) => f.message).join('; ') : error.message;
  return { status: errorSpec(error.type).http, body: { status: 'error', message, data: null } };
}

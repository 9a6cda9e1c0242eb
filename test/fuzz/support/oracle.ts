/**
 * What every answer must be, whatever was sent: never a 5xx; a status the operation documents; a
 * body that fits the documented schema for it (and, for v4, the official schema); every 4xx in the
 * dialect's envelope; and where the case broke one field, a 400 that names it.
 */
import { expectOperationResponse, operationKeys } from '../../support/operations.js';
import type { Case } from './cases.js';
import type { Answer } from './send.js';

const OFFICIAL = new Set(operationKeys());

/** The fields a 4xx names: v4 validation_errors, else the words of its message. */
function namedIn(answer: Answer): { fields: string[]; message: string } {
  const body = answer.json as Record<string, unknown> | undefined;
  const error = body?.['error'];
  if (typeof error === 'object' && error !== null) {
    const e = error as { message?: string; validation_errors?: { field_name: string }[] };
    return { fields: (e.validation_errors ?? []).map((v) => v.field_name), message: e.message ?? '' };
  }
  const message = body?.['message'] ?? body?.['error_description'] ?? answer.text;
  return { fields: [], message: typeof message === 'string' ? message : JSON.stringify(message) };
}

/** The field itself, a field inside it, or (for a value that is itself an object) its parent. */
const related = (named: string, field: string): boolean => {
  // A JSON pointer cannot tell the key "1" from index 1: the server names both `meta[1]`.
  const plain = (f: string) => f.toLowerCase().replace(/\.(\d+)(?=[.[]|$)/g, '[$1]');
  const a = plain(named);
  const b = plain(field);
  return (
    a === b ||
    a.startsWith(`${b}.`) ||
    a.startsWith(`${b}[`) ||
    (a !== 'body' && (b.startsWith(`${a}.`) || b.startsWith(`${a}[`)))
  );
};

function namesField(answer: Answer, field: string): boolean {
  const { fields, message } = namedIn(answer);
  if (fields.some((f) => related(f, field))) return true;
  // v3, OAuth and v4 errors without validation_errors: the message names it.
  const lower = message.toLowerCase();
  const parents = field.split(/\.(?![^[]*\])/).map((_, i, parts) => parts.slice(0, i + 1).join('.'));
  return [field, ...parents].some((f) => lower.includes(f.toLowerCase()));
}

function envelopeProblem(c: Case, answer: Answer): string | undefined {
  const body = answer.json as Record<string, unknown> | undefined;
  if (body === undefined) return `a ${answer.status} that is not JSON (${answer.contentType})`;
  switch (c.op.dialect) {
    case 'v4': {
      const error = body['error'] as Record<string, unknown> | undefined;
      const ok =
        body['status'] === 'failed' &&
        typeof error?.['type'] === 'string' &&
        typeof error['code'] === 'string' &&
        typeof error['message'] === 'string';
      return ok ? undefined : 'a 4xx outside the v4 envelope';
    }
    case 'v3':
      return body['status'] === 'error' &&
        typeof body['message'] === 'string' &&
        body['data'] === null &&
        Object.keys(body).length === 3
        ? undefined
        : 'a 4xx outside the v3 envelope';
    case 'oauth':
      return typeof body['error'] === 'string' && typeof body['error_description'] === 'string'
        ? undefined
        : 'a 4xx outside the OAuth2 error body';
  }
}

/**
 * The official list schemas cap `data` at 10 items while the same document lets `size` go to 50
 * (shared/spec/flutterwave-v4.md: `size` 10–50): a page of more than 10 is checked as its first 10.
 */
function officialView(c: Case, body: unknown): unknown {
  const data = (body as { data?: unknown } | null)?.data;
  const size = Number(c.query['size']);
  if (!Array.isArray(data) || !(size > 10)) return body;
  return { ...(body as object), data: data.slice(0, 10) };
}

/** Every rule `answer` breaks, as short sentences (empty when it is a good answer). */
export function problems(c: Case, answer: Answer): string[] {
  const found: string[] = [];
  const { status } = answer;
  if (status >= 500) found.push(`a ${status}`);
  if (!c.op.statuses.has(status)) found.push(`status ${status} is not documented`);
  if (answer.json !== undefined) {
    const misfit = c.op.check(status, answer.json);
    if (misfit) found.push(`the ${status} body does not fit the document: ${misfit}`);
    if (c.op.dialect === 'v4' && OFFICIAL.has(c.op.key) && status < 500) {
      try {
        expectOperationResponse(c.op.key, status, officialView(c, answer.json));
      } catch (error) {
        found.push(
          `the ${status} body does not fit the official schema: ${(error as Error).message.split('\n')[0] ?? ''}`,
        );
      }
    }
  }
  if (status >= 400 && status < 500) {
    const wrong = envelopeProblem(c, answer);
    if (wrong) found.push(wrong);
  }
  const expected = c.expect;
  if (expected) {
    if (!expected.statuses.includes(status))
      found.push(`${status} where ${expected.statuses.join(' or ')} was due`);
    else if (expected.names !== undefined && status === 400 && !namesField(answer, expected.names)) {
      found.push(`a 400 that does not name ${expected.names}`);
    }
  }
  return found;
}

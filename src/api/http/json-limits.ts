/**
 * Bounds on JSON before anything recursive reads it. Parsing, validation, fingerprinting and the
 * store all walk documents recursively; a body of a few kilobytes nested 10,000 deep overflows the
 * stack in one of them. No request of either API needs more than a handful of levels, so documents
 * deeper than MAX_JSON_DEPTH are refused by a linear scan of the text, before JSON.parse.
 */
import { invalid, type AppError } from '../../domain/errors.js';
import { err, ok, type Result } from '../../domain/result.js';

/** Objects and arrays nested more deeply than this are refused (the body itself is level 1). */
export const MAX_JSON_DEPTH = 32;

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * True when `text` opens more than `max` objects or arrays inside one another. Brackets inside
 * strings do not count. It does not check that the text is JSON: the parser does that next.
 */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}

export const tooDeep = (field: string): AppError =>
  invalid([{ field, message: `${field} must not nest objects and arrays more than ${MAX_JSON_DEPTH} deep` }]);

/** Thrown by the body parser; the error handler answers it as `tooDeep('body')`. */
export class JsonTooDeepError extends Error {
  readonly statusCode = 400;
  constructor() {
    super(`JSON body nested more than ${MAX_JSON_DEPTH} deep`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * JSON that arrives inside a request rather than as its body (a v3 `client` payload once decrypted),
 * parsed under the same bound; `field` is what the error names. Undefined when it is not JSON.
 */
export function parseNestedJson(text: string, field: string): Result<unknown> | undefined {
  if (nestsDeeperThan(text, MAX_JSON_DEPTH)) return err(tooDeep(field));
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

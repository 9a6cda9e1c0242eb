/**
 * Text no field may hold: NUL, which PostgreSQL refuses in `text` and `jsonb` (the request would
 * fail in the store, as a 500), and a lone UTF-16 surrogate, which is not a character and cannot be
 * written as UTF-8. One walker finds them in any parsed input — bodies (keys as well as values),
 * query strings, path parameters, headers, a decrypted v3 payload — and names each by its dotted
 * path (`meta.note`, `items[2].name`), so the caller learns which field to fix.
 */
import type { FieldError } from '../../domain/errors.js';

// Without the `u` flag a regex sees UTF-16 code units, so a surrogate without its partner is findable.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSAFE_CHARACTER = new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g');

/** A walk reports this many fields at most: one body full of NULs needs no ten-thousand-line answer. */
const MAX_REPORTED = 10;

/**
 * Keys that would replace an object's prototype if code ever copied the document with assignment
 * (`Object.assign`, a merge): `__proto__`, and `constructor` holding a `prototype`. JSON.parse makes
 * them plain own keys, so the walker can name where they are instead of refusing the body unread.
 */
function prototypeKeyProblem(key: string, value: unknown): string | undefined {
  if (key === '__proto__') return 'is not an allowed key: it names the prototype of an object';
  if (
    key === 'constructor' &&
    typeof value === 'object' &&
    value !== null &&
    Object.hasOwn(value, 'prototype')
  ) {
    return 'is not an allowed key with a prototype inside';
  }
  return undefined;
}

/** Why `text` cannot be stored, or undefined when it can. */
export function unsafeTextProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'must not contain lone UTF-16 surrogates';
  return undefined;
}

/** A key shown in a field path: its unsafe characters escaped (`k\u0000`), so the answer is clean. */
const shown = (key: string): string =>
  key.replace(UNSAFE_CHARACTER, (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);

const join = (path: string, key: string): string => (path ? `${path}.${shown(key)}` : shown(key));

/** Stands on the walk's stack for a key found unsafe, so reports keep the document's order. */
class UnsafeKey {
  constructor(readonly problem: string) {}
}

/**
 * Every unsafe string in `value`, keys included, each named by its path under `root` (`''` for a
 * body's own fields; a string value at the root is named `root` itself, or `body`).
 */
export function unsafeTextIn(value: unknown, root = ''): FieldError[] {
  const found: FieldError[] = [];
  const report = (field: string, problem: string) => {
    found.push({ field, message: `${field} ${problem}` });
  };
  // Iterative: inputs are bounded in depth before they get here, but a walk should not rely on it.
  const stack: [unknown, string][] = [[value, root]];
  while (stack.length > 0 && found.length < MAX_REPORTED) {
    const [node, path] = stack.pop() as [unknown, string];
    if (node instanceof UnsafeKey) {
      report(path, node.problem);
    } else if (typeof node === 'string') {
      const problem = unsafeTextProblem(node);
      if (problem) report(path || 'body', problem);
    } else if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) stack.push([node[i], `${path}[${i}]`]);
    } else if (typeof node === 'object' && node !== null) {
      const entries = Object.entries(node as Record<string, unknown>);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        const text = unsafeTextProblem(key);
        const problem = text ? `is a key that ${text}` : prototypeKeyProblem(key, child);
        stack.push([problem ? new UnsafeKey(problem) : child, join(path, key)]);
      }
    }
  }
  return found;
}

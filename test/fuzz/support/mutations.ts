/**
 * Invalid requests: a valid one with one thing changed — a field's value replaced by a hostile one,
 * a required field removed, a hostile key added to an object — or sent another way (a raw body, a
 * hostile path segment, a bad escape in the query, no or wrong credentials). Each knows what the
 * answer must be when it can: a 400 naming the field it broke, a 401, a 415.
 */
import fc from 'fast-check';
import { merged } from './arbitraries.js';
import { validCase, type Case, type Expectation } from './cases.js';
import { BODY_VALUES, PATH_SEGMENTS, RAW_BODIES, TEXT_VALUES } from './hostile.js';
import type { Operation, Part, Schema } from './spec.js';

type Segment = string | number;

interface Location {
  readonly part: 'body' | Part;
  readonly path: readonly Segment[];
  readonly schema: Schema;
  /** Required in its parent (a candidate for removal). */
  readonly required: boolean;
}

/** A key as the server names it: unsafe characters escaped. */
const shownKey = (key: string) =>
  key.replace(
    // eslint-disable-next-line no-control-regex -- NUL is what this shows escaped
    /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    (c) => `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`,
  );

/** `['meta', 'a']` → `meta.a`, `['items', 0]` → `items[0]`, `[]` → `body`. */
export const dotted = (path: readonly Segment[]): string =>
  path.reduce<string>(
    (out, s) => (typeof s === 'number' ? `${out}[${s}]` : out ? `${out}.${shownKey(s)}` : shownKey(s)),
    '',
  ) || 'body';

function bodyLocations(value: unknown, schema: Schema, path: Segment[], required: boolean, out: Location[]) {
  out.push({ part: 'body', path, schema, required });
  if (path.length > 6) return;
  const s = merged(schema);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      bodyLocations(item, s.items ?? {}, [...path, i], false, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      const extra = typeof s.additionalProperties === 'object' ? s.additionalProperties : {};
      bodyLocations(
        child,
        s.properties?.[key] ?? extra,
        [...path, key],
        s.required?.includes(key) ?? false,
        out,
      );
    }
  }
}

function locations(c: Case): Location[] {
  const out: Location[] = [];
  if (c.body !== undefined || c.op.body) bodyLocations(c.body, c.op.body ?? {}, [], false, out);
  for (const p of c.op.parameters) {
    if (p.in !== 'path') out.push({ part: p.in, path: [p.name], schema: p.schema, required: p.required });
  }
  if (c.op.method !== 'GET') {
    for (const name of ['X-Idempotency-Key', 'X-Scenario-Key']) {
      out.push({ part: 'header', path: [name], schema: { type: 'string' }, required: false });
    }
  }
  return out;
}

function withValue(target: unknown, path: readonly Segment[], value: unknown, remove = false): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  const copy = (
    Array.isArray(target) ? [...(target as unknown[])] : { ...(target as Record<string, unknown>) }
  ) as Record<string | number, unknown>;
  if (rest.length === 0 && remove) Reflect.deleteProperty(copy, head);
  else {
    const next = withValue(copy[head], rest, value, remove);
    Object.defineProperty(copy, head, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

const certainly = (names: string): Expectation => ({ statuses: [400], names });

function mutate(c: Case, pick: number, hostile: number, kind: number): Case {
  const all = locations(c);
  const at = all[pick % all.length];
  if (at === undefined) return c;
  const name = at.part === 'body' ? dotted(at.path) : String(at.path[0]);
  const put = (value: unknown): Partial<Case> => {
    if (at.part === 'body') return { body: withValue(c.body, at.path, value) };
    const part = at.part === 'query' ? 'query' : 'headers';
    return { [part]: { ...c[part], [at.part === 'header' ? name.toLowerCase() : name]: value } };
  };
  // Remove a required body field.
  if (kind % 5 === 0 && at.part === 'body' && at.required) {
    return {
      ...c,
      label: `remove ${name}`,
      body: withValue(c.body, at.path, undefined, true),
      expect: certainly(name),
    };
  }
  // Add a hostile key to an object of the body.
  if (kind % 5 === 1 && at.part === 'body') {
    const keys = ['k\u0000', '\ud800x', '__proto__', 'constructor'];
    const key = keys[hostile % keys.length] as string;
    const current = at.path.reduce<unknown>(
      (v, s) => (v as Record<Segment, unknown> | undefined)?.[s],
      c.body,
    );
    if (typeof current === 'object' && current !== null && !Array.isArray(current)) {
      const keyValue = key === 'constructor' ? { prototype: { admin: true } } : { admin: true };
      const added = withValue(current, [key], keyValue);
      return {
        ...c,
        label: `key ${JSON.stringify(key)} in ${name}`,
        body: withValue(c.body, at.path, added),
        expect: certainly(dotted([...at.path, key])),
      };
    }
  }
  const table = at.part === 'body' ? BODY_VALUES : TEXT_VALUES;
  const h = table[hostile % table.length];
  if (h === undefined) return c;
  // A lone surrogate cannot be percent-encoded (it is not UTF-8): such URLs are the raw cases' job.
  if (at.part === 'query' && typeof h.value === 'string' && /[\ud800-\udfff]/.test(h.value)) return c;
  // Body-less POSTs read `null` as no body (bodyOptional), and the document cannot say which they are.
  // Phone parts sent as JSON numbers are read as their digits (relaxCustomerFields, spec §6.6 [P]).
  const relaxed = /(^|\.)phone\.(number|country_code)$/.test(name) && Number.isInteger(h.value);
  const optionalRoot = at.part === 'body' && at.path.length === 0 && h.value === null;
  const named = h.names ?? (h.inside === undefined ? name : dotted([...at.path, h.inside]));
  return {
    ...c,
    label: `${h.label} at ${at.part} ${name}`,
    ...put(h.value),
    ...(h.certain(at.schema) && !optionalRoot && !relaxed && { expect: certainly(named) }),
  };
}

/** A valid request with one field, key or required field broken. */
export function mutatedCase(op: Operation): fc.Arbitrary<Case> {
  return fc
    .tuple(validCase(op), fc.nat(), fc.nat(), fc.nat())
    .map(([c, pick, hostile, kind]) => mutate(c, pick, hostile, kind));
}

const WRONG_AUTH = [
  'Bearer nope',
  'Basic dXNlcjpwYXNz',
  `Bearer ${'a'.repeat(5000)}`,
  'Bearer FLWSECK_TEST-00000000000000000000000000000000-X',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
  'bearer',
];

/** Requests sent another way than the schema describes. */
export function rawCase(op: Operation): fc.Arbitrary<Case> {
  const pathParams = op.parameters.filter((p) => p.in === 'path');
  const bodyMethod = op.method !== 'GET';
  const options: fc.Arbitrary<Case>[] = [];
  if (op.authenticated) {
    options.push(
      fc.tuple(validCase(op), fc.constantFrom(...WRONG_AUTH), fc.boolean()).map(([c, header, none]) => ({
        ...c,
        label: none ? 'no credentials' : `credentials ${header.slice(0, 20)}`,
        auth: none ? ('none' as const) : ('wrong' as const),
        headers: none ? c.headers : { ...c.headers, authorization: header },
        expect: { statuses: [401] },
      })),
    );
  }
  if (pathParams.length > 0) {
    options.push(
      fc
        .tuple(validCase(op), fc.constantFrom(...PATH_SEGMENTS), fc.constantFrom(...pathParams))
        .map(([c, seg, p]) => ({
          ...c,
          // Without a key: a key reused with another request would be a (right) 409 first.
          headers: { ...c.headers, 'x-idempotency-key': undefined },
          label: `path ${p.name} ${seg.label}`,
          rawPath: { [p.name]: seg.raw },
          expect: { statuses: seg.statuses, ...(seg.names !== undefined && { names: seg.names }) },
        })),
    );
  }
  if (bodyMethod) {
    options.push(
      fc.tuple(validCase(op), fc.constantFrom(...RAW_BODIES)).map(([c, raw]) => {
        const media = raw.type.split(';')[0] ?? '';
        const refusedType =
          media !== 'application/json' &&
          media !== '' &&
          !(op.dialect === 'oauth' && media.endsWith('urlencoded'));
        const expect: Expectation | undefined = refusedType
          ? { statuses: [op.dialect === 'oauth' ? 400 : 415] }
          : raw.names !== undefined
            ? certainly(raw.names)
            : raw.label.startsWith('escaped')
              ? certainly(raw.label.includes('key') ? '\\udfff' : 'meta.a')
              : undefined;
        return {
          ...c,
          label: `raw ${raw.label}`,
          raw: { type: raw.type, text: raw.text },
          ...(expect && { expect }),
        };
      }),
    );
  }
  options.push(
    fc.tuple(validCase(op), fc.constantFrom('%ZZ', '%E0%A4%A', '%', '%00', '%ED%A0%80')).map(([c, bad]) => ({
      ...c,
      label: `query escape ${bad}`,
      query: { ...c.query, page: { raw: bad }, [`x${bad}`]: { raw: bad } },
    })),
  );
  return fc.oneof(...options);
}

/** Valid, mutated and raw requests in the proportions a run uses. */
export function anyCase(op: Operation): fc.Arbitrary<Case> {
  return fc.oneof(
    { weight: 7, arbitrary: validCase(op) },
    { weight: 10, arbitrary: mutatedCase(op) },
    { weight: 3, arbitrary: rawCase(op) },
  );
}

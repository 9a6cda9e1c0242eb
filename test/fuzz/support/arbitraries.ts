/**
 * Valid values from the JSON Schemas of /openapi.json, as fast-check arbitraries (so one seed
 * reproduces a run). Fields that name an object (`customer_id`, a path `id`) draw from the ids the
 * run has seen so far (`Pooled`, resolved when the request is sent), or a made-up id of the right
 * shape when there are none yet.
 */
import fc from 'fast-check';
import type { Schema } from './spec.js';

/** A placeholder for an id of `pool`: the `pick`-th the run has seen (modulo), else `fallback`. */
export class Pooled {
  constructor(
    readonly pool: string,
    readonly pick: number,
    readonly fallback: string,
  ) {}
}

const typesOf = (schema: Schema): string[] =>
  schema.type === undefined ? [] : ([] as string[]).concat(schema.type);

/** The schema's object branches merged: TypeBox `Intersect` is `allOf` of objects. */
export function merged(schema: Schema): Schema {
  if (!schema.allOf) return schema;
  const parts = [schema, ...schema.allOf.map(merged)];
  return {
    type: 'object',
    properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) as Record<string, Schema>,
    required: parts.flatMap((p) => p.required ?? []),
  };
}

function text(schema: Schema): fc.Arbitrary<string> {
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 24, Math.max(min, 24));
  const fits = (s: string) => s.length >= min && s.length <= (schema.maxLength ?? Infinity);
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.pattern !== undefined) {
    const full = new RegExp(schema.pattern);
    // fast-check cannot generate from a lookahead: generate without it, keep what the full one takes.
    // `^[class]+$` with length bounds becomes `^[class]{min,max}$`, so generated lengths fit at once.
    const bounded = /^\^(\[[^\]]+\]|\\.|.)[+*]\$$/.exec(schema.pattern);
    const generable = bounded
      ? new RegExp(`^${bounded[1] ?? '.'}{${Math.max(min, 1)},${Math.min(schema.maxLength ?? 40, 40)}}$`)
      : new RegExp(schema.pattern.replace(/^\^\(\?![^)]*\)/, '^'));
    return fc.noShrink(fc.stringMatching(generable).filter((s) => full.test(s) && fits(s)));
  }
  return fc
    .oneof(
      { weight: 3, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme-ascii' }) },
      { weight: 1, arbitrary: fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }) },
    )
    .filter(fits);
}

function number(schema: Schema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (integer ? -1000 : 0);
  const max = schema.maximum ?? min + 100_000;
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.oneof(
    fc.integer({ min: Math.ceil(min), max: Math.floor(max) }),
    fc.integer({ min: Math.ceil(min * 100), max: Math.floor(max * 100) }).map((n) => n / 100),
  );
}

function object(schema: Schema, hint: Hint, path: string): fc.Arbitrary<Record<string, unknown>> {
  const s = merged(schema);
  const properties = s.properties ?? {};
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, child] of Object.entries(properties)) {
    model[name] = valueOf(child, hint, path ? `${path}.${name}` : name);
  }
  const known = fc.record(model, { requiredKeys: (s.required ?? []).filter((k) => k in properties) });
  const extra = s.additionalProperties;
  if (typeof extra !== 'object') return known;
  const keys = s.propertyNames ? text({ ...s.propertyNames, type: 'string' }) : text({ maxLength: 16 });
  const entries = fc.dictionary(
    keys.filter((k) => !(k in properties) && k !== '__proto__' && k !== 'constructor'),
    valueOf(extra, hint, `${path}.*`),
    { maxKeys: Math.min(s.maxProperties ?? 4, 4) },
  );
  return fc.tuple(known, entries).map(([k, e]) => ({ ...e, ...k }));
}

/** Tells which pool a field's value is an id of (undefined: none), from its dotted path. */
export type Hint = (path: string) => string | undefined;

/** A valid value of `schema` for the field at `path` (dotted, from the body or parameter root). */
export function valueOf(schema: Schema, hint: Hint, path = ''): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return fc.oneof(...branches.map((b) => valueOf(b, hint, path)));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((t) => valueOf({ ...schema, type: t }, hint, path)));
  const pool = hint(path);
  switch (types[0] ?? (schema.properties || schema.allOf ? 'object' : 'string')) {
    case 'string':
      return pool === undefined
        ? text(schema)
        : fc
            .tuple(fc.nat(), text(schema))
            .map(([pick, fallback]) => new Pooled(pool, pick, fallback) as unknown);
    case 'integer':
      return number(schema, true);
    case 'number':
      return number(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valueOf(schema.items ?? {}, hint, `${path}[]`), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.min(schema.maxItems ?? 3, 3),
      });
    case 'object':
      return object(schema, hint, path);
    default:
      return fc.constant('x');
  }
}

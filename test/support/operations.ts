/**
 * The official v4 operation schemas (../shared/spec/flutterwave-v4-operations.json, copied into
 * fixtures): every v4 response we give must validate against its operation's schema for that
 * status, and every request the real API accepts must be accepted by us.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { expect } from 'vitest';

interface Operation {
  readonly body?: object;
  readonly response: Record<string, object>;
}

const file = new URL('../fixtures/flutterwave-v4-operations.json', import.meta.url);
const operations = (JSON.parse(readFileSync(file, 'utf8')) as { operations: Record<string, Operation> })
  .operations;

type AddFormats = (ajv: Ajv2020) => Ajv2020;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
const compiled = new Map<string, ValidateFunction>();

/**
 * OpenAPI `oneOf` + `discriminator` means "the branch named by the discriminator value", but the
 * branches here are not mutually exclusive as JSON Schema requires (`requires_pin` needs only `type`,
 * so every next_action matches it). Rewrite each such oneOf as: the property is one of the branches'
 * values, and that value's branch applies. A branch's value is its property's `default` (the fixture's
 * branches carry `{type: string, default: "card"}`).
 */
function withDiscriminators(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withDiscriminators);
  if (typeof node !== 'object' || node === null) return node;
  const { oneOf, discriminator, ...rest } = node as Record<string, unknown>;
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [k, withDiscriminators(v)]),
  );
  const property = (discriminator as { propertyName?: unknown } | undefined)?.propertyName;
  if (!Array.isArray(oneOf)) return out;
  if (typeof property !== 'string') return { ...out, oneOf: withDiscriminators(oneOf) };
  const branches = oneOf.map((branch) => {
    const b = branch as { properties?: Record<string, { default?: unknown }> };
    const value = b.properties?.[property]?.default;
    if (typeof value !== 'string') throw new Error(`discriminated branch without a ${property} default`);
    return { value, schema: withDiscriminators(branch) };
  });
  return {
    ...out,
    required: [...((out['required'] as string[] | undefined) ?? []), property],
    allOf: [
      ...((out['allOf'] as unknown[] | undefined) ?? []),
      { properties: { [property]: { enum: branches.map((b) => b.value) } } },
      ...branches.map((b) => ({
        if: { properties: { [property]: { const: b.value } }, required: [property] },
        then: b.schema,
      })),
    ],
  };
}

function validator(key: string, schema: object): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(withDiscriminators(schema) as object);
    compiled.set(key, fn);
  }
  return fn;
}

export function operation(key: string): Operation {
  const op = operations[key];
  if (!op) throw new Error(`no operation ${key} in the fixture`);
  return op;
}

export const operationKeys = (): string[] => Object.keys(operations);

/**
 * Asserts `body` is what the real API could answer to `key` with `status`. Statuses the operation
 * does not declare (404, 405, 413, 415, 500…) must still be the documented error envelope, so they
 * are checked against the operation's 400 schema.
 */
export function expectOperationResponse(key: string, status: number, body: unknown): void {
  const op = operation(key);
  const declared = op.response[String(status)];
  const schema = declared ?? op.response['400'];
  if (!schema) throw new Error(`${key} declares neither ${status} nor 400`);
  const validate = validator(`${key} ${declared ? status : 400}`, schema);
  const valid = validate(body);
  expect(valid, `${key} → ${status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(body)}`).toBe(true);
  if (status >= 400) {
    expect(body).toMatchObject({
      status: 'failed',
      error: { type: expect.any(String), code: expect.any(String) },
    });
  }
}

/** Asserts `body` is a request the real API's schema accepts (so a test sending it proves we accept it). */
export function expectValidRequest(key: string, body: unknown): void {
  const schema = operation(key).body;
  if (!schema) throw new Error(`${key} has no request body schema`);
  const validate = validator(`${key} request`, schema);
  expect(validate(body), ajv.errorsText(validate.errors)).toBe(true);
}

/** Compiles every schema in the fixture: proves the file is usable as a whole. */
export function compileAll(): number {
  let n = 0;
  for (const [key, op] of Object.entries(operations)) {
    if (op.body) validator(`${key} request`, op.body);
    for (const [status, schema] of Object.entries(op.response)) {
      validator(`${key} ${status}`, schema);
      n++;
    }
  }
  return n;
}

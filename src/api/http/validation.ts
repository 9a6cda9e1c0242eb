/**
 * Schema validation at the edge. Two Ajv instances: bodies are checked as sent (no type coercion:
 * `"email": 123` is an error, not "123"), while query strings, params and headers, which are text
 * on the wire, are coerced. Every failing field is reported with its dotted path, and a schema can
 * carry its own wording in the `x-message` annotation ("must be a valid email address").
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler, preValidationAsyncHookHandler } from 'fastify';
import type { FieldError } from '../../domain/errors.js';

// ajv-formats is CommonJS (`module.exports = exports.default = fn`); under NodeNext its typed default
// import is the module namespace, while at run time it is the function itself.
type AddFormats = (ajv: Ajv) => Ajv;
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ??
  addFormatsModule) as unknown as AddFormats;

function makeAjv(coerceTypes: NonNullable<Options['coerceTypes']>): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes,
    useDefaults: true,
    removeAdditional: false,
    verbose: true,
    strict: true,
    allowUnionTypes: true,
  });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  return ajv;
}

const bodyAjv = makeAjv(false);
const textAjv = makeAjv('array');

/**
 * Numbers in query strings, path parameters and headers must be written as plain decimals. Coercion
 * alone would take `1e309`, `Infinity`, `0x10` or twenty digits, and Ajv's `maximum` does not apply
 * to Infinity; the value then reached the store. 15 digits keep every accepted integer exact.
 */
const DECIMAL_TEXT = { integer: /^-?[0-9]{1,15}$/, number: /^-?[0-9]{1,15}(\.[0-9]{1,15})?$/ } as const;
type NumericKind = keyof typeof DECIMAL_TEXT;

/** The top-level properties of a text part's schema that are numbers, each of which must be bounded. */
function numericProperties(schema: object, where: string): Map<string, NumericKind> {
  const found = new Map<string, NumericKind>();
  const { properties = {}, allOf = [] } = schema as {
    properties?: Record<string, Record<string, unknown>>;
    allOf?: object[];
  };
  // An intersection (TypeBox `Intersect`, JSON Schema `allOf`) of objects: each member's properties.
  for (const member of allOf) for (const [k, v] of numericProperties(member, where)) found.set(k, v);
  for (const [name, property] of Object.entries(properties)) {
    const types = ([] as unknown[]).concat(property['type']);
    const kind = types.includes('integer') ? 'integer' : types.includes('number') ? 'number' : undefined;
    if (kind === undefined) continue;
    if (typeof property['maximum'] !== 'number' || typeof property['minimum'] !== 'number') {
      throw new Error(`${where} ${name}: a numeric parameter needs a minimum and a maximum`);
    }
    found.set(name, kind);
  }
  return found;
}

function decimalTextErrors(data: unknown, numeric: ReadonlyMap<string, NumericKind>): ErrorObject[] {
  if (typeof data !== 'object' || data === null) return [];
  const errors: ErrorObject[] = [];
  for (const [name, kind] of numeric) {
    const raw = (data as Record<string, unknown>)[name];
    const texts = Array.isArray(raw) ? raw : [raw];
    if (texts.every((t) => t === undefined || (typeof t === 'string' && DECIMAL_TEXT[kind].test(t))))
      continue;
    errors.push({
      keyword: 'type',
      instancePath: `/${name}`,
      schemaPath: `#/properties/${name}/type`,
      params: { type: kind },
      message: `must be ${kind}`,
    });
  }
  return errors;
}

/**
 * Fastify's validator compiler. The numeric-parameter rule is checked when the route is registered
 * (an unbounded number is a programming error, so it stops the boot); the Ajv function itself is
 * compiled on the route's first request, so a start does not pay for routes no request has reached
 * (docs/performance.md, "Cold start"). `schemaEnv` is set so Fastify passes the part's parent, which
 * lets coercion replace the root, as it does for a plain Ajv function.
 */
export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart, method, url }) => {
  const numeric =
    httpPart === 'body'
      ? new Map<string, NumericKind>()
      : numericProperties(schema, `${method} ${url} ${httpPart ?? ''}`);
  let compiled: ValidateFunction | undefined;
  const checked = Object.assign(
    (data: unknown, context?: Parameters<ValidateFunction>[1]): boolean => {
      const errors = decimalTextErrors(data, numeric);
      checked.errors = errors.length > 0 ? errors : null;
      if (errors.length > 0) return false;
      compiled ??= (httpPart === 'body' ? bodyAjv : textAjv).compile(schema);
      const valid = compiled(data, context);
      checked.errors = compiled.errors ?? null;
      return valid;
    },
    { schemaEnv: true, errors: null as ErrorObject[] | null },
  );
  return checked;
};

export type ValidationPart = 'body' | 'querystring' | 'params' | 'headers';

/** `/customer/address/0/city` → `customer.address[0].city`. */
function dotted(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) =>
        /^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment,
      '',
    );
}

function fieldOf(error: ErrorObject, part: ValidationPart): string {
  const base = dotted(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const child =
    error.keyword === 'required'
      ? params['missingProperty']
      : error.keyword === 'additionalProperties'
        ? params['additionalProperty']
        : undefined;
  const path = typeof child === 'string' ? (base ? `${base}.${child}` : child) : base;
  return path || (part === 'body' ? 'body' : part);
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
  switch (error.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not an allowed field';
    case 'type':
      return `must be ${String(params['type']).split(',').map(article).join(' or ')}`;
    case 'enum':
      return `must be one of: ${(params['allowedValues'] as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(params['allowedValue'])}`;
    case 'minLength':
      return typeof custom === 'string'
        ? custom
        : `must be at least ${String(params['limit'])} characters long`;
    case 'maxLength':
      return typeof custom === 'string'
        ? custom
        : `must be at most ${String(params['limit'])} characters long`;
    case 'minimum':
      return `must be greater than or equal to ${String(params['limit'])}`;
    case 'maximum':
      return `must be less than or equal to ${String(params['limit'])}`;
    case 'maxProperties':
      return `must have at most ${String(params['limit'])} entries`;
    case 'pattern':
    case 'format':
      return typeof custom === 'string' ? custom : `is not in a valid format`;
    default:
      return typeof custom === 'string' ? custom : 'is not valid';
  }
}

const article = (type: string): string =>
  type === 'object' || type === 'array' || type === 'integer' ? `an ${type}` : `a ${type}`;

// When one field fails several ways (a union's branches, say), report the most specific one.
const PRIORITY: Record<string, number> = { required: 0, type: 2, anyOf: 3, oneOf: 3 };

export function fieldErrors(errors: readonly ErrorObject[], part: ValidationPart): FieldError[] {
  const best = new Map<string, ErrorObject>();
  for (const error of errors) {
    // An if/then rule's own error ("must match then schema") adds nothing to its `then` errors.
    if (error.keyword === 'if') continue;
    const field = fieldOf(error, part);
    const held = best.get(field);
    if (!held || (PRIORITY[error.keyword] ?? 1) < (PRIORITY[held.keyword] ?? 1)) best.set(field, error);
  }
  return [...best.entries()].map(([field, error]) => ({
    field: part === 'headers' ? headerName(field) : field,
    message: `${part === 'headers' ? headerName(field) : field} ${describe(error)}`,
  }));
}

// Ajv sees lower-cased header names; answer with the names the docs use.
const headerName = (name: string): string =>
  name.replace(/(^|-)([a-z])/g, (_m, dash: string, c: string) => dash + c.toUpperCase());

/**
 * A validator for a JSON document that arrives inside the body rather than as the body (a v3
 * payload once decrypted): the same rules and messages as body validation, errors as values.
 */
export function compileBodyValidator(schema: object): (value: unknown) => FieldError[] {
  const validate = bodyAjv.compile(schema);
  return (value) => (validate(value) ? [] : fieldErrors(validate.errors ?? [], 'body'));
}

/**
 * The body of these POSTs is optional (a full refund, a whole capture, a sandbox approval): a request without one is
 * validated as `{}` rather than refused for not being an object.
 */
export const bodyOptional: preValidationAsyncHookHandler = async (req) => {
  req.body ??= {};
};

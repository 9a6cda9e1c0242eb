/**
 * What one fuzz request is (`Case`), and the valid requests of an operation generated from its
 * documented schemas: path and query parameters, documented headers, the JSON body, and now and then
 * an X-Idempotency-Key (so replays and conflicts happen) or an X-Scenario-Key. Operations whose body
 * the document cannot describe (`POST /v3/charges`, one shape per `type`) start from known-good
 * bodies instead.
 */
import fc from 'fast-check';
import { BODIES } from '../../api/v3/method-charges-support.js';
import { CARDS } from '../../support/cards.js';
import { Pooled, valueOf, type Hint } from './arbitraries.js';
import type { Operation } from './spec.js';

/** What the answer must be: one of `statuses`, and when `names` is set, a 400 naming that field. */
export interface Expectation {
  readonly statuses: readonly number[];
  readonly names?: string;
}

export interface Case {
  readonly op: Operation;
  readonly label: string;
  readonly auth: 'merchant' | 'none' | 'wrong';
  /** Values (or `Pooled` ids), encoded when sent; `rawPath` segments are sent as they are. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly rawPath?: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
  readonly raw?: { readonly type: string; readonly text: string };
  readonly expect?: Expectation;
}

const ID_POOLS: readonly [RegExp, string][] = [
  [/^\/customers\//, 'cus'],
  [/^\/(sandbox\/)?charges\//, 'chg'],
  [/^\/payment-methods\//, 'pmd'],
  [/^\/(sandbox\/)?virtual-accounts\//, 'van'],
  [/^\/events\//, 'wbk'],
  [/^\/profile\/webhook-endpoints\//, 'whe'],
  [/^\/checkout\/sessions\//, 'cse'],
  [/^\/v3\/refunds\//, 'v3_refund'],
  [/^\/v3\/(transactions|sandbox\/charges)\//, 'v3_id'],
];

const FIELD_POOLS: Readonly<Record<string, string>> = {
  customer_id: 'cus',
  payment_method_id: 'pmd',
  charge_id: 'chg',
  virtual_account_id: 'van',
  endpoint_id: 'whe',
  flw_ref: 'flw_ref',
  token: 'v3_token',
  tx_ref: 'tx_ref',
};

/** Which pool an operation's field draws its ids from. */
export function hintFor(op: Operation): Hint {
  return (path) => {
    if (path === 'id') return ID_POOLS.find(([re]) => re.test(op.path))?.[1];
    const last = path.split('.').pop() ?? path;
    return FIELD_POOLS[last];
  };
}

const CARD_NUMBERS = Object.values(CARDS);

/** `POST /v3/charges` bodies the document cannot describe: a card or another type's fields. */
const v3ChargeBody = fc.oneof(
  fc.record({
    type: fc.constant('card'),
    body: fc.record({
      card_number: fc.constantFrom(...CARD_NUMBERS),
      cvv: fc.constantFrom('564', '123', 564),
      expiry_month: fc.constantFrom('09', '12', 1),
      expiry_year: fc.constantFrom('32', '2031', 30),
      currency: fc.constantFrom('NGN', 'USD', 'KES'),
      amount: fc.oneof(fc.integer({ min: 1, max: 500_000 }), fc.constantFrom('100', '2500.50')),
      email: fc.constantFrom('ada@example.com', 'b.c@example.org'),
      fullname: fc.constantFrom('Ada Lovelace', 'Yemi Desola'),
      tx_ref: fc.stringMatching(/^fz-[a-z0-9]{8}$/),
      redirect_url: fc.constant('https://merchant.example/back'),
      meta: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
    }),
  }),
  fc.constantFrom(...Object.keys(BODIES)).chain((type) =>
    fc.record({
      type: fc.constant(type),
      body: fc.record({ tx_ref: fc.stringMatching(/^fz-[a-z0-9]{8}$/) }).map((extra) => ({
        email: 'ama@example.com',
        fullname: 'Ama Mensah',
        redirect_url: 'https://merchant.example/v3-return',
        ...BODIES[type as keyof typeof BODIES],
        ...extra,
      })),
    }),
  ),
);

const IDEMPOTENCY_KEYS = ['fuzz-key-0000001', 'fuzz-key-0000002', 'fuzz-key-0000003'];

function parameters(op: Operation, where: 'path' | 'query' | 'header', hint: Hint) {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  const required: string[] = [];
  for (const p of op.parameters.filter((x) => x.in === where)) {
    // A valid path id is printable ASCII (anything else is a 404 by design: mutations.ts sends those).
    const schema =
      where === 'path'
        ? {
            ...p.schema,
            pattern: '^[A-Za-z0-9_-]+$',
            minLength: 1,
            maxLength: Math.min(p.schema.maxLength ?? 30, 30),
          }
        : p.schema;
    model[p.name] = valueOf(schema, hint, p.name);
    if (p.required) required.push(p.name);
  }
  return fc.record(model, { requiredKeys: required });
}

/** A request the document says is valid (the flows may still refuse it: an unknown id, say). */
export function validCase(op: Operation): fc.Arbitrary<Case> {
  const hint = hintFor(op);
  const extraHeaders =
    op.method === 'GET'
      ? fc.constant({})
      : fc.record(
          {
            'x-idempotency-key': fc.constantFrom(...IDEMPOTENCY_KEYS),
            'x-scenario-key': fc.constantFrom(
              'issuer:approved',
              'issuer:declined',
              'scenario:auth_pin',
              'junk',
            ),
          },
          { requiredKeys: [] },
        );
  const isV3Charge = op.key === 'POST /v3/charges';
  const body: fc.Arbitrary<{ type?: string; body?: unknown }> = isV3Charge
    ? v3ChargeBody
    : op.body
      ? fc.record({ body: valueOf(op.body, hint) })
      : fc.constant({});
  return fc
    .record({
      params: parameters(op, 'path', hint),
      query: parameters(op, 'query', hint),
      headers: fc.tuple(parameters(op, 'header', hint), extraHeaders).map(([a, b]) => ({ ...a, ...b })),
      body,
    })
    .map(({ params, query, headers, body: b }) => ({
      op,
      label: 'valid',
      auth: 'merchant' as const,
      params,
      query: b.type === undefined ? query : { ...query, type: b.type },
      headers,
      ...(b.body !== undefined && { body: b.body }),
    }));
}

/** `Pooled` placeholders replaced by ids the run has seen; keys copied as own properties. */
export function resolved(value: unknown, pools: ReadonlyMap<string, readonly string[]>): unknown {
  if (value instanceof Pooled) {
    const ids = pools.get(value.pool) ?? [];
    return ids.length > 0 && value.pick % 4 !== 0 ? ids[value.pick % ids.length] : value.fallback;
  }
  if (Array.isArray(value)) return value.map((v) => resolved(v, pools));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty: a `__proto__` key stays a key (assignment would set the prototype instead).
    Object.defineProperty(out, k, {
      value: resolved(v, pools),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

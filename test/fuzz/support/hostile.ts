/**
 * The corpus of hostile values: what outside attacks and careless clients send. Each value says,
 * for a field of a given schema, whether it is certainly invalid there — then the answer must be a
 * 400 naming the field — or merely odd, when the only rule is "no 5xx, and an answer that fits its
 * documented schema". Text parts (query, path, headers) get text; bodies get any JSON.
 */
import { MAX_JSON_DEPTH } from '../../../src/api/http/json-limits.js';
import { merged } from './arbitraries.js';
import type { Schema } from './spec.js';

export interface Hostile {
  readonly label: string;
  readonly value: unknown;
  /** True when `schema` cannot accept the value: the field must be named in a 400. */
  readonly certain: (schema: Schema) => boolean;
  /** The field the 400 names when it is not the field itself (too deep: the whole body). */
  readonly names?: string;
  /** The key inside the value that is at fault: the 400 names `<field>.<inside>`. */
  readonly inside?: string;
}

const typesOf = (s: Schema): string[] => {
  const m = merged(s);
  if (m.anyOf || m.oneOf) return [...(m.anyOf ?? m.oneOf ?? [])].flatMap(typesOf);
  if (m.type === undefined) return m.properties ? ['object'] : [];
  return ([] as string[]).concat(m.type);
};
const jsonType = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v;
/** The schema names its types and `value`'s is none of them (an integer is a number too). */
const wrongType = (value: unknown) => (s: Schema) => {
  const types = typesOf(s);
  const t = jsonType(value);
  return types.length > 0 && !types.includes(t) && !(t === 'integer' && types.includes('number'));
};
const always = () => true;
const never = () => false;
const longerThanMax = (length: number) => (s: Schema) =>
  typesOf(s).every((t) => t === 'string') && s.maxLength !== undefined && length > s.maxLength;
const outsideEnum = (v: unknown) => (s: Schema) => s.enum !== undefined && !s.enum.includes(v);
const isNumeric = (s: Schema) => typesOf(s).every((t) => t === 'integer' || t === 'number');
const belowMin = (n: number) => (s: Schema) => isNumeric(s) && s.minimum !== undefined && n < s.minimum;
const aboveMax = (n: number) => (s: Schema) => isNumeric(s) && s.maximum !== undefined && n > s.maximum;
const notInteger = (s: Schema) => typesOf(s).length > 0 && typesOf(s).every((t) => t === 'integer');
const emptyRefused = (s: Schema) => typesOf(s).every((t) => t === 'string') && (s.minLength ?? 0) > 0;

/** `{"a":{"a":…}}` `levels` deep: more than MAX_JSON_DEPTH refuses the body as a whole. */
export const deepObject = (levels: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
};
const deepArray = (levels: number): unknown => {
  let v: unknown = [];
  for (let i = 0; i < levels; i++) v = [v];
  return v;
};
const wide = (keys: number) => Object.fromEntries(Array.from({ length: keys }, (_, i) => [`k${i}`, 'v']));

/** Hostile values for a field anywhere in a JSON body. */
export const BODY_VALUES: readonly Hostile[] = [
  { label: 'NUL', value: '\u0000', certain: always },
  { label: 'NUL inside', value: 'abc\u0000def', certain: always },
  { label: 'lone high surrogate', value: '\ud800', certain: always },
  { label: 'lone low surrogate', value: 'x\udfffy', certain: always },
  { label: 'reversed pair', value: '\udc00\ud800', certain: always },
  { label: 'NUL in a nested value', inside: 'note', value: { note: '\u0000' }, certain: always },
  { label: 'NUL in a key', inside: 'k\u0000', value: { 'k\u0000': 'v' }, certain: always },
  { label: 'surrogate in a key', inside: '\ud800', value: { '\ud800': 'v' }, certain: always },
  {
    label: '__proto__ key',
    inside: '__proto__',
    value: JSON.parse('{"__proto__":{"admin":true}}'),
    certain: always,
  },
  {
    label: 'constructor.prototype',
    inside: 'constructor',
    value: JSON.parse('{"constructor":{"prototype":{"admin":true}}}'),
    certain: always,
  },
  {
    label: 'too deep',
    value: deepObject(MAX_JSON_DEPTH + 5),
    certain: always,
    names: 'body',
  },
  { label: 'deep arrays', value: deepArray(MAX_JSON_DEPTH + 5), certain: always, names: 'body' },
  { label: 'deep, within the limit', value: deepObject(8), certain: wrongType({}) },
  { label: 'wide object', value: wide(2000), certain: wrongType({}) },
  { label: 'long array', value: Array.from({ length: 5000 }, (_, i) => i), certain: wrongType([]) },
  { label: 'long string', value: 'x'.repeat(20_000), certain: longerThanMax(20_000) },
  { label: 'just too long', value: 'y'.repeat(65), certain: longerThanMax(65) },
  { label: 'empty string', value: '', certain: emptyRefused },
  {
    label: 'not in the enum',
    value: 'no-such-choice',
    certain: (s) => outsideEnum('no-such-choice')(s) || wrongType('')(s),
  },
  { label: 'integer', value: 12345, certain: wrongType(12345) },
  { label: 'negative', value: -1, certain: (s) => wrongType(-1)(s) || belowMin(-1)(s) },
  { label: 'zero', value: 0, certain: (s) => wrongType(0)(s) || belowMin(0)(s) },
  {
    label: 'fraction',
    value: 0.005,
    certain: (s) => wrongType(0.5)(s) || notInteger(s) || belowMin(0.005)(s),
  },
  { label: 'huge', value: 1e308, certain: (s) => wrongType(1e308)(s) || aboveMax(1e308)(s) },
  { label: 'huge negative', value: -1e308, certain: (s) => wrongType(-1e308)(s) || belowMin(-1e308)(s) },
  { label: 'unsafe integer', value: 2 ** 53 + 2, certain: (s) => wrongType(1)(s) || aboveMax(2 ** 53)(s) },
  { label: 'true', value: true, certain: wrongType(true) },
  { label: 'null', value: null, certain: wrongType(null) },
  { label: 'array', value: ['a', 1], certain: wrongType([]) },
  { label: 'object', value: { a: 1 }, certain: wrongType({}) },
  { label: 'exponent text', value: '1e309', certain: wrongType('') },
  { label: 'NaN text', value: 'NaN', certain: wrongType('') },
  { label: 'Infinity text', value: '-Infinity', certain: wrongType('') },
  { label: 'comma amount', value: '1,000.00', certain: wrongType('') },
  { label: 'negative text', value: '-100', certain: wrongType('') },
  { label: 'tiny text', value: '0.0000001', certain: wrongType('') },
  { label: 'emoji', value: '🌳🌍👩🏽‍💻', certain: wrongType('') },
  { label: 'RTL and combining', value: 'שָׁלוֹם e\u0301 \u202e', certain: wrongType('') },
  { label: 'line separators', value: 'a\u2028b\u2029c\ufeff', certain: wrongType('') },
  { label: 'control characters', value: 'a\u0001\u001f\u007f\tb\r\n', certain: wrongType('') },
  { label: 'SQL', value: "' OR 1=1; DROP TABLE charges; --", certain: wrongType('') },
  { label: 'markup', value: '<script>alert(1)</script>', certain: wrongType('') },
  { label: 'path', value: '../../../etc/passwd', certain: wrongType('') },
  { label: 'template', value: '${jndi:ldap://x}{{7*7}}', certain: wrongType('') },
  { label: 'percent', value: '%00%ZZ%E0%A4%A', certain: wrongType('') },
  { label: 'whitespace', value: '   ', certain: wrongType('') },
];

/** Hostile text for a query parameter, a path parameter or a header. */
export const TEXT_VALUES: readonly Hostile[] = [
  { label: 'NUL', value: '\u0000', certain: always },
  { label: 'NUL inside', value: 'ab\u0000', certain: always },
  { label: 'lone surrogate', value: '\ud800', certain: always },
  { label: 'exponent overflow', value: '1e309', certain: isNumeric },
  { label: 'Infinity', value: 'Infinity', certain: isNumeric },
  { label: 'NaN', value: 'NaN', certain: isNumeric },
  { label: 'hex', value: '0x10', certain: isNumeric },
  { label: 'fraction', value: '1.5', certain: notInteger },
  { label: 'negative', value: '-1', certain: (s) => belowMin(-1)(s) || outsideEnum('-1')(s) },
  { label: 'huge', value: '99999999999999999999999', certain: (s) => isNumeric(s) || outsideEnum('9')(s) },
  { label: 'empty', value: '', certain: (s) => isNumeric(s) || emptyRefused(s) || outsideEnum('')(s) },
  {
    label: 'long',
    value: 'z'.repeat(5000),
    certain: (s) => isNumeric(s) || longerThanMax(5000)(s) || outsideEnum('z')(s),
  },
  {
    label: 'just too long',
    value: 'w'.repeat(65),
    certain: (s) => isNumeric(s) || longerThanMax(65)(s) || outsideEnum('w')(s),
  },
  {
    label: 'not in the enum',
    value: 'no-such-choice',
    certain: (s) => isNumeric(s) || outsideEnum('no-such-choice')(s),
  },
  { label: 'unicode', value: '€ 🌳 é', certain: (s) => isNumeric(s) || outsideEnum('€')(s) },
  { label: 'SQL', value: "1' OR '1'='1", certain: (s) => isNumeric(s) || outsideEnum("'")(s) },
  { label: 'markup', value: '<svg onload=alert(1)>', certain: (s) => isNumeric(s) || outsideEnum('<')(s) },
  { label: 'spaces', value: ' 7 ', certain: (s) => isNumeric(s) || outsideEnum(' ')(s) },
  { label: 'control', value: 'a\tb\u0001', certain: never },
];

/** Bodies that are not what a JSON route reads: [content type, raw text, what the 400 names]. */
export const RAW_BODIES: readonly { label: string; type: string; text: string; names?: string }[] = [
  { label: 'text/plain', type: 'text/plain', text: 'hello' },
  { label: 'xml', type: 'application/xml', text: '<a>1</a>' },
  { label: 'form', type: 'application/x-www-form-urlencoded', text: 'a=1&b=2' },
  { label: 'multipart', type: 'multipart/form-data; boundary=x', text: '--x\r\n\r\n--x--' },
  { label: 'no type', type: '', text: '{"a":1}' },
  { label: 'odd charset', type: 'application/json; charset=utf-16', text: '{"a":1}' },
  { label: 'truncated', type: 'application/json', text: '{"a":', names: 'body' },
  { label: 'garbage', type: 'application/json', text: 'nul', names: 'body' },
  { label: 'escaped NUL', type: 'application/json', text: '{"meta":{"a":"\\u0000"}}' },
  { label: 'escaped lone surrogate', type: 'application/json', text: '{"meta":{"a":"\\ud800"}}' },
  { label: 'escaped surrogate key', type: 'application/json', text: '{"\\udfff":1}' },
  { label: 'NUL string body', type: 'application/json', text: '"\\u0000"', names: 'body' },
  {
    label: 'deep text',
    type: 'application/json',
    text: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
    names: 'body',
  },
  {
    label: 'deep objects text',
    type: 'application/json',
    text: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`,
    names: 'body',
  },
  { label: 'number overflow', type: 'application/json', text: '{"amount":1e309,"page":1e309}' },
  { label: 'array body', type: 'application/json', text: '[]' },
  { label: 'string body', type: 'application/json', text: '"x"' },
  { label: 'number body', type: 'application/json', text: '123' },
  { label: 'null body', type: 'application/json', text: 'null' },
  { label: 'proto body', type: 'application/json', text: '{"__proto__":{"x":1}}', names: '__proto__' },
  { label: 'duplicate keys', type: 'application/json', text: '{"a":1,"a":2}' },
  { label: 'BOM', type: 'application/json', text: '\ufeff{}' },
];

/** Path segments the router or the id rules refuse: [segment as sent in the URL, expected statuses]. */
export const PATH_SEGMENTS: readonly {
  label: string;
  raw: string;
  statuses: readonly number[];
  names?: string;
}[] = [
  { label: 'bad escape', raw: '%ZZ', statuses: [400], names: 'url' },
  { label: 'truncated escape', raw: '%E0%A4%A', statuses: [400], names: 'url' },
  { label: 'overlong UTF-8', raw: '%C0%AF', statuses: [400], names: 'url' },
  { label: 'lone percent', raw: '%', statuses: [400], names: 'url' },
  { label: 'escaped surrogate', raw: '%ED%A0%80', statuses: [400], names: 'url' },
  { label: 'NUL', raw: '%00', statuses: [400] },
  { label: '201 characters', raw: 'q'.repeat(201), statuses: [404] },
  { label: '5000 characters', raw: 'q'.repeat(5000), statuses: [404] },
  { label: '65 characters', raw: 'q'.repeat(65), statuses: [400, 404] },
  { label: 'space', raw: 'chg%20x', statuses: [404] },
  { label: 'unicode', raw: '%E2%82%AC', statuses: [404] },
  { label: 'tab', raw: 'a%09b', statuses: [404] },
  { label: 'encoded slash', raw: 'a%2Fb', statuses: [400, 404] },
  // No `..` (bare or escaped): a URL parser resolves it before the request leaves, so it asks for another
  // path (the parent list, or a sibling such as /v3/transactions), which is fuzzed as itself.
  { label: 'SQL', raw: "1'%20OR%20'1'='1", statuses: [404] },
  { label: 'markup', raw: '%3Cscript%3E', statuses: [400, 404] },
];

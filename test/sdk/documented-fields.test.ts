/**
 * `GET /v3/transactions/{id}/verify` and `GET /v3/transactions` carry every field the official Node
 * SDK's own documentation shows (flutterwave-node-v3@1.4.1 `documentation/transactions.md`, read from
 * the installed package), with the same JSON types, so an integration written against those samples
 * finds what it reads. The list sample is an account payment: its `account` block stands for the `card`
 * block of a card payment.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { v3Card, v3Headers } from '../support/v3.js';

type Json = Record<string, unknown>;

const sdkDir = dirname(createRequire(import.meta.url).resolve('flutterwave-node-v3/package.json'));
const samples = [
  ...readFileSync(join(sdkDir, 'documentation/transactions.md'), 'utf8').matchAll(
    /```javascript\n(\{[\s\S]*?)```/g,
  ),
].map((m) => JSON.parse(m[1] ?? '{}') as Json);
const sample = (message: string): Json => {
  const found = samples.find((s) => s['message'] === message);
  if (!found) throw new Error(`no "${message}" sample in the SDK documentation`);
  return found;
};

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Every key of `documented` is in `actual`, with the same type where the sample has a value. */
function expectFields(actual: Json, documented: Json, path: string, skip: readonly string[] = []): void {
  for (const [key, value] of Object.entries(documented)) {
    if (skip.includes(key)) continue;
    expect(actual, `${path}.${key}`).toHaveProperty([key]);
    const got = actual[key];
    // A documented null (meta, a fee not yet known) may be a value; a documented value is never null.
    if (value !== null) expect(typeOf(got), `${path}.${key}`).toBe(typeOf(value));
    if (typeOf(value) === 'object' && typeOf(got) === 'object') {
      expectFields(got as Json, value as Json, `${path}.${key}`);
    }
  }
}

let gw: TestGateway;
let auth: Record<string, string>;
let txId: number;
beforeAll(async () => {
  gw = await startGateway();
  auth = v3Headers(await gw.merchant('Documented Fields'));
  const charged = await gw.app.inject({
    method: 'POST',
    url: '/v3/charges?type=card',
    headers: auth,
    payload: v3Card('5061460410120223210', { meta: { source: 'docs-inline-test' } }),
  });
  txId = charged.json().data.id as number;
});
afterAll(() => gw.close());

describe('the fields the SDK documentation shows', () => {
  it('verify has every field of the documented transaction, card and customer included', async () => {
    const res = await gw.app.inject({ method: 'GET', url: `/v3/transactions/${txId}/verify`, headers: auth });
    const body = res.json<Json>();
    const documented = sample('Transaction fetched successfully');
    expect(body['message']).toBe(documented['message']);
    // The sample's meta holds that merchant's own keys; ours holds what this charge sent.
    expectFields(body['data'] as Json, documented['data'] as Json, 'data', ['meta']);
    expect((body['data'] as Json)['meta']).toEqual({ source: 'docs-inline-test' });
  });

  it('the list has every field of the documented row, and its page_info', async () => {
    const res = await gw.app.inject({ method: 'GET', url: '/v3/transactions', headers: auth });
    const body = res.json<Json>();
    const documented = sample('Transactions fetched');
    expect(body['message']).toBe(documented['message']);
    expectFields(body['meta'] as Json, documented['meta'] as Json, 'meta');
    const [row] = body['data'] as Json[];
    const [documentedRow] = documented['data'] as Json[];
    expectFields(row ?? {}, documentedRow ?? {}, 'data[0]', ['account']);
    expect(row).toHaveProperty('card.last_4digits', '3210');
  });
});

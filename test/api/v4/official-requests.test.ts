/**
 * "Requests the real API accepts are accepted": bodies generated from the official request schemas
 * (seeded, so a failure reproduces) must each be accepted, and each reply must fit the official
 * response schema.
 */
import { createGeneratorSync } from 'json-schema-faker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectOperationResponse, expectValidRequest, operation } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

const SAMPLES = 150;
const samples = (key: string, seed: number): unknown[] => {
  const schema = operation(key).body;
  if (!schema) throw new Error(`${key} has no body schema`);
  const generator = createGeneratorSync({ seed, optionalsProbability: 0.6 });
  return Array.from({ length: SAMPLES }, () => generator.generate(schema as never));
};

let gw: TestGateway;
let m: TestMerchant;
let customerId: string;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant();
  const made = await gw.app.inject({
    method: 'POST',
    url: '/customers',
    headers: m.headers,
    payload: { email: 'put@example.com' },
  });
  customerId = made.json().data.id as string;
});
afterAll(() => gw.close());

describe('bodies valid under the official schemas', () => {
  const cases = [
    { key: 'POST /customers', seed: 20261121, status: 201, url: () => '/customers' },
    { key: 'PUT /customers/{id}', seed: 11, status: 200, url: () => `/customers/${customerId}` },
    { key: 'POST /customers/search', seed: 5, status: 200, url: () => '/customers/search' },
  ] as const;

  it.each(cases)(
    `$key accepts ${SAMPLES} generated bodies and answers each in the official shape`,
    async (c) => {
      const method = c.key.startsWith('PUT') ? 'PUT' : 'POST';
      for (const body of samples(c.key, c.seed)) {
        expectValidRequest(c.key, body);
        const res = await gw.app.inject({
          method,
          url: c.url(),
          headers: m.headers,
          payload: body as object,
        });
        expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(c.status);
        expectOperationResponse(c.key, c.status, res.json());
      }
    },
  );
});

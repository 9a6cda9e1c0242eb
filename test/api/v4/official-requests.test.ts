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

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant();
});
afterAll(() => gw.close());

describe('bodies valid under the official schemas', () => {
  it(`POST /customers accepts ${SAMPLES} generated customers and answers each in the official shape`, async () => {
    for (const body of samples('POST /customers', 20261121)) {
      expectValidRequest('POST /customers', body);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: body as object,
      });
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(201);
      expectOperationResponse('POST /customers', 201, res.json());
    }
  });

  it(`PUT /customers/{id} accepts ${SAMPLES} generated updates`, async () => {
    const id = (
      await gw.app.inject({
        method: 'POST',
        url: '/customers',
        headers: m.headers,
        payload: { email: 'put@example.com' },
      })
    ).json().data.id as string;
    for (const body of samples('PUT /customers/{id}', 11)) {
      expectValidRequest('PUT /customers/{id}', body);
      const res = await gw.app.inject({
        method: 'PUT',
        url: `/customers/${id}`,
        headers: m.headers,
        payload: body as object,
      });
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(200);
      expectOperationResponse('PUT /customers/{id}', 200, res.json());
    }
  });

  it(`POST /customers/search accepts ${SAMPLES} generated searches`, async () => {
    for (const body of samples('POST /customers/search', 5)) {
      expectValidRequest('POST /customers/search', body);
      const res = await gw.app.inject({
        method: 'POST',
        url: '/customers/search',
        headers: m.headers,
        payload: body as object,
      });
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(200);
      expectOperationResponse('POST /customers/search', 200, res.json());
    }
  });
});

/**
 * /openapi.json as a whole: a valid OpenAPI 3.1 document (checked against the specification's own
 * schema), whose v3 operations document the bodies they read — `POST /v3/charges` included, whose
 * route reads its body itself — with examples from the sandbox's test values that the gateway takes.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptV3Payload as encrypt3Des } from '../../../src/sdk/encryption.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { uniqueRef, v3Headers } from '../../support/v3.js';

interface Media {
  schema: object;
  example?: unknown;
  examples?: Record<string, { summary?: string; value: Record<string, unknown> }>;
}
interface Operation {
  requestBody?: { content: Record<string, Media> };
}

let gw: TestGateway;
let m: TestMerchant;
let doc: { openapi: string; paths: Record<string, Record<string, Operation>> };

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Documented');
  doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json();
});
afterAll(() => gw.close());

const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
const jsonBody = (path: string, method: string): Media | undefined =>
  doc.paths[path]?.[method]?.requestBody?.content['application/json'];

/** The v3 operations that take no body: a verb on the resource in the path, or a removal. */
const BODILESS = new Set([
  'post /v3/charges/{flw_ref}/void',
  'post /v3/transactions/{id}/resend-hook',
  'post /v3/transfers/{id}/retries',
  'delete /v3/beneficiaries/{id}',
  'delete /v3/sandbox/faults',
  'post /v3/sandbox/clock/freeze',
  'post /v3/sandbox/clock/unfreeze',
]);

describe('/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents a body for every v3 operation that reads one', () => {
    const missing = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v3/'))
      .flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([method]) => ['post', 'put', 'patch', 'delete'].includes(method))
          .filter(([method, op]) => op.requestBody === undefined && !BODILESS.has(`${method} ${path}`))
          .map(([method]) => `${method.toUpperCase()} ${path}`),
      );
    expect(missing).toEqual([]);
  });

  it('documents the v3 charge body: plain card, encrypted card and the other types', () => {
    const media = jsonBody('/v3/charges', 'post');
    const schema = media?.schema as { anyOf?: { title: string; required?: string[] }[] } | undefined;
    expect(schema?.anyOf?.map((s) => s.title)).toEqual([
      'card (plain JSON)',
      'card (encrypted)',
      'every other type',
    ]);
    expect(schema?.anyOf?.[0]?.required).toEqual(expect.arrayContaining(['card_number', 'cvv', 'tx_ref']));
    expect(schema?.anyOf?.[1]?.required).toEqual(['client']);
    const examples = media?.examples ?? {};
    expect(Object.keys(examples)).toEqual(
      expect.arrayContaining(['card_pin', 'card_encrypted', 'mobile_money_ghana']),
    );
    expect(examples['card_pin']?.value).toMatchObject({ card_number: '5531886652142950' });
    expect(examples['card_pin_answer']?.value).toMatchObject({ authorization: { mode: 'pin', pin: '3310' } });
    const validate = ajv.compile(media?.schema ?? {});
    for (const [name, example] of Object.entries(examples)) {
      expect(validate(example.value), `${name}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('gives examples the gateway takes, each with the type its summary names', async () => {
    const examples = jsonBody('/v3/charges', 'post')?.examples ?? {};
    for (const [name, { summary, value }] of Object.entries(examples)) {
      const type = /^\?type=([a-z_]+)/.exec(summary ?? '')?.[1];
      expect(type, name).toBeDefined();
      const fresh = { ...value, ...('tx_ref' in value && { tx_ref: uniqueRef(name) }) };
      // The encrypted example stands for the card JSON encrypted with the merchant's own key.
      const payload =
        name === 'card_encrypted'
          ? {
              client: encrypt3Des(
                m.credentials.v3.encryption_key,
                JSON.stringify({ ...examples['card_pin']?.value, tx_ref: uniqueRef(name) }),
              ),
            }
          : fresh;
      const res = await gw.app.inject({
        method: 'POST',
        url: `/v3/charges?type=${type ?? ''}`,
        headers: v3Headers(m),
        payload,
      });
      expect(res.statusCode, `${name}: ${res.body}`).toBe(200);
      expect(res.json<{ status: string }>().status, name).toBe('success');
    }
  });

  it('keeps the v3 charge route reading its own body: a refusal still names the field', async () => {
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3Headers(m),
      payload: { card_number: '5531886652142950', cvv: '564', expiry_month: '09', expiry_year: '32' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      status: 'error',
      message: 'amount is required; email is required; tx_ref is required',
      data: null,
    });
    const notObject = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: { ...v3Headers(m), 'content-type': 'application/json' },
      payload: '5',
    });
    expect(notObject.json()).toEqual({ status: 'error', message: 'body must be an object', data: null });
  });

  it('shows the OTP step with the sandbox OTP', () => {
    const media = jsonBody('/v3/validate-charge', 'post');
    expect(media?.example ?? media?.examples).toBeDefined();
    expect(JSON.stringify(media?.example ?? media?.examples)).toContain('12345');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANKS } from '../../../src/domain/reference/banks.js';
import { MOBILE_NETWORKS } from '../../../src/domain/reference/mobile-networks.js';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant();
});
afterAll(() => gw.close());

const get = (url: string, headers: Record<string, string> = m.headers) =>
  gw.app.inject({ method: 'GET', url, headers });

describe('GET /banks', () => {
  it("lists a country's banks from the repository's table", async () => {
    const res = await get('/banks?country=NG');
    expect(res.statusCode).toBe(200);
    expectOperationResponse('GET /banks', 200, res.json());
    expect(res.json().message).toBe('Banks fetched');
    expect(res.json().data).toEqual(BANKS.NG);
    expect(res.json().data).toContainEqual(expect.objectContaining({ code: '044', name: 'Access Bank' }));
  });

  it('accepts a lower-case country code', async () => {
    expect((await get('/banks?country=gh')).json().data).toEqual(BANKS.GH);
  });

  it('requires a supported country, naming the field and what is allowed', async () => {
    const missing = await get('/banks');
    expect(missing.statusCode).toBe(400);
    expectOperationResponse('GET /banks', 400, missing.json());
    expect(missing.json().error.validation_errors).toEqual([
      { field_name: 'country', message: 'country is required' },
    ]);
    const unknown = await get('/banks?country=FR');
    expect(unknown.json().error.validation_errors[0].message).toMatch(
      /^country must be one of: CM, CI, .*NG/,
    );
  });
});

describe('GET /mobile-networks', () => {
  it("lists a country's mobile-money networks", async () => {
    const res = await get('/mobile-networks?country=GH');
    expect(res.statusCode).toBe(200);
    expectOperationResponse('GET /mobile-networks', 200, res.json());
    expect(res.json().data).toEqual(MOBILE_NETWORKS.GH);
    expect(res.json().data.map((n: { network: string }) => n.network)).toContain('MTN');
  });

  it('rejects a country without mobile money in the table (NG) and a missing one', async () => {
    for (const url of ['/mobile-networks?country=NG', '/mobile-networks']) {
      const res = await get(url);
      expect(res.statusCode).toBe(400);
      expectOperationResponse('GET /mobile-networks', 400, res.json());
      expect(res.json().error.validation_errors[0].field_name).toBe('country');
    }
  });
});

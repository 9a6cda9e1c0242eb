/** `GET /v3/banks/{country}` through the public HTTP API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BANK_COUNTRIES, BANKS } from '../../../src/domain/reference/banks.js';
import { startGateway, type TestGateway } from '../../support/gateway.js';

let gw: TestGateway;
let auth: { authorization: string };

beforeAll(async () => {
  gw = await startGateway();
  auth = { authorization: `Bearer ${(await gw.merchant('Payouts')).credentials.v3.secret_key}` };
});
afterAll(() => gw.close());

const banks = (country: string, headers: Record<string, string> = auth) =>
  gw.app.inject({ method: 'GET', url: `/v3/banks/${country}`, headers });

describe('GET /v3/banks/{country}', () => {
  it("lists the country's banks from the reference table, with numeric ids", async () => {
    const res = await banks('NG');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.status).toBe('success');
    expect(body.message).toBe('Banks fetched successfully');
    expect(body.data.map((b: { code: string; name: string }) => [b.code, b.name])).toEqual(
      BANKS.NG.map((b) => [b.code, b.name]),
    );
    for (const bank of body.data) {
      expect(Object.keys(bank)).toEqual(['id', 'code', 'name']);
      expect(Number.isSafeInteger(bank.id) && bank.id > 0).toBe(true);
    }
  });

  it('gives each bank an id that never changes and no other bank shares', async () => {
    // Pinned: ids are derived from the table, so any install, and any release, answers the same.
    expect((await banks('NG')).json().data[0]).toEqual({
      id: 325275406,
      code: '120001',
      name: '9mobile 9Payment Service Bank',
    });
    const ids: number[] = [];
    for (const country of BANK_COUNTRIES) {
      ids.push(...(await banks(country)).json().data.map((b: { id: number }) => b.id));
    }
    expect(ids).toHaveLength(Object.values(BANKS).flat().length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads the country code in any case', async () => {
    expect((await banks('gh')).json().data).toEqual((await banks('GH')).json().data);
  });

  it('refuses a country without a bank table, naming it', async () => {
    const res = await banks('XX');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      status: 'error',
      message: `country XX is not supported; use one of: ${BANK_COUNTRIES.join(', ')}`,
      data: null,
    });
  });
});

/**
 * The official Node SDK, unchanged: Beneficiary.create/fetch_all/fetch and Misc.verify_Account, plus
 * the v3 retry, rate and beneficiary-delete routes the SDK has no method for (plain fetch with the
 * secret key, as the docs show them).
 */
import { describe, expect, it } from 'vitest';
import { useSdkGateway } from './support.js';

interface Reply {
  status: string;
  message: string;
  data?: Record<string, unknown> & { id?: number };
  meta?: unknown;
}
interface Sdk {
  Beneficiary: {
    create(d: unknown): Promise<Reply>;
    fetch_all(d?: unknown): Promise<Reply & { data?: unknown }>;
    fetch(d: { id: number | string }): Promise<Reply>;
  };
  Misc: { verify_Account(d: unknown): Promise<Reply> };
  Transfer: {
    initiate(d: unknown): Promise<Reply>;
    get_a_transfer(d: { id: number }): Promise<Reply>;
  };
}

const sdk = useSdkGateway('SDK Beneficiaries');
const flw = () => sdk.flw as unknown as Sdk;
const raw = async (method: string, path: string, body?: unknown, key = sdk.m.credentials.v3.secret_key) => {
  const res = await fetch(`${sdk.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Reply & { data?: unknown } };
};

describe('flw.Beneficiary, flw.Misc.verify_Account and the v3 payout extras', () => {
  it('creates, lists, fetches and deletes beneficiaries, and pays one', async () => {
    const created = await flw().Beneficiary.create({
      account_number: '0690000033',
      account_bank: '044',
      beneficiary_name: 'Flutterwave Developers',
    });
    expect(created).toMatchObject({
      status: 'success',
      message: 'Beneficiary created',
      data: {
        account_number: '0690000033',
        bank_code: '044',
        full_name: 'Flutterwave Developers',
        bank_name: 'ACCESS BANK',
      },
    });
    const id = created.data?.id ?? 0;
    const all = await flw().Beneficiary.fetch_all();
    expect(all).toMatchObject({ message: 'Beneficiaries fetched', meta: { page_info: { total: 1 } } });
    expect(await flw().Beneficiary.fetch({ id })).toMatchObject({
      message: 'Beneficiary fetched',
      data: { id },
    });
    const paid = await flw().Transfer.initiate({
      beneficiary: id,
      amount: 100,
      currency: 'NGN',
      reference: `ben-${Date.now()}`,
      narration: 'x',
      account_bank: '044',
      account_number: '0690000033',
    });
    expect(paid).toMatchObject({
      status: 'success',
      data: { account_number: '0690000033', full_name: 'Flutterwave Developers' },
    });
    const other = await sdk.gw.merchant('Other');
    expect(
      (await raw('GET', `v3/beneficiaries/${String(id)}`, undefined, other.credentials.v3.secret_key)).status,
    ).toBe(404);
    expect(
      (await raw('DELETE', `v3/beneficiaries/${String(id)}`, undefined, other.credentials.v3.secret_key))
        .status,
    ).toBe(404);
    const deleted = await raw('DELETE', `v3/beneficiaries/${String(id)}`);
    expect(deleted.body).toMatchObject({
      status: 'success',
      message: 'Beneficiary deleted',
      data: 'Deleted',
    });
    expect(await flw().Beneficiary.fetch({ id })).toMatchObject({ status: 'error', data: null });
    const bad = await raw('POST', 'v3/beneficiaries', { account_bank: '044' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: 'error', data: null });
  });

  it('verify_Account resolves a test account; an unknown one is an error', async () => {
    const ok = await flw().Misc.verify_Account({ account_number: '0690000032', account_bank: '044' });
    expect(ok).toMatchObject({
      status: 'success',
      message: 'Account details fetched',
      data: { account_number: '0690000032', account_name: expect.any(String) },
    });
    const none = await flw().Misc.verify_Account({ account_number: '0690000041', account_bank: '044' });
    expect(none).toMatchObject({
      status: 'error',
      message: 'Sorry, recipient account could not be validated',
      data: null,
    });
  });

  it('retries a failed transfer and lists its retries; quotes a rate', async () => {
    const failed = await flw().Transfer.initiate({
      account_bank: '044',
      account_number: '0690000031',
      amount: 100,
      currency: 'NGN',
      reference: `rt-${Date.now()}`,
      narration: 'x',
    });
    const id = failed.data?.id ?? 0;
    expect((await raw('POST', `v3/transfers/${String(id)}/retries`)).status).toBe(409);
    await raw('POST', `v3/sandbox/payouts/${String(id)}/fail`);
    const retry = await raw('POST', `v3/transfers/${String(id)}/retries`);
    expect(retry.body).toMatchObject({
      status: 'success',
      message: 'Transfer retry attempt queued.',
      data: { status: 'NEW' },
    });
    const list = await raw('GET', `v3/transfers/${String(id)}/retries`);
    expect(list.body).toMatchObject({ message: 'Transfer retry attempts fetched.' });
    expect(list.body.data).toHaveLength(1);
    const rate = await raw(
      'GET',
      'v3/transfers/rates?amount=1500&source_currency=USD&destination_currency=NGN',
    );
    expect(rate.body).toMatchObject({
      message: 'Transfer amount fetched',
      data: {
        rate: 1500,
        source: { currency: 'USD', amount: 1 },
        destination: { currency: 'NGN', amount: 1500 },
      },
    });
    const badRate = await raw(
      'GET',
      'v3/transfers/rates?amount=1&source_currency=XYZ&destination_currency=NGN',
    );
    expect(badRate.status).toBe(400);
  });
});

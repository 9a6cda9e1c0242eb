/**
 * `flw.Settlement.fetch_all` and `flw.Settlement.fetch` through the official Node SDK, unchanged
 * (flutterwave-node-v3@1.4.1, pointed at an in-process Baobab by ./support.ts): card charges made with
 * the SDK, settled with the sandbox control, then read the way the SDK's documentation does.
 */
import { describe, expect, it } from 'vitest';
import { describeTelemetry, useSdkGateway } from './support.js';

const sdk = useSdkGateway('SDK Settlement Shop');
let n = 0;

/** A successful NGN charge with the SDK (a no-auth test card); its numeric id. */
async function paid(amount: number): Promise<number> {
  const reply = await sdk.flw.Charge.card({
    enckey: sdk.m.credentials.v3.encryption_key,
    card_number: '5061460410120223210',
    cvv: '780',
    expiry_month: '12',
    expiry_year: '31',
    currency: 'NGN',
    amount,
    email: 'settle@example.com',
    fullname: 'Yemi Desola',
    tx_ref: `sdk-settle-${(n++).toString(36)}-${Date.now().toString(36)}`,
    redirect_url: 'https://merchant.example/v3-return',
  });
  expect(reply.data?.status).toBe('successful');
  return reply.data?.id ?? 0;
}

/** The sandbox control (not in the SDK): settle now. */
async function settleNow(): Promise<void> {
  const res = await fetch(`${sdk.baseUrl}v3/sandbox/settlements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sdk.m.credentials.v3.secret_key}` },
  });
  expect(res.status).toBe(200);
}

describe('flw.Settlement', () => {
  it('fetch_all(): "Settlements fetched" with page_info; fetch({id}): "Settlement fetched" with its transactions', async () => {
    const ids = [await paid(1200), await paid(800), await paid(450), await paid(50)];
    await settleNow();

    const before = sdk.fetched.length;
    const all = await sdk.flw.Settlement.fetch_all();
    // The SDK's paths: `v3/settlements?` for the list, `/v3/settlements/{id}` (so `//v3`) for one.
    expect(sdk.fetched.slice(before)).toEqual([`${sdk.baseUrl}v3/settlements?`]);
    expect(all).toMatchObject({
      status: 'success',
      message: 'Settlements fetched',
      meta: { page_info: { total: 1, current_page: 1, total_pages: 1 } },
    });
    const [s] = all.data ?? [];
    expect(s).toMatchObject({
      id: expect.any(Number),
      status: 'completed',
      currency: 'NGN',
      gross_amount: 2500,
      transaction_count: 4,
      meta: ids,
      merchant_name: 'SDK Settlement Shop',
    });

    const paged = await sdk.flw.Settlement.fetch_all({ page: '1' });
    expect(sdk.fetched.at(-1)).toBe(`${sdk.baseUrl}v3/settlements?&page=1`);
    expect(paged.data).toEqual(all.data);

    const day = sdk.gw.clock.now().toISOString().slice(0, 10);
    const id = String(s?.['id']);
    const one = await sdk.flw.Settlement.fetch({ id, from: day, to: day });
    expect(sdk.fetched.at(-1)).toBe(`${sdk.baseUrl}/v3/settlements/${id}?id=${id}&from=${day}&to=${day}`);
    expect(one).toMatchObject({
      status: 'success',
      message: 'Settlement fetched',
      data: { id: s?.['id'], net_amount: s?.['net_amount'], meta: JSON.stringify(ids) },
    });
    const txs = (one.data?.['transactions'] ?? []) as Record<string, unknown>[];
    expect(txs.map((t) => t['id'])).toEqual(ids);
    for (const t of txs) {
      expect(t).toMatchObject({
        status: 'successful',
        customer_email: 'settle@example.com',
        currency: 'NGN',
      });
    }
  });

  it('fetch({id}) of an id that is not the merchant’s: the v3 error (the SDK does not throw)', async () => {
    expect(await sdk.flw.Settlement.fetch({ id: '999999999' })).toEqual({
      status: 'error',
      message: 'No settlement was found for this id',
      data: null,
    });
    const other = await sdk.gw.merchant('SDK Other Shop');
    const [mine] = (await sdk.flw.Settlement.fetch_all()).data ?? [];
    expect(await sdk.sdkFor(other).Settlement.fetch({ id: String(mine?.['id']) })).toMatchObject({
      status: 'error',
      data: null,
    });
    expect(await sdk.sdkFor(other).Settlement.fetch_all()).toMatchObject({ status: 'success', data: [] });
  });
});

describeTelemetry(sdk);

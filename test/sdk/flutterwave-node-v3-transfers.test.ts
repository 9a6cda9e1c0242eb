/**
 * The official Node SDK, `flutterwave-node-v3`, unchanged: its Transfer and Misc (balance) methods
 * against Baobab (v3 spec §8): initiate, fetch, get_a_transfer, fee, bal, bal_currency; the transfer
 * completes through the sandbox timer and moves the balance the SDK reads.
 */
import { describe, expect, it } from 'vitest';
import { useSdkGateway } from './support.js';

interface Reply {
  status: string;
  message: string;
  data?: Record<string, unknown> & { id?: number; status?: string };
  meta?: unknown;
}
interface TransferSdk {
  Transfer: {
    initiate(d: unknown): Promise<Reply>;
    fetch(d?: unknown): Promise<Reply & { data?: unknown }>;
    get_a_transfer(d: { id: number | string }): Promise<Reply>;
    fee(d: { currency: string; amount: number }): Promise<Reply & { data?: unknown }>;
  };
  Misc: {
    bal(d?: unknown): Promise<Reply & { data?: unknown }>;
    bal_currency(d: { currency: string }): Promise<Reply>;
  };
}

const sdk = useSdkGateway('SDK Payouts');
const flw = () => sdk.flw as unknown as TransferSdk;
let n = 0;
const ref = () => `sdk-trf-${(n++).toString(36)}-${Date.now().toString(36)}`;

describe('flw.Transfer and flw.Misc balances', () => {
  it('initiate queues a transfer with the real fields; it completes and the balance moves', async () => {
    const before = await flw().Misc.bal_currency({ currency: 'NGN' });
    expect(before).toMatchObject({
      status: 'success',
      message: 'Wallet balance fetched',
      data: { currency: 'NGN' },
    });
    const queued = await flw().Transfer.initiate({
      account_bank: '044',
      account_number: '0690000040',
      amount: 5500,
      narration: 'Akhlm Pstmn Trnsfr xx007',
      currency: 'NGN',
      reference: ref(),
      beneficiary_name: 'Alexis Sanchez',
    });
    expect(queued).toMatchObject({
      status: 'success',
      message: 'Transfer Queued Successfully',
      data: {
        account_number: '0690000040',
        bank_code: '044',
        full_name: 'Alexis Sanchez',
        currency: 'NGN',
        amount: 5500,
        fee: 26.88,
        status: 'NEW',
        requires_approval: 0,
        is_approved: 1,
        bank_name: 'ACCESS BANK',
      },
    });
    const id = queued.data?.id ?? 0;
    const held = await flw().Misc.bal_currency({ currency: 'NGN' });
    expect(Number(before.data?.['available_balance']) - Number(held.data?.['available_balance'])).toBeCloseTo(
      5526.88,
      2,
    );
    expect(held.data?.['ledger_balance']).toBe(before.data?.['ledger_balance']);
    sdk.gw.clock.advance(11_000);
    await sdk.gw.runJobs();
    const got = await flw().Transfer.get_a_transfer({ id });
    expect(got).toMatchObject({
      status: 'success',
      message: 'Transfer fetched',
      data: { id, status: 'SUCCESSFUL', complete_message: 'Successful' },
    });
    const after = await flw().Misc.bal_currency({ currency: 'NGN' });
    expect(after.data?.['ledger_balance']).toBe(held.data?.['available_balance']);
  });

  it('a failing v3 test account ends FAILED with a DISBURSE FAILED message', async () => {
    const queued = await flw().Transfer.initiate({
      account_bank: '044',
      account_number: '0690000031',
      amount: 100,
      currency: 'NGN',
      reference: ref(),
      narration: 'x',
    });
    sdk.gw.clock.advance(11_000);
    await sdk.gw.runJobs();
    const got = await flw().Transfer.get_a_transfer({ id: queued.data?.id ?? 0 });
    expect(got.data).toMatchObject({
      status: 'FAILED',
      complete_message: 'DISBURSE FAILED: Transfer failed',
    });
  });

  it('fetch lists transfers with page_info; fee gives the documented NGN tiers; bal lists every wallet', async () => {
    const list = await flw().Transfer.fetch();
    expect(list).toMatchObject({
      status: 'success',
      message: 'Transfers fetched',
      meta: { page_info: { current_page: 1 } },
    });
    expect((list.data as unknown as unknown[]).length).toBeGreaterThan(0);
    const fee = await flw().Transfer.fee({ currency: 'NGN', amount: 4000 });
    expect(fee).toMatchObject({
      message: 'Transfer fee fetched',
      data: [{ currency: 'NGN', fee_type: 'value', fee: 10.75 }],
    });
    const bal = await flw().Misc.bal();
    expect(bal.message).toBe('Wallet balances fetched');
    expect(bal.data).toContainEqual(
      expect.objectContaining({ currency: 'USD', available_balance: 10000, ledger_balance: 10000 }),
    );
  });

  it('answers errors in the v3 envelope: unknown transfer, reused reference, another merchant', async () => {
    const missing = await flw().Transfer.get_a_transfer({ id: 1 });
    expect(missing).toMatchObject({ status: 'error', data: null });
    const reference = ref();
    const body = {
      account_bank: '044',
      account_number: '0690000040',
      amount: 100,
      currency: 'NGN',
      reference,
      narration: 'x',
    };
    await flw().Transfer.initiate(body);
    const again = await flw().Transfer.initiate(body);
    expect(again).toMatchObject({
      status: 'error',
      message: `A transfer with reference ${reference} already exists`,
      data: null,
    });
    const other = sdk.sdkFor(await sdk.gw.merchant('Other')) as unknown as TransferSdk;
    const mine = await flw().Transfer.initiate({ ...body, reference: ref() });
    expect(await other.Transfer.get_a_transfer({ id: mine.data?.id ?? 0 })).toMatchObject({
      status: 'error',
      data: null,
    });
  });
});

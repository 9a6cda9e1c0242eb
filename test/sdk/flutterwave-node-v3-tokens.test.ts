/**
 * The official Node SDK, `flutterwave-node-v3@1.4.1`, unchanged: its Tokenized module's bulk and
 * token methods (`bulk`, `fetch_bulk`, `fetch_charge_transactions`, `update_token`) against an
 * in-process Baobab on a loopback port, called as the SDK's documentation/tokenization.md calls them.
 */
import { describe, expect, it } from 'vitest';
import { describeTelemetry, useSdkGateway, type V3Reply, type V3Transaction } from './support.js';

const sdk = useSdkGateway('SDK Bulk Shop');
let n = 0;
const txRef = () => `sdk-bulk_${(n++).toString(36)}-${Date.now().toString(36)}`;
const EMAIL = 'user@example.com';

interface BulkData {
  readonly id: number;
  readonly title: string | null;
  readonly approver: string;
  readonly total_charges: number;
  readonly pending_charges: number;
  readonly processed_charges: number;
}

/** The Tokenized methods these tests call (the SDK ships no types). */
interface TokenizedSdk {
  bulk(payload: object): Promise<V3Reply<BulkData>>;
  fetch_bulk(payload: { bulk_id: string }): Promise<V3Reply<BulkData>>;
  fetch_charge_transactions(payload: { bulk_id: string }): Promise<V3Reply<V3Transaction[]>>;
  update_token(payload: object): Promise<V3Reply<Record<string, unknown>>>;
}
const tokenized = () => (sdk.flw as unknown as { Tokenized: TokenizedSdk }).Tokenized;

/** A card token the way a merchant gets one: a first successful charge, then verify. */
async function cardToken(): Promise<string> {
  const charged = await sdk.flw.Charge.card({
    enckey: sdk.m.credentials.v3.encryption_key,
    card_number: '5061460410120223210',
    cvv: '780',
    expiry_month: '12',
    expiry_year: '31',
    currency: 'NGN',
    amount: 100,
    email: EMAIL,
    fullname: 'Olufemi Obafunmiso',
    tx_ref: txRef(),
    redirect_url: 'https://merchant.example/v3-return',
  });
  const verified = await sdk.flw.Transaction.verify({ id: charged.data?.id ?? 0 });
  expect(verified.data?.status).toBe('successful');
  return verified.data?.card?.token ?? '';
}

describe('flw.Tokenized bulk charges', () => {
  it('bulk → "Bulk charge initiated"; fetch_bulk and fetch_charge_transactions after the job ran', async () => {
    const token = await cardToken();
    const refs = [txRef(), txRef()];
    const started = await tokenized().bulk({
      title: 'Staff salary for June',
      // 1.4.1's schema wants all four retry fields, `full_name` (not first/last name) and a real IP.
      retry_strategy: {
        retry_interval: 120,
        retry_amount_variable: 60,
        retry_attempt_variable: 2,
        last_attempt_variable: 1,
      },
      bulk_data: refs.map((tx_ref, i) => ({
        currency: 'NGN',
        token,
        country: 'NG',
        amount: 3500 - i * 500,
        email: EMAIL,
        full_name: 'Olufemi Obafunmiso',
        ip: '127.0.0.1',
        tx_ref,
      })),
    });
    expect(started).toMatchObject({
      status: 'success',
      message: 'Bulk charge initiated',
      data: { title: 'Staff salary for June', total_charges: 2, pending_charges: 2, processed_charges: 0 },
    });
    const bulk_id = String(started.data?.id);

    await sdk.gw.runJobs();
    expect(await tokenized().fetch_bulk({ bulk_id })).toMatchObject({
      status: 'success',
      message: 'Bulk charge fetched',
      data: { id: started.data?.id, total_charges: 2, pending_charges: 0, processed_charges: 2 },
    });
    const fetched = await tokenized().fetch_charge_transactions({ bulk_id });
    expect(fetched).toMatchObject({ status: 'success', message: 'Bulk charge transactions fetched' });
    const txs = fetched.data ?? [];
    expect(txs.map((t) => [t.tx_ref, t.amount, t.status, t.auth_model])).toEqual([
      [refs[0], 3500, 'successful', 'noauth'],
      [refs[1], 3000, 'successful', 'noauth'],
    ]);
    const verified = await sdk.flw.Transaction.verify({ id: Number(txs[0]?.id) });
    expect(verified.data).toMatchObject({ tx_ref: refs[0], status: 'successful', card: { token } });
  });

  it('fetch_bulk of an id this merchant does not have: the v3 error body', async () => {
    expect(await tokenized().fetch_bulk({ bulk_id: '999999999' })).toEqual({
      status: 'error',
      message: 'No bulk charge was found for this id',
      data: null,
    });
  });
});

describe('flw.Tokenized.update_token', () => {
  it('updates the email, name and phone the token is tied to: "Token details updated"', async () => {
    const token = await cardToken();
    const updated = await tokenized().update_token({
      token,
      email: 'kendrick@example.com',
      full_name: 'Kendrick Graham',
      phone_number: '09090909990',
    });
    expect(updated).toMatchObject({
      status: 'success',
      message: 'Token details updated',
      data: { email: 'kendrick@example.com', fullname: 'Kendrick Graham', phone_number: '2349090909990' },
    });
    const charged = await sdk.flw.Tokenized.charge({
      token,
      currency: 'NGN',
      country: 'NG',
      amount: 200,
      email: 'kendrick@example.com',
      tx_ref: txRef(),
      narration: 'Sample tokenized charge',
    });
    expect(charged.data).toMatchObject({ status: 'successful', customer: { name: 'Kendrick Graham' } });
  });
});

describeTelemetry(sdk);

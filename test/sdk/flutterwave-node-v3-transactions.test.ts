/**
 * `flw.Transaction.*`, `flw.Tokenized.charge` and `flw.Bank.country` through the official Node SDK, and its
 * telemetry (the setup is in ./card-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { describeTelemetry, type V3Transaction } from './support.js';
import { sdk, txRef, EMAIL, cardCharge, paidTransaction } from './card-support.js';

// ─── Transaction.* ───────────────────────────────────────────────────────────────────────────────

describe('flw.Transaction', () => {
  it('verify({id}): the §1.4 transaction; an unknown id answers the v3 error (the SDK does not throw)', async () => {
    const tx = await paidTransaction(2500);
    const verified = await sdk.flw.Transaction.verify({ id: tx.id });
    expect(verified).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: {
        id: tx.id,
        tx_ref: tx.tx_ref,
        flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
        amount: 2500,
        currency: 'NGN',
        charged_amount: 2500,
        app_fee: expect.any(Number),
        merchant_fee: 0,
        amount_settled: expect.any(Number),
        processor_response: 'Approved by Financial Institution',
        status: 'successful',
        payment_type: 'card',
        created_at: expect.any(String),
        account_id: expect.any(Number),
        card: { first_6digits: '506146', last_4digits: '3210', token: expect.any(String) },
        customer: { id: expect.any(Number), email: EMAIL },
      },
    });

    expect(await sdk.flw.Transaction.verify({ id: 999_999_999 })).toEqual({
      status: 'error',
      message: 'No transaction was found for this id',
      data: null,
    });
  });

  it('verify_by_tx({tx_ref}): the unencoded tx_ref finds the same transaction as verify', async () => {
    const tx = await paidTransaction();
    expect(tx.tx_ref).toMatch(/-.*_|_.*-/);
    const byRef = await sdk.flw.Transaction.verify_by_tx({ tx_ref: tx.tx_ref });
    expect(byRef).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id: tx.id, tx_ref: tx.tx_ref, status: 'successful' },
    });
    expect(byRef.data).toEqual((await sdk.flw.Transaction.verify({ id: tx.id })).data);
  });

  it('fetch({from, to, page}): "Transactions fetched" with page_info, through `//v3/transactions?&…`', async () => {
    // A merchant of its own, so the list holds exactly what this test made.
    const own = await sdk.gw.merchant('SDK list shop');
    const ownFlw = sdk.sdkFor(own);
    const refs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const payload = {
        ...cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' }),
        enckey: own.credentials.v3.encryption_key,
      };
      expect((await ownFlw.Charge.card(payload)).data?.status).toBe('successful');
      refs.push(payload.tx_ref);
    }
    const day = sdk.gw.clock.now().toISOString().slice(0, 10);
    const before = sdk.fetched.length;

    const list = await ownFlw.Transaction.fetch({ from: day, to: day, page: '1' });
    expect(sdk.fetched.slice(before)).toEqual([
      `${sdk.baseUrl}/v3/transactions?&from=${day}&to=${day}&page=1`,
    ]);
    expect(list).toMatchObject({
      status: 'success',
      message: 'Transactions fetched',
      meta: { page_info: { total: 2, current_page: 1, total_pages: 1 } },
    });
    expect(list.data?.map((row) => row.tx_ref).sort()).toEqual([...refs].sort());
    for (const row of list.data ?? []) {
      expect(row).toMatchObject({ status: 'successful', customer_email: EMAIL, payment_type: 'card' });
    }

    // Without a query the SDK asks for `//v3/transactions?` (nothing after the `?`).
    const all = await ownFlw.Transaction.fetch();
    expect(sdk.fetched.at(-1)).toBe(`${sdk.baseUrl}/v3/transactions?`);
    expect(all).toMatchObject({
      status: 'success',
      message: 'Transactions fetched',
      meta: { page_info: { total: 2, current_page: 1, total_pages: 1 } },
    });
    expect(all.data?.map((row) => row.tx_ref).sort()).toEqual([...refs].sort());
  });

  it('fee({amount, currency}): "Charged fee" with the documented fee fields', async () => {
    const fee = await sdk.flw.Transaction.fee({ amount: 1000, currency: 'NGN' });
    expect(fee).toMatchObject({
      status: 'success',
      message: 'Charged fee',
      data: {
        charge_amount: expect.any(Number),
        fee: expect.any(Number),
        merchant_fee: 0,
        flutterwave_fee: expect.any(Number),
        stamp_duty_fee: expect.any(Number),
        currency: 'NGN',
      },
    });
    const data = fee.data as Record<string, number>;
    expect(data['fee']).toBeGreaterThan(0);
    expect(data['fee']).toBe((data['flutterwave_fee'] ?? NaN) + (data['merchant_fee'] ?? NaN));
    expect(data['charge_amount']).toBeGreaterThanOrEqual(1000);
  });

  it('refund({id, amount}): "Transaction refund initiated"; the transaction stays successful', async () => {
    const tx = await paidTransaction(1000);
    // The SDK's joi schema wants `id` as a string and sends the body {"id":"…","amount":400}.
    const refund = await sdk.flw.Transaction.refund({ id: String(tx.id), amount: 400 });
    expect(refund).toMatchObject({
      status: 'success',
      message: 'Transaction refund initiated',
      data: {
        id: expect.any(Number),
        account_id: expect.any(Number),
        tx_id: tx.id,
        flw_ref: expect.any(String),
        wallet_id: expect.any(Number),
        amount_refunded: 400,
        status: 'completed',
        destination: 'payment_source',
        meta: { source: 'availablebalance' },
        created_at: expect.any(String),
      },
    });
    expect(await sdk.flw.Transaction.verify({ id: tx.id })).toMatchObject({
      status: 'success',
      data: { id: tx.id, status: 'successful', amount: 1000 },
    });
  });

  it('resend_hooks({id}): "hook sent successfully"', async () => {
    const tx = await paidTransaction();
    expect(await sdk.flw.Transaction.resend_hooks({ id: tx.id })).toEqual({
      status: 'success',
      message: 'hook sent successfully',
      data: 'hook sent',
    });
    expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
  });

  it('event({id}): "Transaction events fetched", a timeline of {note, actor, object, action, context, created_at}', async () => {
    const tx = await paidTransaction();
    const events = await sdk.flw.Transaction.event({ id: tx.id });
    expect(events).toMatchObject({ status: 'success', message: 'Transaction events fetched' });
    expect(Array.isArray(events.data)).toBe(true);
    expect(events.data?.length).toBeGreaterThan(0);
    for (const event of events.data ?? []) {
      expect(event).toEqual({
        note: expect.any(String),
        actor: expect.any(String),
        object: expect.any(String),
        action: expect.any(String),
        context: expect.any(String),
        created_at: expect.any(String),
      });
    }
    expect((await sdk.flw.Transaction.verify({ id: tx.id })).data?.status).toBe('successful');
  });
});

// ─── Tokenized.charge ────────────────────────────────────────────────────────────────────────────

describe('flw.Tokenized', () => {
  it('charge({token, …}) with the card.token of a verify: "Charge successful", noauth, verified', async () => {
    const first = await paidTransaction();
    const token = first.card?.token ?? '';
    expect(token).toMatch(/^flw-t1nf-[0-9a-f]{32}-m03k$/);

    const tx_ref = txRef();
    const charged = await sdk.flw.Tokenized.charge({
      token,
      currency: 'NGN',
      country: 'NG',
      amount: 250,
      email: EMAIL, // the email of the first charge (v3 spec §8)
      tx_ref,
      narration: 'Monthly plan',
      full_name: 'Yemi Desola',
    });
    expect(charged).toMatchObject({
      status: 'success',
      message: 'Charge successful',
      data: {
        id: expect.any(Number),
        tx_ref,
        amount: 250,
        currency: 'NGN',
        status: 'successful',
        auth_model: 'noauth',
        card: { token },
      },
    });
    const { id } = charged.data as V3Transaction;
    expect(id).not.toBe(first.id);
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      data: { id, tx_ref, amount: 250, status: 'successful' },
    });
  });
});

// ─── Bank.country ────────────────────────────────────────────────────────────────────────────────

describe('flw.Bank', () => {
  it('country({country: "NG"}): "Banks fetched successfully", [{id, code, name}]', async () => {
    const banks = await sdk.flw.Bank.country({ country: 'NG' });
    expect(banks).toMatchObject({ status: 'success', message: 'Banks fetched successfully' });
    expect(banks.data?.length).toBeGreaterThan(0);
    for (const bank of banks.data ?? []) {
      expect(bank).toMatchObject({
        id: expect.any(Number),
        code: expect.any(String),
        name: expect.any(String),
      });
    }
    expect(banks.data?.map((bank) => bank['code'])).toContain('044'); // Access Bank, of the test accounts (§4.2)
  });
});

// ─── Telemetry (last: it looks back on everything the suite did) ────────────────────────────────

describeTelemetry(sdk);

/**
 * Nigerian account debits and PayPal with the official Node SDK, unchanged (the setup is in
 * ./methods-support.ts). `flutterwave-node-v3@1.4.1` has no method for either charge type — its
 * `Charge.ng` sends `type=mono` — so the charge itself is the integrator's own call, as Flutterwave's
 * docs show it; everything after it is the SDK's: `Charge.validate({otp, flw_ref, type: "account"})`,
 * `Transaction.verify`, `Transaction.verify_by_tx` and `Transaction.refund`.
 */
import { describe, expect, it } from 'vitest';
import { pressOnPage, type V3Transaction } from './support.js';
import { expectOutcome, expectVerified, ref, sdk, tester, PAGE_LINK } from './methods-support.js';

const debit = () => ({
  tx_ref: ref('MC-1585230ew9v5050e8'),
  amount: '1500',
  account_bank: '044',
  account_number: '0690000031',
  currency: 'NGN',
  email: 'ekene@flw.com',
  phone_number: '0902620185',
  fullname: 'Ekene Eze',
});

describe('debit_ng_account, then flw.Charge.validate({type: "account"})', () => {
  it('the OTP 12345 completes it: "Charge validated", verify successful, refund', async () => {
    const p = debit();
    const reply = await tester('v3/charges?type=debit_ng_account', p);
    expect(reply).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: { tx_ref: p.tx_ref, status: 'pending', payment_type: 'account' },
      meta: { authorization: { mode: 'otp', endpoint: '/v3/validate-charge' } },
    });
    const tx = reply.data as V3Transaction;
    const validated = await sdk.flw.Charge.validate({ otp: '12345', flw_ref: tx.flw_ref, type: 'account' });
    expect(validated).toMatchObject({
      status: 'success',
      message: 'Charge validated',
      data: { id: tx.id, status: 'successful' },
    });
    await expectVerified(tx.id, p, {
      status: 'successful',
      processorResponse: 'Approved',
      paymentType: 'account',
    });
    expect(await sdk.flw.Transaction.verify_by_tx({ tx_ref: p.tx_ref })).toMatchObject({
      data: { id: tx.id, status: 'successful', auth_model: 'AUTH' },
    });
    const refund = await sdk.flw.Transaction.refund({ id: String(tx.id), amount: 500 });
    expect(refund).toMatchObject({
      status: 'success',
      message: 'Transaction refund initiated',
      data: { tx_id: tx.id, amount_refunded: 500 },
    });
  });

  it('a wrong OTP fails it: Invalid transaction', async () => {
    const p = debit();
    const tx = (await tester('v3/charges?type=debit_ng_account', p)).data as V3Transaction;
    const validated = await sdk.flw.Charge.validate({ otp: '11111', flw_ref: tx.flw_ref, type: 'account' });
    expect(validated).toMatchObject({ status: 'success', data: { id: tx.id, status: 'failed' } });
    await expectVerified(tx.id, p, {
      status: 'failed',
      processorResponse: 'Invalid transaction',
      paymentType: 'account',
    });
  });
});

describe('paypal, then the PayPal page and flw.Transaction.verify', () => {
  const paypal = () => ({
    tx_ref: ref('MC-PAYPAL'),
    amount: '20',
    currency: 'USD',
    email: 'ekene@flw.com',
    fullname: 'Ekene Eze',
    redirect_url: 'https://merchant.example/paypal-return',
  });

  it.each([
    ['Pay USD 20.00', 'successful', 'Approved'],
    ['Cancel', 'failed', 'Do not honor'],
  ] as const)('pressing "%s" → %s', async (button, status, processorResponse) => {
    const p = paypal();
    const reply = await tester('v3/charges?type=paypal', p);
    const tx = reply.data as V3Transaction & { meta: { authorization: { redirect: string } } };
    const link = tx.meta.authorization.redirect;
    expect(link).toMatch(PAGE_LINK);
    await expectOutcome(await pressOnPage(sdk.baseUrl, link, button), p, status);
    await expectVerified(tx.id, p, { status, processorResponse, paymentType: 'paypal' });
  });
});

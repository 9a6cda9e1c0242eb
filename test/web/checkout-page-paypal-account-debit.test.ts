/**
 * The hosted checkout page with PayPal and the Nigerian account debit (issue 12's worked example):
 * `payment_options` `paypal` and `account` offer them, PayPal hands over to its sandbox page and back,
 * the account debit asks for the bank's OTP on the page; the test accounts are in the sandbox panel
 * and pick the outcome (the setup is in ./checkout-page-support.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  offeredMethods,
  postPage,
  redirectedTo,
  returnedWith,
  showPage,
  v3Session,
  visibleText,
} from '../support/checkout.js';
import { gw, m, verify, h1, headingOf } from './checkout-page-support.js';

const debitForm = (number: string, bank = '044') => ({
  action: 'pay',
  method: 'ng-account-debit',
  account_bank: bank,
  account_number: number,
});

describe('PayPal on the checkout', () => {
  it('offered for USD (payment_options paypal, or all), not for NGN', async () => {
    const usd = await v3Session(gw, m, { currency: 'USD', amount: 20, payment_options: 'card, paypal' });
    expect(offeredMethods((await showPage(gw, usd.path)).body)).toEqual(['card', 'paypal']);
    const all = await v3Session(gw, m, { currency: 'USD', amount: 20 });
    expect(offeredMethods((await showPage(gw, all.path)).body)).toContain('paypal');
    const ngn = await v3Session(gw, m);
    expect(offeredMethods((await showPage(gw, ngn.path)).body)).not.toContain('paypal');
  });

  it('the PayPal page, approved → back through the checkout to the merchant, successful', async () => {
    const s = await v3Session(gw, m, { currency: 'USD', amount: 20, payment_options: 'paypal' });
    expect(visibleText((await showPage(gw, s.path)).body)).toContain('Continue with PayPal');
    const paypalPage = redirectedTo(await postPage(gw, s.path, { action: 'pay', method: 'paypal' }));
    expect(paypalPage.search).toMatch(/^\?wallet&token=/);
    const shown = await gw.app.inject({ method: 'GET', url: paypalPage.pathname + paypalPage.search });
    expect(h1(shown.body)).toBe('Pay with PayPal');
    const done = await gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        token: paypalPage.searchParams.get('token') ?? '',
        decision: 'approve',
      }).toString(),
    });
    const checkout = redirectedTo(done);
    const back = returnedWith(
      await gw.app.inject({ method: 'GET', url: checkout.pathname + checkout.search }),
    );
    expect(back['status']).toBe('successful');
    expect(await verify(back['transaction_id'])).toMatchObject({
      status: 'successful',
      currency: 'USD',
      payment_type: 'paypal',
    });
  });
});

describe('Nigerian account debit on the checkout', () => {
  it('payment_options account offers it beside Pay with Bank; the panel lists the test accounts', async () => {
    const s = await v3Session(gw, m, { payment_options: 'account' });
    const page = (await showPage(gw, s.path)).body;
    expect(offeredMethods(page)).toEqual(['pay-with-bank', 'ng-account-debit']);
    const text = visibleText(page);
    expect(text).toContain('044 / 0690000031 — Access Bank: approved');
    expect(text).toContain('044 / 0690000032 — declined: insufficient funds');
    expect(text).toContain('OTP 12345');
    expect(page).toContain('<option value="044" >Access Bank</option>');
  });

  it('the OTP the bank sent, on the page → successful', async () => {
    const s = await v3Session(gw, m, { payment_options: 'account' });
    expect(redirectedTo(await postPage(gw, s.path, debitForm('0690000031'))).pathname).toBe(s.path);
    const otp = await showPage(gw, s.path);
    expect(h1(otp.body)).toBe('Enter the OTP');
    expect(otp.body).toContain('linked to account\u00a0••••\u00a00031');
    const back = returnedWith(await postPage(gw, s.path, { action: 'otp', otp: '12345' }));
    expect(back['status']).toBe('successful');
    expect(await verify(back['transaction_id'])).toMatchObject({
      status: 'successful',
      payment_type: 'account',
      auth_model: 'AUTH',
    });
  });

  it('a wrong OTP, or a declining test account, declines the attempt; the customer may try again', async () => {
    const s = await v3Session(gw, m, { payment_options: 'account' });
    await postPage(gw, s.path, debitForm('0690000031'));
    await postPage(gw, s.path, { action: 'otp', otp: '99999' });
    expect(await headingOf(s)).toBe('Choose how to pay');
    expect(visibleText((await showPage(gw, s.path)).body)).toContain(
      'Payment declined: Invalid transaction.',
    );
    await postPage(gw, s.path, debitForm('0690000032'));
    await postPage(gw, s.path, { action: 'otp', otp: '12345' });
    expect(visibleText((await showPage(gw, s.path)).body)).toContain('Payment declined: Insufficient funds.');
  });

  it('refuses a bad account number or bank on the page (422), in the page’s words', async () => {
    const s = await v3Session(gw, m, { payment_options: 'account' });
    const short = await postPage(gw, s.path, debitForm('12345'));
    expect(short.statusCode).toBe(422);
    expect(visibleText(short.body)).toContain('Account number must be a 10-digit NUBAN account number');
    const noBank = await postPage(gw, s.path, debitForm('0690000031', ''));
    expect(noBank.statusCode).toBe(422);
    expect(await headingOf(s)).toBe('Choose how to pay');
  });
});

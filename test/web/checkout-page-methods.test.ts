/**
 * The hosted checkout page: the other methods, cancel, expiry and links, and one attempt at a time (the setup is
 * in ./checkout-page-support.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  cardForm,
  offeredMethods,
  pagePolicy,
  postPage,
  redirectedTo,
  returnedWith,
  showPage,
  v3Session,
  visibleText,
} from '../support/checkout.js';
import { v3Card, v3Headers } from '../support/v3.js';
import { gw, m, verify, h1, headingOf } from './checkout-page-support.js';

describe('other methods', () => {
  it('bank transfer: the account and its countdown; the sandbox transfer pays it', async () => {
    const s = await v3Session(gw, m, { session_duration: 20 });
    await postPage(gw, s.path, { action: 'pay', method: 'bank-transfer' });
    const page = await showPage(gw, s.path);
    expect(h1(page.body)).toBe('Pay by bank transfer');
    const account = /Account number<\/dt>\s*<dd><span class="big">(\d{10})<\/span>/.exec(page.body)?.[1];
    expect(account).toMatch(/^\d{10}$/);
    expect(visibleText(page.body)).toContain('Bank WEMA BANK');
    expect(page.body).toContain('style="--from: 1200"');
    expect(visibleText(page.body)).toContain(`"account_number": "${String(account)}", "amount": 1500`);
    // Not yet paid: "I've sent the money" shows the page again.
    expect(redirectedTo(await postPage(gw, s.path, { action: 'check' })).pathname).toBe(s.path);
    const sent = await gw.app.inject({
      method: 'POST',
      url: '/v3/sandbox/transfers',
      headers: v3Headers(m),
      payload: { account_number: account, amount: 1500 },
    });
    expect(sent.statusCode).toBe(200);
    const back = returnedWith(await postPage(gw, s.path, { action: 'check' }));
    expect(back['status']).toBe('successful');
    expect(await verify(back['transaction_id'])).toMatchObject({
      payment_type: 'bank_transfer',
      amount: 1500,
    });
  });

  it('“I’ve sent the money” before it arrives: the page says it checked and has not received it yet', async () => {
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, { action: 'pay', method: 'bank-transfer' });
    const checked = redirectedTo(await postPage(gw, s.path, { action: 'check' }));
    expect(checked.pathname).toBe(s.path);
    expect(checked.search).toBe('?checked=1');
    const page = await showPage(gw, `${checked.pathname}${checked.search}`);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toMatch(
      /Not received yet\. We checked at \d\d:\d\d UTC and the payment has not arrived\. It can take a few minutes: check again soon\./,
    );
    expect(page.body).toContain('<div class="notice" role="status">');
    // Without the query, or with nothing waiting, the page says nothing of it.
    expect(visibleText((await showPage(gw, s.path)).body)).not.toContain('Not received yet');
  });

  it('bank transfer nobody makes: the sandbox timer pays it, the page reflects it on reload', async () => {
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, { action: 'pay', method: 'bank-transfer' });
    gw.clock.advance(10_000);
    await gw.runJobs();
    expect(returnedWith(await showPage(gw, s.path))['status']).toBe('successful');
  });

  it('mobile money (Ghana): the wallet’s OTP page, then back through the checkout', async () => {
    const s = await v3Session(gw, m, { currency: 'GHS', amount: 25 });
    const page = (await showPage(gw, s.path)).body;
    expect(page).toContain('<option value="GH:MTN" >MTN Mobile Money</option>');
    const bad = await postPage(gw, s.path, {
      action: 'pay',
      method: 'mobile-money-ghana',
      network: 'GH:MTN',
      phone_number: '12',
    });
    expect(bad.statusCode).toBe(422);
    expect(visibleText(bad.body)).toContain('Mobile money number must be 7 to 15 digits');
    expect(bad.body).toContain('<option value="GH:MTN" selected>MTN Mobile Money</option>');
    const otpPage = redirectedTo(
      await postPage(gw, s.path, {
        action: 'pay',
        method: 'mobile-money-ghana',
        network: 'GH:MTN',
        phone_number: '054 709 9292',
      }),
    );
    expect(otpPage.search).toMatch(/^\?mobile_money&token=/);
    const done = await gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        token: otpPage.searchParams.get('token') ?? '',
        decision: 'approve',
        otp: '123456',
      }).toString(),
    });
    const checkout = redirectedTo(done);
    const back = returnedWith(
      await gw.app.inject({ method: 'GET', url: checkout.pathname + checkout.search }),
    );
    expect(await verify(back['transaction_id'])).toMatchObject({ status: 'successful', currency: 'GHS' });
  });

  it('USSD: the code to dial; the sandbox control completes it', async () => {
    const s = await v3Session(gw, m, { payment_options: 'ussd' });
    const missing = await postPage(gw, s.path, { action: 'pay', method: 'ussd', account_bank: '' });
    expect(missing.statusCode).toBe(422);
    await postPage(gw, s.path, { action: 'pay', method: 'ussd', account_bank: '058' });
    const page = await showPage(gw, s.path);
    expect(h1(page.body)).toBe('Dial this code to pay');
    expect(page.body).toMatch(/<p class="code">\*737\*000\*\d{4}#<\/p>/);
    const txId = /POST \/v3\/sandbox\/charges\/(\d+)\/approve/.exec(visibleText(page.body))?.[1];
    const approved = await gw.app.inject({
      method: 'POST',
      url: `/v3/sandbox/charges/${String(txId)}/approve`,
      headers: v3Headers(m),
    });
    expect(approved.statusCode).toBe(200);
    expect(returnedWith(await postPage(gw, s.path, { action: 'check' }))).toMatchObject({
      status: 'successful',
      transaction_id: txId,
    });
  });

  it('NQR: the QR code as an image the page’s policy allows', async () => {
    const s = await v3Session(gw, m, { payment_options: 'nqr' });
    await postPage(gw, s.path, { action: 'pay', method: 'nqr' });
    const page = (await showPage(gw, s.path)).body;
    expect(page).toMatch(
      /<img class="qr" src="data:image\/png;base64,[A-Za-z0-9+/=]+" alt="QR code to pay ₦1,500.00"/,
    );
    expect(pagePolicy(page)).toContain("img-src 'self' data:;");
  });

  it('1Voucher and Fawry: redeemed at once, or a reference number to pay with', async () => {
    const zar = await v3Session(gw, m, { currency: 'ZAR', amount: 10, payment_options: '1voucher' });
    const redeemed = returnedWith(
      await postPage(gw, zar.path, { action: 'pay', method: 'voucher', voucher_pin: '1020 8221 0870 5120' }),
    );
    expect(redeemed['status']).toBe('successful');
    const egp = await v3Session(gw, m, { currency: 'EGP', amount: 100, payment_options: 'fawrypay' });
    await postPage(gw, egp.path, { action: 'pay', method: 'fawry', phone_number: '01012345678' });
    const page = await showPage(gw, egp.path);
    expect(h1(page.body)).toBe('Pay at Fawry');
    expect(page.body).toMatch(/<p class="code">\d{9}<\/p>/);
  });

  it('a method the session does not offer cannot be used', async () => {
    const s = await v3Session(gw, m, { payment_options: 'card' });
    expect(
      redirectedTo(await postPage(gw, s.path, { action: 'pay', method: 'bank-transfer' })).pathname,
    ).toBe(s.path);
    expect(await headingOf(s)).toBe('Choose how to pay');
  });
});

describe('cancel, expiry and links', () => {
  it('cancel declines an attempt still waiting, so no timer pays it later', async () => {
    const s = await v3Session(gw, m, { payment_options: 'ussd' });
    await postPage(gw, s.path, { action: 'pay', method: 'ussd', account_bank: '058' });
    expect(returnedWith(await postPage(gw, s.path, { action: 'cancel' }))).toEqual({
      status: 'cancelled',
      tx_ref: s.txRef,
    });
    gw.clock.advance(60_000);
    await gw.runJobs();
    const verified = await gw.app.inject({
      method: 'GET',
      url: `/v3/transactions/verify_by_reference?tx_ref=${s.txRef}`,
      headers: v3Headers(m),
    });
    expect(verified.json().data.status).toBe('failed');
    expect(returnedWith(await showPage(gw, s.path))['status']).toBe('cancelled');
  });

  it('an expired session says so, offers the way back as cancelled, and takes no payment', async () => {
    const s = await v3Session(gw, m, { session_duration: 1 });
    gw.clock.advance(60_000);
    const page = await showPage(gw, s.path);
    expect(page.statusCode).toBe(410);
    expect(h1(page.body)).toBe('This payment link has expired');
    expect(page.body).toContain(
      `href="https://merchant.example/back?order=42&amp;status=cancelled&amp;tx_ref=${s.txRef}"`,
    );
    expect(page.body).not.toContain('Cancel payment');
    expect(redirectedTo(await postPage(gw, s.path, cardForm('5061460410120223210'))).pathname).toBe(s.path);
    const verified = await gw.app.inject({
      method: 'GET',
      url: `/v3/transactions/verify_by_reference?tx_ref=${s.txRef}`,
      headers: v3Headers(m),
    });
    expect(verified.statusCode).toBe(404);
  });

  it('a link that names no session gets a page saying so', async () => {
    for (const path of ['/v3/hosted/pay/0123456789abcdef0123456789abcdef', '/checkout/pay/nope']) {
      const res = await showPage(gw, path);
      expect(res.statusCode).toBe(404);
      expect(h1(res.body)).toBe('This link is not valid');
      expect((await postPage(gw, path, { action: 'cancel' })).statusCode).toBe(404);
    }
    const long = await showPage(gw, `/v3/hosted/pay/${'a'.repeat(65)}`);
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('a form the page never sends is a page saying so, never a 500', async () => {
    const s = await v3Session(gw, m);
    for (const fields of [{}, { action: 'steal' }, { action: 'pay', card_number: 'x'.repeat(100) }]) {
      const res = await postPage(gw, s.path, fields);
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('either page path serves any session; the API decides which link it hands out', async () => {
    const s = await v3Session(gw, m);
    const key = s.path.split('/').pop() ?? '';
    expect((await showPage(gw, `/checkout/pay/${key}`)).statusCode).toBe(200);
  });
});

describe('one attempt at a time', () => {
  it('two pages paying at once make one attempt', async () => {
    const s = await v3Session(gw, m);
    const both = await Promise.all([
      postPage(gw, s.path, cardForm('5531886652142950')),
      postPage(gw, s.path, cardForm('5531886652142950')),
    ]);
    for (const res of both) expect(redirectedTo(res).pathname).toBe(s.path);
    expect(await headingOf(s)).toBe('Enter your card PIN');
    const charges = await gw.app.inject({
      method: 'GET',
      url: `/charges?reference=${s.txRef}`,
      headers: m.headers,
    });
    expect(charges.json().data).toHaveLength(1);
  });

  it('a reference another transaction took meanwhile is said on the page, not retried for ever', async () => {
    const s = await v3Session(gw, m);
    const taken = await gw.app.inject({
      method: 'POST',
      url: '/v3/charges?type=card',
      headers: v3Headers(m),
      payload: v3Card('5061460410120223210', { tx_ref: s.txRef }),
    });
    expect(taken.statusCode).toBe(200);
    const res = await postPage(gw, s.path, cardForm('5061460410120223210'));
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('This payment’s reference was used by another transaction.');
  });

  it('while an attempt waits, the page shows it rather than the methods', async () => {
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, cardForm('5531886652142950'));
    expect(redirectedTo(await postPage(gw, s.path, cardForm('5061460410120223210'))).pathname).toBe(s.path);
    expect(await headingOf(s)).toBe('Enter your card PIN');
    expect(offeredMethods((await showPage(gw, s.path)).body)).toEqual([]);
  });
});

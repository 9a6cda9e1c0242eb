/**
 * The hosted checkout page through `inject`: the document (headers, policy, escaping, labels), the
 * methods it offers, each method carried through its rail to the merchant's redirect_url, the forms
 * it refuses and how, cancel, expiry, links that name nothing, races, and card data kept out of the
 * store. The same journeys in a real browser: checkout-browser.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
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
  verifyTransaction,
  type Session,
} from '../support/checkout.js';
import { v3Card, v3Headers } from '../support/v3.js';
import { QUOTES, XSS, tags } from './markup.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

const verify = (id: string | undefined) => verifyTransaction(gw, m, id);

const h1 = (markup: string): string | undefined => /<h1>([^<]*)<\/h1>/.exec(markup)?.[1];

/** The page as it stands: its heading. */
const headingOf = async (s: Session) => h1((await showPage(gw, s.path)).body);

describe('the document', () => {
  it('is a self-contained page: no script, no framing, no caching, nothing loaded from elsewhere', async () => {
    const s = await v3Session(gw, m);
    const res = await showPage(gw, s.path);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.body).toContain('<meta name="referrer" content="no-referrer" />');
    expect(pagePolicy(res.body)).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'",
    );
    expect(res.body).not.toMatch(/<script|<link|<iframe|\son[a-z]+=/i);
    expect(res.body).toMatch(/^<!doctype html>\s*<html lang="en">/);
    expect(res.body).toContain('<meta name="viewport" content="width=device-width, initial-scale=1" />');
    expect(res.body.match(/<h1>/g)).toHaveLength(1);
  });

  it('labels every field, and every form posts to the page itself', async () => {
    const s = await v3Session(gw, m);
    const body = (await showPage(gw, s.path)).body;
    const controls = tags(body).filter((t) => /^<(input|select)\b/.test(t) && !/type="hidden"/.test(t));
    expect(controls.length).toBeGreaterThan(3);
    for (const control of controls) {
      const id = /\sid="([^"]+)"/.exec(control)?.[1];
      expect(body, control).toContain(`<label for="${String(id)}">`);
    }
    for (const form of tags(body).filter((t) => t.startsWith('<form'))) {
      expect(form).toContain(`action="${s.path}"`);
      expect(form).toContain('method="post"');
    }
  });

  it('escapes everything the merchant and customer gave', async () => {
    const s = await v3Session(gw, m, {
      customizations: { title: XSS, description: QUOTES },
      customer: { email: 'x@example.com', name: XSS },
    });
    const body = (await showPage(gw, s.path)).body;
    expect(body).not.toContain(XSS);
    expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(visibleText(body)).toContain(QUOTES);
  });

  it('shows only a logo whose origin the policy can name; nothing else from elsewhere', async () => {
    const s = await v3Session(gw, m, {
      customizations: { logo: 'https://user:pw@merchant.example:8443/l.png' },
    });
    const body = (await showPage(gw, s.path)).body;
    expect(pagePolicy(body)).toContain("img-src 'self' https://merchant.example:8443;");
  });

  it('shows the amount in the currency’s own format', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ amount: 1500, currency: 'NGN' }, '₦1,500.00'],
      [{ amount: 25, currency: 'GHS' }, 'GH₵25.00'],
      [{ amount: 5000, currency: 'UGX' }, 'UGX 5,000'],
      [{ amount: 12.5, currency: 'USD' }, '$12.50'],
      [{ amount: 10, currency: 'CAD' }, 'CA$10.00'],
      [{ amount: 1.5, currency: 'KWD' }, 'KWD 1.500'],
    ];
    for (const [money, shown] of cases) {
      const s = await v3Session(gw, m, money);
      expect(visibleText((await showPage(gw, s.path)).body)).toContain(`Amount to pay ${shown}`);
    }
  });

  it('lists the sandbox values for the methods offered, in a collapsible panel', async () => {
    const s = await v3Session(gw, m, { payment_options: 'card' });
    const body = (await showPage(gw, s.path)).body;
    expect(body).toMatch(/<details class="panel">\s*<summary>Sandbox test values<\/summary>/);
    const text = visibleText(body);
    expect(text).toContain('5531 8866 5214 2950 — PIN, then OTP: approved');
    expect(text).toContain('PIN 3310 , OTP 12345');
    expect(text).not.toContain('Bank transfer');
  });
});

describe('cards', () => {
  it('PIN then OTP: the page asks for each, then returns successful', async () => {
    const s = await v3Session(gw, m);
    expect(redirectedTo(await postPage(gw, s.path, cardForm('5531 8866 5214 2950'))).pathname).toBe(s.path);
    const pin = await showPage(gw, s.path);
    expect(h1(pin.body)).toBe('Enter your card PIN');
    expect(pin.body).toContain('on Mastercard\u00a0••••\u00a02950');
    await postPage(gw, s.path, { action: 'pin', pin: '3310' });
    expect(await headingOf(s)).toBe('Enter the OTP');
    const back = returnedWith(await postPage(gw, s.path, { action: 'otp', otp: '12345' }));
    expect(back['status']).toBe('successful');
    expect(await verify(back['transaction_id'])).toMatchObject({ status: 'successful', auth_model: 'PIN' });
  });

  it('a wrong PIN declines the attempt; the customer is told why and may try again', async () => {
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, cardForm('5531886652142950'));
    await postPage(gw, s.path, { action: 'pin', pin: '1111' });
    const page = await showPage(gw, s.path);
    expect(h1(page.body)).toBe('Choose how to pay');
    expect(visibleText(page.body)).toContain(
      'Payment declined: Incorrect PIN. No money was taken. You can try again with another card or method (5 attempts left).',
    );
  });

  it('a PIN or OTP that is not digits is refused on the page (422) and changes nothing', async () => {
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, cardForm('5531886652142950'));
    const res = await postPage(gw, s.path, { action: 'pin', pin: '12' });
    expect(res.statusCode).toBe(422);
    expect(visibleText(res.body)).toContain('Enter your card PIN: 4 to 6 digits.');
    expect(res.body).toMatch(/<input[^>]*id="step-pin"[^>]*aria-invalid="true"/);
    expect(await headingOf(s)).toBe('Enter your card PIN');
  });

  it('3-D Secure: hands over to the sandbox page, which returns to the checkout, then to the merchant', async () => {
    const s = await v3Session(gw, m);
    const to3ds = redirectedTo(await postPage(gw, s.path, cardForm('4242424242424242')));
    expect(to3ds.pathname).toBe('/sandbox/redirects');
    expect(to3ds.search).toMatch(/^\?card&token=/);
    const token = to3ds.searchParams.get('token') ?? '';
    const challenge = await gw.app.inject({ method: 'GET', url: to3ds.pathname + to3ds.search });
    expect(h1(challenge.body)).toBe('Verify your payment');
    // Back on the checkout before answering, the page offers the way to the same step.
    const waiting = await showPage(gw, s.path);
    expect(waiting.body).toContain(
      `href="${to3ds.href.replace(to3ds.origin, 'http://baobab.test').replaceAll('&', '&amp;')}"`,
    );
    const approved = await gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, decision: 'approve' }).toString(),
    });
    const checkout = redirectedTo(approved);
    expect(checkout.pathname).toBe(s.path);
    const back = returnedWith(
      await gw.app.inject({ method: 'GET', url: checkout.pathname + checkout.search }),
    );
    expect(back['status']).toBe('successful');
  });

  it('billing address then 3-D Secure: the address form, refused while incomplete', async () => {
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, cardForm('4556052704172643'));
    expect(await headingOf(s)).toBe('Confirm your billing address');
    const incomplete = await postPage(gw, s.path, { action: 'address', address: '1 Marina', city: 'Lagos' });
    expect(incomplete.statusCode).toBe(422);
    expect(visibleText(incomplete.body)).toContain('Enter your state or region.');
    expect(incomplete.body).toContain('value="1 Marina"');
    const to3ds = redirectedTo(
      await postPage(gw, s.path, {
        action: 'address',
        address: '1 Marina',
        city: 'Lagos',
        state: 'Lagos',
        zipcode: '100001',
        country: 'ng',
      }),
    );
    expect(to3ds.pathname).toBe('/sandbox/redirects');
  });

  it.each([
    [{ card_number: '4111 1111 1111 1112' }, 'card_number', 'Card number is not valid: check the digits'],
    [{ expiry: '13/30' }, 'expiry', 'Expiry date must be a month and year, such as 09/32'],
    [{ expiry: '01/20' }, 'expiry', 'Expiry date is in the past: this card has expired'],
    [{ cvv: '12' }, 'cvv', 'CVV must be 3 digits'],
    [
      { card_number: '4111111111111111' },
      'card_number',
      'This is a sandbox: use one of the test cards listed under “Sandbox test values”',
    ],
  ])('refuses %j on the field, without echoing the card number', async (change, field, message) => {
    const s = await v3Session(gw, m);
    const form: Record<string, string> = { ...cardForm('5531886652142950'), ...change };
    const res = await postPage(gw, s.path, form);
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain(`<p id="card-${field}-error" class="field-error">`);
    expect(visibleText(res.body)).toContain(message);
    expect(res.body).toMatch(new RegExp(`<input[^>]*id="card-${field}"[^>]*aria-invalid="true"`));
    expect(res.body).not.toContain(form['card_number']);
    expect(res.body).toMatch(/<details class="method" name="method" open>\s*<summary>[\s\S]*?Card/);
  });

  it('keeps no card number or CVV anywhere in the store', async () => {
    const pan = '5399838383838381';
    const cvv = '739';
    const s = await v3Session(gw, m);
    await postPage(gw, s.path, { ...cardForm(pan), cvv, expiry: '13/99' });
    await postPage(gw, s.path, { ...cardForm(pan), cvv });
    const tables = await gw.deps.db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`,
    );
    for (const { name } of tables.rows) {
      const rows = await gw.deps.db.query<{ row: string }>(
        `SELECT row_to_json(t)::text AS row FROM "${name}" t`,
      );
      for (const { row } of rows.rows) {
        expect(row, name).not.toContain(pan);
        expect(row, name).not.toMatch(new RegExp(`"${cvv}"`));
      }
    }
  });
});

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
    expect(page).toContain('<option value="GH:MTN" >Mtn</option>');
    const bad = await postPage(gw, s.path, {
      action: 'pay',
      method: 'mobile-money-ghana',
      network: 'GH:MTN',
      phone_number: '12',
    });
    expect(bad.statusCode).toBe(422);
    expect(visibleText(bad.body)).toContain('Mobile money number must be 7 to 15 digits');
    expect(bad.body).toContain('<option value="GH:MTN" selected>Mtn</option>');
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

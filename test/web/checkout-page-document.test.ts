/** The hosted checkout page: the document, and cards (the setup is in ./checkout-page-support.ts). */
import { describe, expect, it } from 'vitest';
import {
  cardForm,
  pagePolicy,
  postPage,
  redirectedTo,
  returnedWith,
  showPage,
  v3Session,
  visibleText,
} from '../support/checkout.js';
import { QUOTES, XSS, tags } from './markup.js';
import { gw, m, verify, h1, headingOf } from './checkout-page-support.js';

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
    expect(body).toMatch(/<details class="panel"\s*>\s*<summary>Sandbox test values<\/summary>/);
    const text = visibleText(body);
    expect(text).toContain('5531 8866 5214 2950 — PIN, then OTP: approved');
    expect(text).toContain('PIN 3310 , OTP 12345');
    expect(text).not.toContain('Bank transfer');
  });
});

describe('where the customer starts', () => {
  it('focuses the open method’s first field, and on a step its field, with the step’s test values open', async () => {
    const s = await v3Session(gw, m);
    const choose = (await showPage(gw, s.path)).body;
    expect(choose.match(/autofocus/g)).toHaveLength(1);
    expect(choose).toMatch(/<input[^>]*id="card-card_number"[^>]*autofocus/);
    await postPage(gw, s.path, cardForm('5531886652142950'));
    const pin = (await showPage(gw, s.path)).body;
    expect(pin.match(/autofocus/g)).toHaveLength(1);
    expect(pin).toMatch(/<input[^>]*id="step-pin"[^>]*autofocus/);
    expect(pin).toMatch(/<details class="panel"\s+open\s*>/);
  });

  it('after a refusal, focuses the field in error and keeps what was typed, but no card data', async () => {
    const card = await v3Session(gw, m);
    const refused = await postPage(gw, card.path, { ...cardForm('4111'), cvv: '123' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body.match(/autofocus/g)).toHaveLength(1);
    expect(refused.body).toMatch(/<input[^>]*id="card-card_number"[^>]*autofocus/);
    expect(refused.body).not.toMatch(/value="(4111|123|09\/32)"/);
    const wallet = await v3Session(gw, m, { currency: 'GHS', amount: 25 });
    const form = { action: 'pay', method: 'mobile-money-ghana', network: 'GH:VODAFONE', phone_number: '12' };
    const bad = await postPage(gw, wallet.path, form);
    expect(bad.statusCode).toBe(422);
    expect(bad.body.match(/autofocus/g)).toHaveLength(1);
    expect(bad.body).toMatch(/<input[^>]*id="mobile-money-ghana-phone_number"[^>]*autofocus[^>]*value="12"/);
    expect(bad.body).toContain('<option value="GH:VODAFONE" selected>Vodafone Cash</option>');
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

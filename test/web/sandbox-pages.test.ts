import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentMethodType } from '../../src/domain/payment-method.js';
import { getCharge as loadCharge } from '../../src/flows/charges/read-charges.js';
import { redirectLink } from '../../src/api/http/links.js';
import { MAX_OTP_ATTEMPTS, signAttempts } from '../../src/web/sandbox/otp-attempts.js';
import { SANDBOX_OTP } from '../../src/methods/sandbox-pages.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import {
  attemptsField,
  getCharge,
  METHODS,
  post,
  redirectCharge,
  type RedirectCharge,
} from './redirect-charges.js';

let gw: TestGateway;
let m: TestMerchant;

beforeAll(async () => {
  gw = await startGateway();
  m = await gw.merchant('Kofi Foods');
});
afterAll(() => gw.close());

const show = (c: RedirectCharge) => gw.app.inject({ method: 'GET', url: c.path });
const statusOf = async (c: RedirectCharge) => (await getCharge(gw, m, c.id)).json().data;

/** Text a reader sees: tags dropped, entities decoded, whitespace collapsed. */
const text = (markup: string): string =>
  markup
    .replace(/<style>[^<]*<\/style>/, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&')
    .replace(/\s+/g, ' ')
    .trim();

function expectPageHeaders(res: { headers: Record<string, unknown> }): void {
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.headers['x-frame-options']).toBe('DENY');
}

/** Where a 303 sends the browser, split into the merchant's URL and the added parameters. */
function returnedTo(res: { statusCode: number; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(303);
  const back = new URL(String(res.headers['location']));
  return { base: `${back.origin}${back.pathname}`, params: Object.fromEntries(back.searchParams) };
}

describe('each payment method gets its own page, chosen by the charge', () => {
  it('mobile money: the OTP screen for the wallet, the number masked, the sandbox OTP as a hint', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney, { scenario: 'scenario:auth_redirect' });
    expect(c.url).toMatch(
      /^http:\/\/baobab\.test\/sandbox\/redirects\?mobile_money&token=[\w-]+\.[\w-]+\.[\w-]+$/,
    );
    const res = await show(c);
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
    const body = text(res.body);
    expect(body).toContain('Enter the OTP sent to MTN +233 ••••••9292');
    expect(body).toContain(`Sandbox OTP: ${SANDBOX_OTP}`);
    expect(body).toContain('Merchant Kofi Foods');
    expect(body).toContain('Amount GHS 1,500.00');
    expect(body).toContain(`Reference ${c.reference}`);
    expect(res.body).not.toContain('0547099292');
    expect(res.body).toMatch(/<input[^>]*name="otp"[^>]*autocomplete="one-time-code"/);
    expect(res.body).toContain('Cancel payment');
  });

  it.each([
    ['Pay with Bank', METHODS.payWithBank, 'Log in to your bank', 'Log in and approve'],
    ['ACH', METHODS.ach, 'Log in to your bank', 'Log in and approve'],
    ['open banking', METHODS.openBanking, 'Authorise this payment', 'Authorise payment'],
  ] as const)(
    'bank (%s): the sandbox bank asks to take the amount',
    async (_name, method, heading, button) => {
      const c = await redirectCharge(gw, m, method);
      const res = await show(c);
      expect(res.statusCode).toBe(200);
      expectPageHeaders(res);
      const body = text(res.body);
      expect(res.body).toContain(`<h1>${heading}</h1>`);
      expect(body).toContain('Kofi Foods asks to take NGN 1,500.00 from your bank account.');
      expect(body).toContain("This is Baobab's sandbox bank");
      expect(body).toContain(button);
      if (method.bankAccount.scheme !== 'open_banking') {
        expect(body).toContain('any username and password work');
        // The login fields have no name: nothing typed in them is ever posted.
        const inputs = res.body.match(/<input[^>]*>/g) ?? [];
        expect(inputs.filter((i) => /type="password"/.test(i))).toHaveLength(1);
        for (const input of inputs.filter((i) => !/type="hidden"/.test(i)))
          expect(input).not.toMatch(/\sname=/);
      }
    },
  );

  it.each([
    ['Apple Pay', METHODS.applepay],
    ['Google Pay', METHODS.googlepay],
    ['OPay', METHODS.opay],
    ['eNaira', METHODS.enaira],
  ] as const)('wallet (%s): a payment sheet in the brand’s name with the amount', async (brand, method) => {
    const c = await redirectCharge(gw, m, method);
    const res = await show(c);
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
    expect(res.body).toContain(`<h1>Pay with ${brand}</h1>`);
    const body = text(res.body);
    expect(body).toContain('NGN 1,500.00');
    expect(body).toContain(`Pay NGN 1,500.00`);
    expect(body).toContain('Cancel');
    if (method.type === 'applepay') expect(body).toContain('Name Ada Lovelace');
  });

  it('links name the page kind; the card link keeps its `?card` name', async () => {
    const links = { publicUrl: 'http://baobab.test', key: gw.keys.linkTokenKey };
    const c = await redirectCharge(gw, m, METHODS.opay);
    const loaded = await loadCharge(gw.deps, m.credentials.merchant_id, c.id);
    if (!loaded.ok) throw new Error('charge not found');
    const link = (type: PaymentMethodType) =>
      redirectLink(links, loaded.value.charge, m.credentials.v4.client_id, type);
    const kindOf = async (type: PaymentMethodType) => /\?(\w+)&token=/.exec(await link(type))?.[1];
    expect(await kindOf('card')).toBe('card');
    expect(await kindOf('mobile_money')).toBe('mobile_money');
    expect(await kindOf('bank_account')).toBe('bank');
    for (const wallet of ['applepay', 'googlepay', 'opay', 'enaira'] as const) {
      expect(await kindOf(wallet)).toBe('wallet');
    }
    // A method without a page of its own is named by its rail; the token is the same either way.
    expect(await kindOf('ussd')).toBe('redirect');
    expect(new URL(await link('opay')).searchParams.get('token')).toBe(c.token);
  });

  it('the page goes by the charge, not by the name in the link', async () => {
    const c = await redirectCharge(gw, m, METHODS.googlepay);
    const res = await gw.app.inject({ method: 'GET', url: `/sandbox/redirects?card&token=${c.token}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>Pay with Google Pay</h1>');
  });
});

describe('approving and declining return to redirect_url', () => {
  it.each([
    ['bank', METHODS.payWithBank],
    ['wallet', METHODS.opay],
    ['mobile money', METHODS.mobileMoney],
  ] as const)('%s, v4 charge: approve succeeds and adds status, id and reference', async (_kind, method) => {
    const c = await redirectCharge(gw, m, method);
    const fields = {
      token: c.token,
      decision: 'approve',
      ...(method.type === 'mobile_money' ? { otp: SANDBOX_OTP } : {}),
    };
    const back = returnedTo(await post(gw, fields));
    expect(back.base).toBe('https://merchant.example/back');
    expect(back.params).toEqual({ order: '42', status: 'succeeded', id: c.id, reference: c.reference });
    expect(await statusOf(c)).toMatchObject({ status: 'succeeded', processor_response: { code: '00' } });
  });

  it.each([
    ['bank', METHODS.ach],
    ['wallet', METHODS.enaira],
    ['mobile money', METHODS.mobileMoney],
  ] as const)('%s, v4 charge: decline fails it as the customer’s refusal (05)', async (_kind, method) => {
    const c = await redirectCharge(gw, m, method);
    const back = returnedTo(await post(gw, { token: c.token, decision: 'decline' }));
    expect(back.params).toMatchObject({ status: 'failed', id: c.id, reference: c.reference });
    expect(await statusOf(c)).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });

  it.each([
    ['approve', 'successful', METHODS.mobileMoney],
    ['decline', 'failed', METHODS.mobileMoney],
    ['approve', 'successful', METHODS.payWithBank],
    ['decline', 'failed', METHODS.applepay],
  ] as const)(
    'v3 charge: %s returns with the legacy `response` JSON (%s)',
    async (decision, v3Status, method) => {
      const c = await redirectCharge(gw, m, method, { origin: 'v3' });
      const otp = method.type === 'mobile_money' && decision === 'approve' ? { otp: SANDBOX_OTP } : {};
      const back = returnedTo(await post(gw, { token: c.token, decision, ...otp }));
      expect(back.base).toBe('https://merchant.example/back');
      expect(Object.keys(back.params).sort()).toEqual(['order', 'response']);
      expect(JSON.parse(back.params['response'] ?? '')).toMatchObject({
        txRef: c.reference,
        status: v3Status,
      });
    },
  );

  it('approve lets the scenario’s issuer answer', async () => {
    const c = await redirectCharge(gw, m, METHODS.googlepay, { scenario: 'issuer:insufficient_funds' });
    const back = returnedTo(await post(gw, { token: c.token, decision: 'approve' }));
    expect(back.params['status']).toBe('failed');
    expect((await statusOf(c)).processor_response).toEqual({ type: 'insufficient_funds', code: '51' });
  });

  it('without a redirect_url the outcome is shown on the page', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney, { noRedirectUrl: true });
    const res = await post(gw, { token: c.token, decision: 'approve', otp: SANDBOX_OTP });
    expect(res.statusCode).toBe(200);
    expectPageHeaders(res);
    expect(res.body).toContain('<h1>Payment approved</h1>');
    expect(text(res.body)).toContain(`Reference: ${c.reference}`);
  });
});

describe('the mobile-money OTP', () => {
  it('a wrong OTP shows the page again with an error (422) and changes nothing', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    const before = await statusOf(c);
    const res = await post(gw, { token: c.token, decision: 'approve', otp: '654321' });
    expect(res.statusCode).toBe(422);
    expectPageHeaders(res);
    expect(text(res.body)).toContain(`That OTP is not correct. ${MAX_OTP_ATTEMPTS - 1} attempts left.`);
    expect(res.body).toMatch(/<p id="otp-error" class="error" role="alert">/);
    expect(res.body).toMatch(/<input[^>]*name="otp"[^>]*aria-invalid="true"/);
    expect(res.body).not.toContain('654321');
    const after = await statusOf(c);
    expect(after).toEqual(before);
    // The link still works: the merchant's copy is the same, and the page still shows it.
    expect(after.next_action.redirect_url.url).toBe(c.url);
    expect((await show(c)).statusCode).toBe(200);
  });

  it('the right OTP after a wrong one approves', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney, {
      scenario: 'scenario:auth_redirect&issuer:approved',
    });
    const wrong = await post(gw, { token: c.token, decision: 'approve', otp: '000000' });
    const attempts = attemptsField(wrong.body) ?? '';
    expect(attempts).not.toBe('');
    const back = returnedTo(
      await post(gw, { token: c.token, decision: 'approve', otp: ' 123 456 ', attempts }),
    );
    expect(back.params['status']).toBe('succeeded');
    expect((await statusOf(c)).status).toBe('succeeded');
  });

  it(`after ${MAX_OTP_ATTEMPTS} wrong OTPs the payment fails as a decline`, async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    let attempts: string | undefined;
    for (let left = MAX_OTP_ATTEMPTS - 1; left >= 1; left--) {
      const res = await post(gw, {
        token: c.token,
        decision: 'approve',
        otp: '111111',
        ...(attempts ? { attempts } : {}),
      });
      expect(res.statusCode).toBe(422);
      expect(text(res.body)).toContain(`${left} ${left === 1 ? 'attempt' : 'attempts'} left`);
      attempts = attemptsField(res.body);
      expect((await statusOf(c)).status).toBe('pending');
    }
    const last = await post(gw, {
      token: c.token,
      decision: 'approve',
      otp: '111111',
      ...(attempts ? { attempts } : {}),
    });
    expect(returnedTo(last).params).toMatchObject({ status: 'failed', id: c.id });
    expect(await statusOf(c)).toMatchObject({ status: 'failed', processor_response: { code: '05' } });
    // Spent: the right OTP now changes nothing.
    const late = await post(gw, { token: c.token, decision: 'approve', otp: SANDBOX_OTP });
    expect(late.statusCode).toBe(409);
    expect((await statusOf(c)).status).toBe('failed');
  });

  it('without a redirect_url, running out of OTPs says why on the page', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney, { noRedirectUrl: true });
    const attempts = signAttempts(gw.keys.linkTokenKey, c.token, MAX_OTP_ATTEMPTS - 1);
    const res = await post(gw, { token: c.token, decision: 'approve', otp: '999999', attempts });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-status="failed"');
    expect(text(res.body)).toContain('Too many wrong OTPs');
  });

  it('an empty OTP asks for one and counts nothing', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    for (const fields of [{ otp: '  ' }, {}]) {
      const res = await post(gw, { token: c.token, decision: 'approve', ...fields });
      expect(res.statusCode).toBe(422);
      expect(text(res.body)).toContain('Enter the OTP sent to your phone.');
      expect(attemptsField(res.body)).toBeUndefined();
    }
    expect((await statusOf(c)).status).toBe('pending');
  });

  it('an altered attempt count is refused and changes nothing', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    const other = await redirectCharge(gw, m, METHODS.mobileMoney);
    const forged = [
      'garbage',
      `1.${'A'.repeat(43)}`,
      // Signed, but for another link: counts do not travel between payments.
      signAttempts(gw.keys.linkTokenKey, other.token, 1),
      // The limit itself is never a count the page hands out.
      signAttempts(gw.keys.linkTokenKey, c.token, MAX_OTP_ATTEMPTS),
    ];
    for (const attempts of forged) {
      const res = await post(gw, { token: c.token, decision: 'approve', otp: SANDBOX_OTP, attempts });
      expect(res.statusCode, attempts).toBe(400);
      expect(text(res.body)).toContain('The payment form was changed or is incomplete');
    }
    expect((await statusOf(c)).status).toBe('pending');
  });

  it('Cancel payment needs no OTP; other pages ignore one', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    expect(returnedTo(await post(gw, { token: c.token, decision: 'decline' })).params['status']).toBe(
      'failed',
    );
    const bank = await redirectCharge(gw, m, METHODS.payWithBank);
    const back = returnedTo(await post(gw, { token: bank.token, decision: 'approve', otp: 'anything' }));
    expect(back.params['status']).toBe('succeeded');
  });
});

describe('links that cannot be answered', () => {
  it.each([
    ['mobile money', METHODS.mobileMoney],
    ['bank', METHODS.openBanking],
    ['wallet', METHODS.applepay],
  ] as const)('%s: a used link gets its page, then changes nothing', async (_kind, method) => {
    const c = await redirectCharge(gw, m, method);
    await post(gw, { token: c.token, decision: 'decline' });
    const again = await show(c);
    expect(again.statusCode).toBe(409);
    expectPageHeaders(again);
    expect(again.body).toContain('already completed');
    const answer = await post(gw, { token: c.token, decision: 'approve', otp: SANDBOX_OTP });
    expect(answer.statusCode).toBe(409);
    expect((await statusOf(c)).status).toBe('failed');
  });

  it.each([
    ['mobile money', METHODS.mobileMoney],
    ['bank', METHODS.payWithBank],
    ['wallet', METHODS.enaira],
  ] as const)('%s: an expired link gets its page; the charge stays pending', async (_kind, method) => {
    const c = await redirectCharge(gw, m, method);
    gw.clock.advance(301_000);
    m = await gw.login(m.credentials);
    const res = await show(c);
    expect(res.statusCode).toBe(410);
    expectPageHeaders(res);
    expect(res.body).toContain('expired');
    expect((await post(gw, { token: c.token, decision: 'approve', otp: SANDBOX_OTP })).statusCode).toBe(410);
    expect((await statusOf(c)).status).toBe('pending');
  });

  it('a forged or garbled token gets its page and changes nothing', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    const [h, p] = c.token.split('.');
    for (const bad of [`${h}.${p}.AAAA`, 'garbage', 'a.b.c']) {
      const res = await gw.app.inject({ method: 'GET', url: `/sandbox/redirects?mobile_money&token=${bad}` });
      expect(res.statusCode).toBe(400);
      expectPageHeaders(res);
      expect(res.body).toContain('This link is not valid');
      expect((await post(gw, { token: bad, decision: 'approve', otp: SANDBOX_OTP })).statusCode).toBe(400);
    }
    expect((await statusOf(c)).status).toBe('pending');
  });

  it("a link to another merchant's charge does not exist for the page", async () => {
    const other = await gw.merchant('Other Shop');
    const c = await redirectCharge(gw, other, METHODS.opay);
    // The token names its merchant: the page shows the other merchant's own page, never this one's.
    const res = await show(c);
    expect(text(res.body)).toContain('Other Shop');
    expect(text(res.body)).not.toContain('Kofi Foods');
  });
});

describe('a hostile merchant name', () => {
  it.each([
    ['mobile money', METHODS.mobileMoney],
    ['bank', METHODS.payWithBank],
    ['wallet', METHODS.opay],
  ] as const)('%s: is shown as text, never as markup', async (_kind, method) => {
    const evil = await gw.merchant(`<script>alert(1)</script> "Shop" & <b>Co</b>`);
    const c = await redirectCharge(gw, evil, method);
    const res = await show(c);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/<script|<b>/);
    expect(res.body).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &quot;Shop&quot; &amp; &lt;b&gt;Co&lt;/b&gt;',
    );
    expect(text(res.body)).toContain(`<script>alert(1)</script> "Shop" & <b>Co</b>`);
  });
});

describe('PUT /redirect-sessions/charges', () => {
  const put = (token: string, payload: object = {}) =>
    gw.app.inject({
      method: 'PUT',
      url: '/redirect-sessions/charges',
      headers: { 'x-redirect-session-token': token },
      payload,
    });

  it.each([
    ['mobile money (no OTP by API)', METHODS.mobileMoney],
    ['bank', METHODS.openBanking],
    ['wallet', METHODS.applepay],
  ] as const)('%s: approves with the link token, once', async (_kind, method) => {
    const c = await redirectCharge(gw, m, method);
    const done = await put(c.token);
    expect(done.statusCode).toBe(200);
    expect(done.json().data).toMatchObject({ id: c.id, status: 'succeeded' });
    expect((await put(c.token)).json().error.type).toBe('CHARGE_UPDATE_NOT_ALLOWED');
    expect((await show(c)).statusCode).toBe(409);
  });

  it('declines with {"decision": "decline"}', async () => {
    const c = await redirectCharge(gw, m, METHODS.mobileMoney);
    const done = await put(c.token, { decision: 'decline' });
    expect(done.json().data).toMatchObject({ status: 'failed', processor_response: { code: '05' } });
  });
});

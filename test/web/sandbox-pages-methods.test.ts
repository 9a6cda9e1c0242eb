/**
 * The sandbox redirect pages: each payment method's own page, and approving and declining back to redirect_url
 * (the setup is in ./sandbox-pages-support.ts).
 */
import { describe, expect, it } from 'vitest';
import type { PaymentMethodType } from '../../src/domain/payment-method.js';
import { getCharge as loadCharge } from '../../src/flows/charges/read-charges.js';
import { redirectLink } from '../../src/api/http/links.js';
import { SANDBOX_OTP } from '../../src/methods/sandbox-pages.js';
import { METHODS, post, redirectCharge } from './redirect-charges.js';
import { gw, m, show, statusOf, text, expectPageHeaders, returnedTo } from './sandbox-pages-support.js';

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
    expect(body).toContain('Enter the OTP sent to MTN Mobile Money +233 ••••••9292');
    expect(res.body).toMatch(/<input\s[^>]*id="otp"[^>]*autofocus/);
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

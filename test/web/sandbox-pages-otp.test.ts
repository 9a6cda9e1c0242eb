/**
 * The sandbox redirect pages: the mobile-money OTP, links that cannot be answered, a hostile merchant name and
 * PUT /redirect-sessions/charges (the setup is in ./sandbox-pages-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { MAX_OTP_ATTEMPTS, signAttempts } from '../../src/web/sandbox/otp-attempts.js';
import { SANDBOX_OTP } from '../../src/methods/sandbox-pages.js';
import { attemptsField, METHODS, post, redirectCharge } from './redirect-charges.js';
import {
  gw,
  m,
  setMerchant,
  show,
  statusOf,
  text,
  expectPageHeaders,
  returnedTo,
} from './sandbox-pages-support.js';

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
    setMerchant(await gw.login(m.credentials));
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

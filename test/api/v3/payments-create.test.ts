/** POST /v3/payments: the link, the page and the session options (the setup is in ./payments-support.ts). */
import { describe, expect, it } from 'vitest';
import {
  cardForm,
  DECLINED_CARD,
  offeredMethods,
  pagePolicy,
  postPage,
  postV3Payment,
  returnedWith,
  showPage,
  v3Payment,
  v3Session,
  verifyTransaction,
  visibleText,
} from '../../support/checkout.js';
import { v3Card, v3Headers } from '../../support/v3.js';
import { gw, m, v4View } from './payments-support.js';

describe('POST /v3/payments', () => {
  it('answers "Hosted Link" with a page under BAOBAB_PUBLIC_URL, in Flutterwave\'s link shape', async () => {
    const body = v3Payment();
    const res = await postV3Payment(gw, m, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'success',
      message: 'Hosted Link',
      data: { link: expect.stringMatching(/^http:\/\/baobab\.test\/v3\/hosted\/pay\/[0-9a-f]{32}$/) },
    });
    const page = await showPage(gw, new URL(res.json().data.link).pathname);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('₦1,500.00');
  });

  it('shows the customizations on the page: title, description, logo', async () => {
    const s = await v3Session(gw, m, {
      customizations: {
        title: 'Mama Put Kitchen',
        description: 'Two plates of jollof rice',
        logo: 'https://cdn.merchant.example/logo.png',
      },
    });
    const page = await showPage(gw, s.path);
    const text = visibleText(page.body);
    expect(text).toContain('Mama Put Kitchen');
    expect(text).toContain('Two plates of jollof rice');
    expect(page.body).toMatch(/<img class="logo" src="https:\/\/cdn\.merchant\.example\/logo\.png"/);
    // The logo's origin is the only one the page may load from besides its own.
    expect(pagePolicy(page.body)).toContain("img-src 'self' https://cdn.merchant.example;");
  });

  it('without customizations shows the merchant name, and empty strings count as none', async () => {
    const s = await v3Session(gw, m, { customizations: { title: '', description: ' ', logo: '' } });
    const page = await showPage(gw, s.path);
    expect(visibleText(page.body)).toMatch(/^KF Kofi Foods SANDBOX/);
    expect(page.body).not.toContain('<img');
    expect(pagePolicy(page.body)).toContain("img-src 'self';");
  });

  it('defaults the currency to NGN', async () => {
    const body = v3Payment();
    delete body['currency'];
    const res = await postV3Payment(gw, m, body);
    expect((await v4View(body.tx_ref)).currency).toBe('NGN');
    expect(res.statusCode).toBe(200);
  });

  describe('payment_options', () => {
    it('offers only the methods named, comma and space separated, in any case', async () => {
      const s = await v3Session(gw, m, { payment_options: 'card, USSD,banktransfer' });
      expect(offeredMethods((await showPage(gw, s.path)).body)).toEqual(['card', 'bank-transfer', 'ussd']);
    });

    it('without it, offers every method that takes the currency and amount', async () => {
      const ngn = await v3Session(gw, m);
      expect(offeredMethods((await showPage(gw, ngn.path)).body)).toEqual([
        'card',
        'bank-transfer',
        'ussd',
        'pay-with-bank',
        'ng-account-debit',
        'nqr',
        'applepay',
        'googlepay',
        'opay',
        'enaira',
      ]);
      const ghs = await v3Session(gw, m, { currency: 'GHS', amount: 25 });
      expect(offeredMethods((await showPage(gw, ghs.path)).body)).toEqual([
        'card',
        'bank-transfer',
        'mobile-money-ghana',
        'applepay',
        'googlepay',
      ]);
      // Below a method's smallest charge (bank transfer and USSD: NGN 100), the method is not offered.
      const small = await v3Session(gw, m, { amount: 50 });
      expect(offeredMethods((await showPage(gw, small.path)).body)).not.toContain('bank-transfer');
    });

    it('filters by what the currency allows too: a named method that cannot take it is left out', async () => {
      const s = await v3Session(gw, m, { currency: 'KES', payment_options: 'card,mpesa,ussd' });
      expect(offeredMethods((await showPage(gw, s.path)).body)).toEqual(['card', 'mpesa']);
    });

    it('refuses options that leave nothing to pay with, and values it does not know, naming the field', async () => {
      const none = await postV3Payment(
        gw,
        m,
        v3Payment({ currency: 'USD', payment_options: 'ussd, barter' }),
      );
      expect(none.statusCode).toBe(400);
      expect(none.json()).toEqual({
        status: 'error',
        message: 'payment_options leaves no payment method that takes USD 1,500.00',
        data: null,
      });
      const unknown = await postV3Payment(gw, m, v3Payment({ payment_options: 'card, bitcoin' }));
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json().message).toMatch(
        /^payment_options has values Baobab does not know \(bitcoin\): use /,
      );
    });
  });

  describe('session duration and retry limit', () => {
    it('defaults to 30 minutes and 5 retries', async () => {
      const s = await v3Session(gw, m);
      expect(await v4View(s.txRef)).toMatchObject({ session_duration: 30, max_retry_attempts: 5 });
    });

    it.each([
      ['top level', { session_duration: 10, max_retry_attempt: 2 }],
      ['under configurations', { configurations: { session_duration: 10, max_retry_attempt: 2 } }],
      ['under configuration', { configuration: { session_duration: '10', max_retry_attempt: '2' } }],
      [
        'top level first',
        { session_duration: 10, configurations: { session_duration: 99, max_retry_attempt: 2 } },
      ],
    ])('reads them %s', async (_where, extra) => {
      const s = await v3Session(gw, m, extra);
      expect(await v4View(s.txRef)).toMatchObject({ session_duration: 10, max_retry_attempts: 2 });
    });

    it('closes the page when the session duration is over', async () => {
      const s = await v3Session(gw, m, { session_duration: 5 });
      gw.clock.advance(5 * 60_000 - 1);
      expect((await showPage(gw, s.path)).statusCode).toBe(200);
      gw.clock.advance(1);
      expect((await showPage(gw, s.path)).statusCode).toBe(410);
    });

    it('closes it at link_expiration when that comes first', async () => {
      const at = new Date(gw.clock.now().getTime() + 60_000).toISOString();
      const s = await v3Session(gw, m, { link_expiration: at });
      gw.clock.advance(60_000);
      expect((await showPage(gw, s.path)).statusCode).toBe(410);
    });

    it('lets the customer retry a declined payment max_retry_attempt times, then fails', async () => {
      const s = await v3Session(gw, m, { configurations: { max_retry_attempt: 1 } });
      const first = await postPage(gw, s.path, cardForm(DECLINED_CARD));
      expect(first.headers['location']).toBe(s.path);
      expect(visibleText((await showPage(gw, s.path)).body)).toContain('1 attempt left');
      const second = await postPage(gw, s.path, cardForm(DECLINED_CARD));
      const back = returnedWith(second);
      expect(back).toEqual({
        status: 'failed',
        tx_ref: s.txRef,
        transaction_id: expect.stringMatching(/^\d+$/),
      });
      expect(await verifyTransaction(gw, m, back['transaction_id'])).toMatchObject({
        status: 'failed',
        tx_ref: s.txRef,
      });
    });

    it('with max_retry_attempt 0, the first decline ends the session', async () => {
      const s = await v3Session(gw, m, { max_retry_attempt: 0 });
      expect(returnedWith(await postPage(gw, s.path, cardForm(DECLINED_CARD)))['status']).toBe('failed');
    });
  });

  describe('tx_ref', () => {
    it('re-sent while its payment is open for the same amount, answers the same link', async () => {
      const body = v3Payment();
      const first = await postV3Payment(gw, m, body);
      const again = await postV3Payment(gw, m, body);
      expect(again.statusCode).toBe(200);
      expect(again.json()).toEqual(first.json());
    });

    it('re-sent for another amount, or once its payment is over, is a conflict', async () => {
      const s = await v3Session(gw, m);
      const other = await postV3Payment(gw, m, v3Payment({ tx_ref: s.txRef, amount: 99 }));
      expect(other.statusCode).toBe(409);
      expect(other.json()).toEqual({
        status: 'error',
        message: `A payment link with tx_ref ${s.txRef} already exists`,
        data: null,
      });
      await postPage(gw, s.path, { action: 'cancel' });
      expect((await postV3Payment(gw, m, v3Payment({ tx_ref: s.txRef }))).statusCode).toBe(409);
    });

    it('already used by a transaction is a conflict', async () => {
      const card = v3Card('5061460410120223210');
      await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=card',
        headers: v3Headers(m),
        payload: card,
      });
      const res = await postV3Payment(gw, m, v3Payment({ tx_ref: card.tx_ref }));
      expect(res.statusCode).toBe(409);
      expect(res.json().message).toBe(`A transaction with tx_ref ${card.tx_ref} already exists`);
    });

    it('names one transaction for the merchant: verify_by_reference finds the attempt that paid', async () => {
      const s = await v3Session(gw, m);
      await postPage(gw, s.path, cardForm(DECLINED_CARD));
      const paid = returnedWith(await postPage(gw, s.path, cardForm('5061460410120223210')));
      const res = await gw.app.inject({
        method: 'GET',
        url: `/v3/transactions/verify_by_reference?tx_ref=${s.txRef}`,
        headers: v3Headers(m),
      });
      expect(res.json().data).toMatchObject({
        id: Number(paid['transaction_id']),
        status: 'successful',
        tx_ref: s.txRef,
        amount: 1500,
        currency: 'NGN',
      });
      // A direct charge cannot take the reference the session's attempts share.
      const card = await gw.app.inject({
        method: 'POST',
        url: '/v3/charges?type=card',
        headers: v3Headers(m),
        payload: v3Card('5061460410120223210', { tx_ref: s.txRef }),
      });
      expect(card.statusCode).toBe(409);
    });
  });
});

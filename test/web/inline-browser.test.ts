/**
 * Inline checkout in a real browser (Debian's chromium, driven by playwright-core): a merchant's page
 * on its own origin loads Baobab's /v3.js and calls FlutterwaveCheckout — from a plain script tag,
 * and through the real flutterwave-react-v3 package, bundled here with esbuild. The wrapper loads
 * https://checkout.flutterwave.com/v3.js itself; as a merchant's own test would, the test routes that
 * URL to Baobab's script (page.route), and answers the wrapper's analytics call. The customer pays in
 * the modal by card with PIN and OTP; the callback's fields are checked against a server-side verify.
 * Also: a close calling onclose, closePaymentModal(), a declined card, redirect_url, a frame from
 * another origin refused, and a message from another origin ignored. Setup in inline-support.ts;
 * screenshots under test-results/inline/. Skipped, saying so, where /usr/bin/chromium is missing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestGateway, TestMerchant } from '../support/gateway.js';
import { DECLINED_CARD, TEST_CARD, verifyTransaction } from '../support/checkout.js';
import { uniqueRef } from '../support/v3.js';
import {
  CHROMIUM,
  chromiumAvailable,
  startInlineBench,
  type InlineBench,
  type Recorded,
  type Tab,
} from './inline-support.js';

if (!chromiumAvailable) {
  console.warn(`  ⚠  ${CHROMIUM} not found: the real-browser test of Inline checkout is SKIPPED.`);
}

describe.skipIf(!chromiumAvailable)('Inline checkout in a browser', () => {
  let bench: InlineBench;
  let gw: TestGateway;
  let m: TestMerchant;
  let origin = '';
  let shopOrigin = '';
  let otherOrigin = '';

  beforeAll(async () => {
    bench = await startInlineBench({ react: { entry: 'test/web/fixtures/inline-react-app.js' } });
    ({ gw, m, origin, shopOrigin, otherOrigin } = bench);
  }, 60_000);
  afterAll(() => bench.close());

  const config = (extra: Record<string, unknown> = {}) => ({
    public_key: m.credentials.v3.public_key,
    tx_ref: uniqueRef('inline'),
    amount: 12500,
    currency: 'NGN',
    payment_options: 'card, mobilemoney, ussd',
    customer: { email: 'ada@example.com', phone_number: '08012345678', name: 'Ada Lovelace' },
    customizations: { title: 'Kofi Foods', description: 'Order #1042', logo: '' },
    meta: { order: '1042' },
    ...extra,
  });

  const tab = (name: string) => bench.tab(name);

  async function payByCard(t: Tab, number: string) {
    await t.frame.getByLabel('Card number').fill(number);
    await t.frame.getByLabel('Expiry date').fill('09/32');
    await t.frame.getByLabel('CVV').fill('564');
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
  }

  async function pinAndOtp(t: Tab) {
    await expect.poll(() => t.frame.locator('h1').textContent()).toBe('Enter your card PIN');
    await t.frame.getByLabel('Card PIN').fill('3310');
    await t.frame.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => t.frame.locator('h1').textContent()).toBe('Enter the OTP');
    await t.frame.getByLabel('One-time password').fill('12345');
    await t.shot();
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
  }

  const callbacks = (page: Page) => page.evaluate(() => (globalThis as unknown as Recorded).CALLBACKS);
  const closes = (page: Page) => page.evaluate(() => (globalThis as unknown as Recorded).CLOSES);

  /** The callback's response, and the same payment as the merchant's server verifies it. */
  async function expectPaid(response: Record<string, unknown> | undefined, txRef: string) {
    expect(response).toEqual({
      status: 'successful',
      customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone_number: null },
      transaction_id: expect.any(Number),
      tx_ref: txRef,
      flw_ref: expect.stringMatching(/^FLW-MOCK-/),
      currency: 'NGN',
      amount: 12500,
      charged_amount: 12500,
      charge_response_code: '00',
      charge_response_message: 'Approved by Financial Institution',
      created_at: expect.any(String),
    });
    const verified = await verifyTransaction(gw, m, String(response?.['transaction_id']));
    expect(verified).toMatchObject({
      id: response?.['transaction_id'],
      tx_ref: txRef,
      flw_ref: response?.['flw_ref'],
      status: 'successful',
      amount: 12500,
      currency: 'NGN',
      meta: { order: '1042' },
    });
  }

  it('a plain script tag: card with PIN and OTP in the modal, the callback, then Close calls onclose', async () => {
    const t = await tab('plain');
    await t.page.goto(`${shopOrigin}/plain.html`);
    const c = config();
    await t.page.evaluate((cfg) => {
      const w = globalThis as unknown as Recorded & { FlutterwaveCheckout(c: unknown): unknown };
      w.FlutterwaveCheckout({
        ...cfg,
        callback: (r: Record<string, unknown>) => w.CALLBACKS.push(r),
        onclose: (incomplete: unknown) => w.CLOSES.push(incomplete),
      });
    }, c);
    await expect.poll(() => t.frame.locator('h1').textContent()).toBe('Choose how to pay');
    await t.shot();
    // A message from the merchant page's own origin, pretending to be the gateway, is ignored.
    await t.page.evaluate((txRef) => {
      (globalThis as unknown as { postMessage(message: unknown, target: string): void }).postMessage(
        { type: 'baobab:checkout', event: 'completed', tx_ref: txRef, response: { status: 'successful' } },
        '*',
      );
    }, c.tx_ref);
    await payByCard(t, TEST_CARD.pinOtp);
    await pinAndOtp(t);
    await expect.poll(async () => (await callbacks(t.page)).length).toBe(1);
    await expectPaid((await callbacks(t.page))[0], c.tx_ref);
    await expect.poll(() => t.frame.locator('h1').textContent()).toBe('Payment successful');
    await t.shot();
    expect(await closes(t.page)).toEqual([]);
    await t.frame.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => closes(t.page)).toEqual([false]);
    expect(await t.page.locator('iframe[name="checkout"]').count()).toBe(0);
    await t.done();
  });

  it('a plain script tag with redirect_url: the browser is sent there with status, tx_ref and transaction_id', async () => {
    const t = await tab('plain-redirect');
    await t.page.goto(`${shopOrigin}/plain.html`);
    const c = config({ redirect_url: `${shopOrigin}/thanks` });
    await t.page.evaluate((cfg) => {
      (globalThis as unknown as { FlutterwaveCheckout(c: unknown): unknown }).FlutterwaveCheckout(cfg);
    }, c);
    await payByCard(t, TEST_CARD.pinOtp);
    await pinAndOtp(t);
    await t.page.waitForURL(`${shopOrigin}/thanks?**`);
    const back = Object.fromEntries(new URL(t.page.url()).searchParams);
    expect(back).toEqual({
      status: 'successful',
      tx_ref: c.tx_ref,
      transaction_id: expect.stringMatching(/^\d+$/),
    });
    expect((await verifyTransaction(gw, m, back['transaction_id'])).status).toBe('successful');
    await t.shot();
    await t.done();
  });

  it('a config without amount says so in the console and in the modal, never a blank screen', async () => {
    const t = await tab('plain-invalid');
    await t.page.goto(`${shopOrigin}/plain.html`);
    await t.page.evaluate((cfg) => {
      (globalThis as unknown as { FlutterwaveCheckout(c: unknown): unknown }).FlutterwaveCheckout({
        ...cfg,
        amount: undefined,
        onclose: (i: unknown) => (globalThis as unknown as Recorded).CLOSES.push(i),
      });
    }, config());
    await expect.poll(() => t.page.getByRole('alertdialog').textContent()).toContain('amount is required');
    expect(t.messages.some((line) => line.includes('amount is required'))).toBe(true);
    await t.shot();
    await t.page.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => closes(t.page)).toEqual([true]);
    await t.done();
  });

  it('flutterwave-react-v3: PIN and OTP, the callback, closePaymentModal() in it', async () => {
    const t = await tab('react');
    const c = { ...config(), closeInCallback: true };
    await t.page.addInitScript((cfg) => {
      (globalThis as unknown as Recorded).PAY_CONFIG = cfg;
    }, c);
    await t.page.goto(`${shopOrigin}/react.html`);
    await t.page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    await expect.poll(() => t.frame.locator('h1').textContent()).toBe('Choose how to pay');
    await t.shot();
    await payByCard(t, TEST_CARD.pinOtp);
    await pinAndOtp(t);
    await expect.poll(async () => (await callbacks(t.page)).length).toBe(1);
    await expectPaid((await callbacks(t.page))[0], c.tx_ref);
    // closePaymentModal() hid the frame named "checkout".
    await expect
      .poll(() => t.page.locator('iframe[name="checkout"]').getAttribute('style'))
      .toContain('opacity:0');
    await t.shot();
    await t.done();
  });

  it('flutterwave-react-v3: a declined card, then Cancel calls onClose', async () => {
    const t = await tab('react-declined');
    await t.page.addInitScript((cfg) => {
      (globalThis as unknown as Recorded).PAY_CONFIG = cfg;
    }, config());
    await t.page.goto(`${shopOrigin}/react.html`);
    await t.page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    await payByCard(t, DECLINED_CARD);
    await expect.poll(() => t.frame.locator('.notice').first().textContent()).toContain('Payment declined');
    await t.shot();
    await t.frame.getByRole('button', { name: 'Cancel payment' }).click();
    await expect.poll(() => closes(t.page)).toEqual([true]);
    expect(await callbacks(t.page)).toEqual([]);
    expect(await t.page.locator('iframe[name="checkout"]').count()).toBe(0);
    await t.done();
  });

  it('another origin cannot frame an inline payment page', async () => {
    const res = await fetch(`${origin}/v3/inline/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: shopOrigin },
      body: JSON.stringify(config()),
    });
    const { link } = ((await res.json()) as { data: { link: string } }).data;
    const t = await tab('framed-elsewhere');
    await t.page.goto(`${otherOrigin}/?link=${encodeURIComponent(link)}`);
    const framed = t.page.frame({ name: 'x' });
    // Chromium replaces a refused frame with its error page: the checkout never renders there.
    await expect.poll(() => framed?.url()).toBe('chrome-error://chromewebdata/');
    // The same page framed by the origin it is bound to renders.
    await t.page.goto(`${shopOrigin}/plain.html`);
    await t.page.evaluate((src) => {
      const d = (globalThis as unknown as { document: { body: { innerHTML: string } } }).document;
      d.body.innerHTML = `<iframe name="y" src="${src}"></iframe>`;
    }, link);
    await expect
      .poll(() => t.page.frameLocator('iframe[name="y"]').locator('h1').textContent())
      .toBe('Choose how to pay');
    await t.shot();
    await t.done();
  });

  it('HTML checkout: a plain form posted to /v3/hosted/pay, paid on the hosted page, back at redirect_url', async () => {
    const t = await tab('form-post');
    const txRef = uniqueRef('form');
    const fields = {
      public_key: m.credentials.v3.public_key,
      tx_ref: txRef,
      amount: '12500',
      currency: 'NGN',
      redirect_url: `${shopOrigin}/thanks`,
      'meta[order]': '1042',
      'customer[name]': 'Ada Lovelace',
      'customer[email]': 'ada@example.com',
      'customizations[title]': 'Kofi Foods',
    };
    await t.page.goto(`${shopOrigin}/form.html?fields=${encodeURIComponent(JSON.stringify(fields))}`);
    await t.page.getByRole('button', { name: 'Pay Now' }).click();
    await expect.poll(() => t.page.locator('h1').textContent()).toBe('Choose how to pay');
    await t.shot();
    await t.page.getByLabel('Card number').fill(TEST_CARD.pinOtp);
    await t.page.getByLabel('Expiry date').fill('09/32');
    await t.page.getByLabel('CVV').fill('564');
    await t.page.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
    await t.page.getByLabel('Card PIN').fill('3310');
    await t.page.getByRole('button', { name: 'Continue' }).click();
    await t.page.getByLabel('One-time password').fill('12345');
    await t.page.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
    await t.page.waitForURL(`${shopOrigin}/thanks?**`);
    const back = Object.fromEntries(new URL(t.page.url()).searchParams);
    expect(back).toEqual({
      status: 'successful',
      tx_ref: txRef,
      transaction_id: expect.stringMatching(/^\d+$/),
    });
    expect(await verifyTransaction(gw, m, back['transaction_id'])).toMatchObject({
      status: 'successful',
      meta: { order: '1042' },
    });
    await t.shot();
    await t.done();
  });
});

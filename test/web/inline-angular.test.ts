/**
 * Inline checkout through the official Angular wrapper, flutterwave-angular-v3, unchanged, in a real
 * browser: bundled with esbuild (JIT: @angular/compiler finishes the wrapper's partially compiled code
 * in the browser) into a merchant's standalone Angular 18 app that uses it as its README shows. The
 * wrapper's FlutterwaveModule and <flutterwave-make-payment> add
 * <script src="https://checkout.flutterwave.com/v3.js"> unless the document has an element with exactly
 * that src, then call window.FlutterwaveCheckout. Two setups a merchant has:
 * - a browser test routing that URL to Baobab's script: the component, card with PIN and OTP in the
 *   modal, its (callback) checked against verify;
 * - development, with the two lines docs/checkout.md gives: nothing fetched from Flutterwave; the
 *   service's inlinePay with a callbackContext, paid, closePaymentModal() in the callback; and a
 *   cancel calling (close).
 * Setup in inline-support.ts; screenshots under test-results/inline/. Skipped, saying so, where
 * /usr/bin/chromium is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARD } from '../support/checkout.js';
import { uniqueRef } from '../support/v3.js';
import {
  CHROMIUM,
  chromiumAvailable,
  expectCallbackVerified,
  expectHeading,
  FLW_SCRIPT,
  startInlineBench,
  type InlineBench,
  type Recorded,
  type Tab,
} from './inline-support.js';

if (!chromiumAvailable) {
  console.warn(`  ⚠  ${CHROMIUM} not found: the Angular Inline browser test is SKIPPED.`);
}

describe.skipIf(!chromiumAvailable)('Inline checkout through the official Angular wrapper', () => {
  let bench: InlineBench;

  beforeAll(async () => {
    const entry = 'test/web/fixtures/inline-angular-app.js';
    const markup = '<app-root></app-root>';
    bench = await startInlineBench({
      angular: { entry, markup: () => markup },
      // The lines docs/checkout.md tells a Vue or Angular developer to add to index.html.
      'angular-dev': {
        entry,
        markup: (origin) =>
          `<script src="${origin}/v3.js"></script>` +
          `<script type="text/plain" src="${FLW_SCRIPT}"></script>${markup}`,
      },
    });
  }, 120_000);
  afterAll(() => bench.close());

  const config = (extra: Record<string, unknown> = {}) => ({
    public_key: bench.m.credentials.v3.public_key,
    tx_ref: uniqueRef('angular'),
    amount: 12500,
    currency: 'NGN',
    payment_options: 'card',
    customer: { email: 'ada@example.com', phone_number: '08012345678', name: 'Ada Lovelace' },
    customizations: { title: 'Kofi Foods', description: 'Order #1042', logo: '' },
    meta: { order: '1042' },
    ...extra,
  });

  async function open(t: Tab, page: string, cfg: Record<string, unknown>, payWith = 'component') {
    await t.page.addInitScript(
      ([c, w]) => {
        const g = globalThis as unknown as Recorded & { PAY_WITH: unknown };
        g.PAY_CONFIG = c;
        g.PAY_WITH = w;
      },
      [cfg, payWith] as const,
    );
    await t.page.goto(`${bench.shopOrigin}/${page}.html`);
    await t.page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    await expectHeading(t, 'Choose how to pay');
  }

  async function payByCard(t: Tab, number: string) {
    await t.frame.getByLabel('Card number').fill(number);
    await t.frame.getByLabel('Expiry date').fill('09/32');
    await t.frame.getByLabel('CVV').fill('564');
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
  }

  it('<flutterwave-make-payment> loading the script itself: PIN and OTP, then (callback)', async () => {
    const t = await bench.tab('angular');
    const c = config();
    await open(t, 'angular', c);
    expect(t.requests).toContain(FLW_SCRIPT);
    await t.shot();
    await payByCard(t, TEST_CARD.pinOtp);
    await expectHeading(t, 'Enter your card PIN');
    await t.frame.getByLabel('Card PIN').fill('3310');
    await t.frame.getByRole('button', { name: 'Continue' }).click();
    await expectHeading(t, 'Enter the OTP');
    await t.frame.getByLabel('One-time password').fill('12345');
    await t.shot();
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
    await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 12500,
      currency: 'NGN',
      paymentType: 'card',
      message: 'Approved by Financial Institution',
    });
    await expectHeading(t, 'Payment successful');
    await t.shot();
    expect(t.messages.filter((line) => /error/i.test(line))).toEqual([]);
    await t.done();
  });

  it('FlutterwaveService.inlinePay with the development lines: paid, closePaymentModal() in the callback', async () => {
    const t = await bench.tab('angular-service', { routeScript: false });
    const c = config({ closeInCallback: true });
    await open(t, 'angular-dev', c, 'service');
    expect(t.requests.filter((url) => url.includes('flutterwave.com'))).toEqual([]);
    await payByCard(t, TEST_CARD.noauth);
    await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 12500,
      currency: 'NGN',
      paymentType: 'card',
      message: 'Approved by Financial Institution',
    });
    await expect
      .poll(() => t.page.locator('iframe[name="checkout"]').getAttribute('style'))
      .toContain('opacity:0');
    await t.shot();
    await t.done();
  });

  it('<flutterwave-make-payment> with the development lines: Cancel calls (close)', async () => {
    const t = await bench.tab('angular-cancel', { routeScript: false });
    await open(t, 'angular-dev', config());
    expect(t.requests.filter((url) => url.includes('flutterwave.com'))).toEqual([]);
    await t.frame.getByRole('button', { name: 'Cancel payment' }).click();
    await expect.poll(() => t.closes()).toEqual(['closed']);
    expect(await t.callbacks()).toEqual([]);
    expect(await t.page.locator('iframe[name="checkout"]').count()).toBe(0);
    await t.shot();
    await t.done();
  });
});

/**
 * Inline checkout through the official Vue wrapper, flutterwave-vue-v3 (Vue 2, its peer), unchanged,
 * in a real browser: bundled with esbuild into a merchant's page that uses it as its README shows.
 * The wrapper adds <script src="https://checkout.flutterwave.com/v3.js"> unless the document has an
 * element with exactly that src, then calls window.FlutterwaveCheckout. Two setups a merchant has:
 * - a browser test routing that URL to Baobab's script (as inline-browser.test.ts does for React):
 *   card with PIN and OTP in the modal, the callback checked against verify, $closePaymentModal();
 * - development, with the two lines docs/checkout.md gives (Baobab's script, and an inert element
 *   with Flutterwave's src that satisfies the wrapper's check): nothing is fetched from Flutterwave,
 *   and a cancel calls the component's onclose.
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
  console.warn(`  ⚠  ${CHROMIUM} not found: the Inline wrappers browser test is SKIPPED.`);
}

describe.skipIf(!chromiumAvailable)('Inline checkout through the official Vue wrapper', () => {
  let bench: InlineBench;

  beforeAll(async () => {
    const entry = 'test/web/fixtures/inline-vue-app.js';
    bench = await startInlineBench({
      vue: { entry },
      // The lines docs/checkout.md tells a Vue or Angular developer to add to index.html.
      'vue-dev': {
        entry,
        markup: (origin) =>
          `<script src="${origin}/v3.js"></script>` +
          `<script type="text/plain" src="${FLW_SCRIPT}"></script><div id="root"></div>`,
      },
    });
  }, 60_000);
  afterAll(() => bench.close());

  const config = (extra: Record<string, unknown> = {}) => ({
    public_key: bench.m.credentials.v3.public_key,
    tx_ref: uniqueRef('vue'),
    amount: 12500,
    currency: 'NGN',
    payment_options: 'card',
    customer: { email: 'ada@example.com', phone_number: '08012345678', name: 'Ada Lovelace' },
    customizations: { title: 'Kofi Foods', description: 'Order #1042', logo: '' },
    meta: { order: '1042' },
    ...extra,
  });

  async function open(t: Tab, page: string, cfg: Record<string, unknown>) {
    await t.page.addInitScript((c) => {
      (globalThis as unknown as Recorded).PAY_CONFIG = c;
    }, cfg);
    await t.page.goto(`${bench.shopOrigin}/${page}.html`);
    await t.page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    await expectHeading(t, 'Choose how to pay');
  }

  it('flutterwave-vue-v3 loading the script itself: PIN and OTP, the callback, $closePaymentModal()', async () => {
    const t = await bench.tab('vue');
    const c = config({ closeInCallback: true });
    await open(t, 'vue', c);
    // The wrapper added Flutterwave's script tag, which this test answers with Baobab's.
    expect(t.requests).toContain(FLW_SCRIPT);
    await t.shot();
    await t.frame.getByLabel('Card number').fill(TEST_CARD.pinOtp);
    await t.frame.getByLabel('Expiry date').fill('09/32');
    await t.frame.getByLabel('CVV').fill('564');
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
    await expectHeading(t, 'Enter your card PIN');
    await t.frame.getByLabel('Card PIN').fill('3310');
    await t.frame.getByRole('button', { name: 'Continue' }).click();
    await expectHeading(t, 'Enter the OTP');
    await t.frame.getByLabel('One-time password').fill('12345');
    await t.shot();
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
    const response = await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 12500,
      currency: 'NGN',
      paymentType: 'card',
      message: 'Approved by Financial Institution',
    });
    expect(response['customer']).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@example.com',
      phone_number: null,
    });
    // $closePaymentModal() hid the frame named "checkout".
    await expect
      .poll(() => t.page.locator('iframe[name="checkout"]').getAttribute('style'))
      .toContain('opacity:0');
    await t.shot();
    await t.done();
  });

  it('flutterwave-vue-v3 with the development lines: nothing from Flutterwave, and Cancel calls onclose', async () => {
    const t = await bench.tab('vue-dev', { routeScript: false });
    await open(t, 'vue-dev', config());
    expect(t.requests.filter((url) => url.includes('flutterwave.com'))).toEqual([]);
    await t.shot();
    await t.frame.getByRole('button', { name: 'Cancel payment' }).click();
    await expect.poll(() => t.closes()).toEqual(['closed']);
    expect(await t.callbacks()).toEqual([]);
    expect(await t.page.locator('iframe[name="checkout"]').count()).toBe(0);
    await t.done();
  });
});

/**
 * Inline checkout's sandbox steps in the modal, in a real browser: a card's 3-D Secure challenge
 * (through the real flutterwave-react-v3), a bank login (Pay with Bank), a wallet sheet (OPay) and a
 * mobile-money OTP (Ghana), each shown inside the modal's frame — framed by the merchant's page alone —
 * completed there, and ending in the callback with the payment the merchant's server verifies. Also:
 * a 3-D Secure declined in the modal leaves the payment open for another try, and the same step's page
 * cannot be framed by another origin. Setup in inline-support.ts; screenshots under
 * test-results/inline/. Skipped, saying so, where /usr/bin/chromium is missing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_CARD } from '../support/checkout.js';
import { uniqueRef } from '../support/v3.js';
import {
  CHROMIUM,
  chromiumAvailable,
  expectCallbackVerified,
  expectHeading,
  openPlain,
  startInlineBench,
  type InlineBench,
  type Recorded,
  type Tab,
} from './inline-support.js';

if (!chromiumAvailable) {
  console.warn(`  ⚠  ${CHROMIUM} not found: the Inline sandbox-pages browser test is SKIPPED.`);
}

describe.skipIf(!chromiumAvailable)('Inline checkout: the sandbox pages inside the modal', () => {
  let bench: InlineBench;

  beforeAll(async () => {
    bench = await startInlineBench({ react: { entry: 'test/web/fixtures/inline-react-app.js' } });
  }, 60_000);
  afterAll(() => bench.close());

  const config = (extra: Record<string, unknown> = {}) => ({
    public_key: bench.m.credentials.v3.public_key,
    tx_ref: uniqueRef('inline'),
    amount: 12500,
    currency: 'NGN',
    customer: { email: 'ada@example.com', phone_number: '08012345678', name: 'Ada Lovelace' },
    customizations: { title: 'Kofi Foods', description: 'Order #1042', logo: '' },
    ...extra,
  });

  async function payByCard(t: Tab, number: string) {
    await t.frame.getByLabel('Card number').fill(number);
    await t.frame.getByLabel('Expiry date').fill('09/32');
    await t.frame.getByLabel('CVV').fill('564');
    await t.frame.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
  }

  /** The URL the modal's frame shows now. */
  const frameUrl = (t: Tab) => t.page.frame({ name: 'checkout' })?.url() ?? '';

  it('3-D Secure through flutterwave-react-v3: the challenge in the modal, Approve, then the callback', async () => {
    const t = await bench.tab('sandbox-3ds');
    const c = config({ payment_options: 'card' });
    await t.page.addInitScript((cfg) => {
      (globalThis as unknown as Recorded).PAY_CONFIG = cfg;
    }, c);
    await t.page.goto(`${bench.shopOrigin}/react.html`);
    await t.page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    await payByCard(t, TEST_CARD.threeDs);
    await expectHeading(t, 'Verify your payment');
    expect(frameUrl(t)).toContain(`${bench.origin}/sandbox/redirects?card&token=`);
    await t.shot();
    await t.frame.getByRole('button', { name: 'Approve' }).click();
    await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 12500,
      currency: 'NGN',
      paymentType: 'card',
      message: 'Approved by Financial Institution',
    });
    await expectHeading(t, 'Payment successful');
    await t.shot();
    await t.done();
  });

  it('3-D Secure declined in the modal: the page says so and the customer may try again', async () => {
    const t = await bench.tab('sandbox-3ds-declined');
    await openPlain(bench, t, config({ payment_options: 'card' }));
    await payByCard(t, TEST_CARD.threeDs);
    await expectHeading(t, 'Verify your payment');
    await t.frame.getByRole('button', { name: 'Decline' }).click();
    await expect
      .poll(() => t.frame.locator('.notice').first().textContent())
      .toMatch(/declined|not completed/i);
    await t.shot();
    expect(await t.callbacks()).toEqual([]);
    await t.frame.getByRole('button', { name: 'Cancel payment' }).click();
    await expect.poll(() => t.closes()).toEqual([true]);
    await t.done();
  });

  it('Pay with Bank: the bank login in the modal, approved, then the callback', async () => {
    const t = await bench.tab('sandbox-bank');
    const c = config({ payment_options: 'account' });
    await openPlain(bench, t, c);
    await expectHeading(t, 'Choose how to pay');
    await t.frame.locator('details[open] button[type="submit"]').click();
    await expectHeading(t, 'Log in to your bank');
    expect(frameUrl(t)).toContain(`${bench.origin}/sandbox/redirects?bank&token=`);
    await t.frame.getByLabel('Username or customer ID').fill('ada');
    await t.shot();
    await t.frame.getByRole('button', { name: 'Log in and approve' }).click();
    await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 12500,
      currency: 'NGN',
      paymentType: 'account',
    });
    await expectHeading(t, 'Payment successful');
    await t.shot();
    await t.done();
  });

  it('OPay: the wallet sheet in the modal, paid, then the callback', async () => {
    const t = await bench.tab('sandbox-wallet');
    const c = config({ payment_options: 'opay' });
    await openPlain(bench, t, c);
    await t.frame.locator('details[open] button[type="submit"]').click();
    await expect.poll(() => frameUrl(t)).toContain(`${bench.origin}/sandbox/redirects?wallet&token=`);
    await expectHeading(t, 'Pay with OPay');
    await t.shot();
    await t.frame.getByRole('button', { name: 'Pay NGN 12,500.00' }).click();
    await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 12500,
      currency: 'NGN',
      paymentType: 'opay',
    });
    await expectHeading(t, 'Payment successful');
    await t.shot();
    await t.done();
  });

  it('mobile money (Ghana): the OTP page in the modal, a wrong OTP, the right one, then the callback', async () => {
    const t = await bench.tab('sandbox-momo-otp');
    const c = config({ currency: 'GHS', amount: 25, payment_options: 'mobilemoneyghana' });
    await openPlain(bench, t, c);
    await t.frame.getByLabel('Mobile money number').fill('054 709 9292');
    await t.frame.locator('details[open] button[type="submit"]').click();
    await expect.poll(() => frameUrl(t)).toContain(`${bench.origin}/sandbox/redirects?mobile_money&token=`);
    const otp = t.frame.getByLabel(/Enter the OTP sent to/);
    await otp.fill('000000');
    await t.frame.getByRole('button', { name: 'Confirm payment' }).click();
    await expect.poll(() => t.frame.getByRole('alert').first().textContent()).toMatch(/OTP/);
    await t.shot();
    await otp.fill('123456');
    await t.frame.getByRole('button', { name: 'Confirm payment' }).click();
    await expectCallbackVerified(bench, t, {
      txRef: c.tx_ref,
      amount: 25,
      currency: 'GHS',
      paymentType: 'mobilemoneygh',
    });
    await t.shot();
    await t.done();
  });

  it('another origin cannot frame an inline attempt’s sandbox page; the bound origin can', async () => {
    const res = await fetch(`${bench.origin}/v3/inline/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: bench.shopOrigin },
      body: JSON.stringify(config({ payment_options: 'card' })),
    });
    const { link } = ((await res.json()) as { data: { link: string } }).data;
    const page = new URL(link).pathname;
    const started = await bench.gw.app.inject({
      method: 'POST',
      url: page,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        action: 'pay',
        method: 'card',
        card_number: TEST_CARD.threeDs,
        expiry: '09/32',
        cvv: '564',
      }).toString(),
    });
    const challenge = new URL(String(started.headers['location']), bench.origin).toString();
    expect(challenge).toContain('/sandbox/redirects?card&token=');
    const t = await bench.tab('sandbox-framed-elsewhere');
    await t.page.goto(`${bench.otherOrigin}/?link=${encodeURIComponent(challenge)}`);
    await expect.poll(() => t.page.frame({ name: 'x' })?.url()).toBe('chrome-error://chromewebdata/');
    await t.page.goto(`${bench.shopOrigin}/plain.html`);
    await t.page.evaluate((src) => {
      const d = (globalThis as unknown as { document: { body: { innerHTML: string } } }).document;
      d.body.innerHTML = `<iframe name="y" src="${src}"></iframe>`;
    }, challenge);
    await expect
      .poll(() => t.page.frameLocator('iframe[name="y"]').locator('h1').textContent())
      .toBe('Verify your payment');
    await t.shot();
    await t.done();
  });
});

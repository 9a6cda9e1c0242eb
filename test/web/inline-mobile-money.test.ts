/**
 * Inline checkout through the real flutterwave-react-v3, paid by mobile money (M-Pesa, which waits
 * for the customer's phone): the modal shows the prompt, the sandbox control approves it, and the
 * callback fires with the payment the merchant's server verifies. Setup in inline-support.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTransaction } from '../support/checkout.js';
import { uniqueRef, v3Headers } from '../support/v3.js';
import {
  CHROMIUM,
  chromiumAvailable,
  startInlineBench,
  type InlineBench,
  type Recorded,
} from './inline-support.js';

if (!chromiumAvailable) {
  console.warn(`  ⚠  ${CHROMIUM} not found: the mobile-money Inline browser test is SKIPPED.`);
}

describe.skipIf(!chromiumAvailable)('Inline checkout by mobile money, through flutterwave-react-v3', () => {
  let bench: InlineBench;

  beforeAll(async () => {
    bench = await startInlineBench({ react: { entry: 'test/web/fixtures/inline-react-app.js' } });
  }, 60_000);
  afterAll(() => bench.close());

  it('M-Pesa: the prompt in the modal, approved by the sandbox control, then the callback', async () => {
    const t = await bench.tab('react-mpesa');
    const { page } = t;
    const { gw, m } = bench;
    const txRef = uniqueRef('mpesa');
    await page.addInitScript(
      (cfg) => {
        (globalThis as unknown as Recorded).PAY_CONFIG = cfg;
      },
      {
        public_key: m.credentials.v3.public_key,
        tx_ref: txRef,
        amount: 1500,
        currency: 'KES',
        payment_options: 'mpesa',
        customer: { email: 'wanjiru@example.com', phone_number: '254712345678', name: 'Wanjiru Kamau' },
        customizations: { title: 'Kofi Foods', description: 'Order #7', logo: '' },
      },
    );
    await page.goto(`${bench.shopOrigin}/react.html`);
    await page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    const frame = page.frameLocator('iframe[name="checkout"]');
    await frame.getByLabel('Mobile money number').fill('254712345678');
    await frame.locator('details[open] button[type="submit"]').click();
    await expect
      .poll(async () => frame.locator('.panel').textContent())
      .toMatch(/\/v3\/sandbox\/charges\/\d+\/approve/);
    await t.shot();
    const txId = /\/v3\/sandbox\/charges\/(\d+)\/approve/.exec(
      (await frame.locator('.panel').textContent()) ?? '',
    )?.[1];
    const approved = await gw.app.inject({
      method: 'POST',
      url: `/v3/sandbox/charges/${String(txId)}/approve`,
      headers: v3Headers(m),
    });
    expect(approved.statusCode).toBe(200);
    await frame.getByRole('button', { name: 'I’ve completed the payment' }).click();
    const callbacks = () => t.callbacks();
    await expect.poll(async () => (await callbacks()).length).toBe(1);
    const [response] = await callbacks();
    expect(response).toMatchObject({
      status: 'successful',
      tx_ref: txRef,
      transaction_id: Number(txId),
      currency: 'KES',
      amount: 1500,
      charge_response_code: '00',
    });
    expect(await verifyTransaction(gw, m, txId)).toMatchObject({
      status: 'successful',
      tx_ref: txRef,
      payment_type: 'mpesa',
      amount: 1500,
    });
    await t.shot();
    await t.done();
  });
});

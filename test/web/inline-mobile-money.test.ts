/**
 * Inline checkout through the real flutterwave-react-v3, paid by mobile money (M-Pesa, which waits
 * for the customer's phone): the modal shows the prompt, the sandbox control approves it, and the
 * callback fires with the payment the merchant's server verifies. Setup as in inline-browser.test.ts.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { verifyTransaction } from '../support/checkout.js';
import { REPO } from '../support/process.js';
import { uniqueRef, v3Headers } from '../support/v3.js';
import { freePort, listen } from './servers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`  ⚠  ${CHROMIUM} not found: the mobile-money Inline browser test is SKIPPED.`);
const SHOTS = join(REPO, 'test-results', 'inline');

interface Recorded {
  CALLBACKS: Record<string, unknown>[];
  PAY_CONFIG: Record<string, unknown>;
}

describe.skipIf(!available)('Inline checkout by mobile money, through flutterwave-react-v3', () => {
  let gw: TestGateway;
  let m: TestMerchant;
  let browser: Browser;
  let origin = '';
  let shop: Server;
  let shopOrigin = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    origin = `http://127.0.0.1:${String(port)}`;
    gw = await startGateway(undefined, { publicUrl: origin });
    m = await gw.merchant('Kofi Foods');
    await gw.app.listen({ host: '127.0.0.1', port });
    const bundled = await build({
      entryPoints: [join(REPO, 'test/web/fixtures/inline-react-app.js')],
      bundle: true,
      write: false,
      format: 'iife',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    });
    const bundle = bundled.outputFiles[0]?.text ?? '';
    shop = createServer((req, res) => {
      const js = req.url === '/react.js';
      res.writeHead(200, { 'content-type': js ? 'text/javascript' : 'text/html' });
      res.end(
        js
          ? bundle
          : '<!doctype html><title>Shop</title><div id="root"></div><script src="/react.js"></script>',
      );
    });
    shopOrigin = await listen(shop);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => shop.close(resolve));
    await gw.close();
  });

  it('M-Pesa: the prompt in the modal, approved by the sandbox control, then the callback', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const script = await (await fetch(`${origin}/v3.js`)).text();
    await page.route('https://checkout.flutterwave.com/v3.js', (route) =>
      route.fulfill({ contentType: 'application/javascript', body: script }),
    );
    await page.route('https://cors-anywhere.herokuapp.com/**', (route) => route.fulfill({ body: '{}' }));
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
    await page.goto(`${shopOrigin}/`);
    await page.getByRole('button', { name: 'Pay with Flutterwave' }).click();
    const frame = page.frameLocator('iframe[name="checkout"]');
    await frame.getByLabel('Mobile money number').fill('254712345678');
    await frame.locator('details[open] button[type="submit"]').click();
    await expect
      .poll(async () => frame.locator('.panel').textContent())
      .toMatch(/\/v3\/sandbox\/charges\/\d+\/approve/);
    await page.screenshot({ path: join(SHOTS, 'react-mpesa-1.png') });
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
    const callbacks = () => page.evaluate(() => (globalThis as unknown as Recorded).CALLBACKS);
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
    await page.screenshot({ path: join(SHOTS, 'react-mpesa-2.png') });
    await context.close();
  });
});

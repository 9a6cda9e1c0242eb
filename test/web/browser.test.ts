/**
 * The mobile-money page in a real browser (Debian's chromium, driven by playwright-core), against the
 * gateway listening on 127.0.0.1: what `inject` cannot show — that the page's forms, field validation,
 * inline styles under its Content-Security-Policy and the 303 back to the merchant work as a customer
 * meets them. Skipped, saying so, where /usr/bin/chromium is missing (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_OTP } from '../../src/methods/sandbox-pages.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { getCharge, METHODS, redirectCharge } from './redirect-charges.js';

// The little of the DOM the page functions below use: tests compile without the DOM library.
interface Dom {
  getComputedStyle(el: unknown): { backgroundColor: string };
}
interface DomInput {
  validity: { valueMissing: boolean };
}

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `  ⚠  ${CHROMIUM} not found: the real-browser test of the sandbox pages is SKIPPED.\n` +
      '     Install it (apt-get install chromium) to run it; .ci/run always does.',
  );
}

describe.skipIf(!available)('the mobile-money page in a browser', () => {
  let gw: TestGateway;
  let m: TestMerchant;
  let browser: Browser;
  let origin = '';
  // The merchant's site, where the customer lands: it answers every page and remembers what it got.
  let merchant: Server;
  let merchantUrl = '';
  const landed: string[] = [];

  const listening = (server: Server): string => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  beforeAll(async () => {
    gw = await startGateway();
    m = await gw.merchant('Kofi Foods');
    await gw.app.listen({ host: '127.0.0.1', port: 0 });
    origin = listening(gw.app.server);
    merchant = createServer((req, res) => {
      landed.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Back at the shop</h1>');
    });
    await new Promise<void>((resolve) => merchant.listen(0, '127.0.0.1', resolve));
    merchantUrl = `${listening(merchant)}/back`;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => merchant.close(resolve));
    await gw.close();
  });

  it('a wrong OTP is refused on the page, the right one pays and returns to the merchant', async () => {
    const charge = await redirectCharge(gw, m, METHODS.mobileMoney, {
      scenario: 'scenario:auth_redirect',
      redirectUrl: merchantUrl,
    });
    const context = await browser.newContext();
    const page = await context.newPage();

    const shown = await page.goto(origin + charge.path);
    expect(shown?.status()).toBe(200);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Confirm your mobile money payment');
    const otp = page.getByLabel('Enter the OTP sent to MTN Mobile Money +233 ••••••9292');
    expect(await page.getByText(`Sandbox OTP: ${SANDBOX_OTP}`).count()).toBe(1);
    // The inline stylesheet applies under the page's CSP.
    expect(
      await page
        .locator('.badge')
        .evaluate((el) => (globalThis as unknown as Dom).getComputedStyle(el).backgroundColor),
    ).toBe('rgb(254, 243, 199)');

    // An empty OTP never leaves the browser: the field is required.
    await page.getByRole('button', { name: 'Confirm payment' }).click();
    expect(await otp.evaluate((el) => (el as unknown as DomInput).validity.valueMissing)).toBe(true);
    expect(page.url()).toBe(origin + charge.path);

    await otp.fill('000000');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST'),
      page.getByRole('button', { name: 'Confirm payment' }).click(),
    ]);
    expect(refused.status()).toBe(422);
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('2 attempts left');
    expect(await otp.getAttribute('aria-invalid')).toBe('true');
    expect((await getCharge(gw, m, charge.id)).json().data.status).toBe('pending');

    await otp.fill(SANDBOX_OTP);
    await Promise.all([
      page.waitForURL(`${merchantUrl}?**`),
      page.getByRole('button', { name: 'Confirm payment' }).click(),
    ]);
    const back = new URL(page.url());
    expect(landed).toContain(back.pathname + back.search);
    expect(Object.fromEntries(back.searchParams)).toEqual({
      status: 'succeeded',
      id: charge.id,
      reference: charge.reference,
    });
    expect((await getCharge(gw, m, charge.id)).json().data.status).toBe('succeeded');
    await context.close();
  }, 60_000);

  it('Cancel payment declines without an OTP', async () => {
    const charge = await redirectCharge(gw, m, METHODS.mobileMoney, {
      scenario: 'scenario:auth_redirect',
      redirectUrl: merchantUrl,
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(origin + charge.path);
    await Promise.all([
      page.waitForURL(`${merchantUrl}?**`),
      page.getByRole('button', { name: 'Cancel payment' }).click(),
    ]);
    expect(new URL(page.url()).searchParams.get('status')).toBe('failed');
    expect((await getCharge(gw, m, charge.id)).json().data.processor_response).toEqual({
      type: 'do_not_honor',
      code: '05',
    });
    await context.close();
  }, 60_000);
});

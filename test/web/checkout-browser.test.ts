/**
 * Hosted checkout in a real browser (Debian's chromium, driven by playwright-core), against the
 * gateway listening on 127.0.0.1 with BAOBAB_PUBLIC_URL pointing at it and a merchant site to return
 * to: the six journeys of the issue — a card paid with PIN and OTP (on a phone-sized screen), a card
 * declined then retried, 3-D Secure, a bank transfer completed through the sandbox control, a cancel
 * and an expired session. Each saves screenshots under test-results/checkout/, and every journey
 * checks that the browser asked nothing of any origin but the gateway's and the merchant's. Skipped,
 * saying so, where /usr/bin/chromium is missing (.ci/run installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { REPO } from '../support/process.js';
import { uniqueRef, v3Headers } from '../support/v3.js';

// The little of the DOM the page functions below use (they run in the page, so each names
// `globalThis` itself): tests compile without the DOM library.
interface Dom {
  readonly document: {
    readonly documentElement: { readonly scrollWidth: number };
    readonly activeElement: { readonly textContent: string | null } | null;
  };
  readonly innerWidth: number;
  getComputedStyle(el: unknown): { getPropertyValue(name: string): string };
}
interface DomInput {
  readonly validity: { readonly valueMissing: boolean; readonly patternMismatch: boolean };
}

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `  ⚠  ${CHROMIUM} not found: the real-browser test of hosted checkout is SKIPPED.\n` +
      '     Install it (apt-get install chromium) to run it; .ci/run always does.',
  );
}

const SHOTS = join(REPO, 'test-results', 'checkout');

/** A port nobody listens on now, so BAOBAB_PUBLIC_URL can name it before the gateway listens. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe.skipIf(!available)('hosted checkout in a browser', () => {
  let gw: TestGateway;
  let m: TestMerchant;
  let browser: Browser;
  let origin = '';
  // The merchant's site: where the customer lands, showing what it was told; it also serves the logo.
  let shop: Server;
  let shopOrigin = '';

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    gw = await startGateway(undefined, { publicUrl: origin });
    m = await gw.merchant('Kofi Foods');
    await gw.app.listen({ host: '127.0.0.1', port });
    shop = createServer((req, res) => {
      if (req.url === '/logo.svg') {
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        res.end(
          '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#b45309"/>' +
            '<path d="M24 9c-8 6-12 12-12 18a12 12 0 0 0 24 0c0-6-4-12-12-18z" fill="#fde68a"/></svg>',
        );
        return;
      }
      const query = new URL(req.url ?? '/', 'http://shop').searchParams;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(
        `<!doctype html><html lang="en"><title>Kofi Foods</title><body style="font-family:sans-serif;padding:2rem">` +
          `<h1>Back at Kofi Foods</h1><p id="status">${query.get('status') ?? ''}</p></body></html>`,
      );
    });
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await new Promise((resolve) => shop.close(resolve));
    await gw.close();
  });

  /** A v3 session for this shop; its page as the customer opens it. */
  async function session(extra: Record<string, unknown> = {}): Promise<{ link: string; txRef: string }> {
    const txRef = uniqueRef('web');
    const res = await gw.app.inject({
      method: 'POST',
      url: '/v3/payments',
      headers: v3Headers(m),
      payload: {
        tx_ref: txRef,
        amount: 12500,
        currency: 'NGN',
        redirect_url: `${shopOrigin}/thanks`,
        customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
        customizations: {
          title: 'Kofi Foods',
          description: 'Order #1042 · Jollof rice for four',
          logo: `${shopOrigin}/logo.svg`,
        },
        ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    return { link: res.json().data.link as string, txRef };
  }

  /** A browser tab that records every origin it asks anything of. */
  async function tab(options: Parameters<Browser['newContext']>[0] = {}) {
    const context: BrowserContext = await browser.newContext(options);
    const page: Page = await context.newPage();
    const origins = new Set<string>();
    page.on('request', (r) => origins.add(new URL(r.url()).origin));
    return {
      page,
      shot: (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true }),
      /** Closes the tab, checking it never left the gateway and the shop. */
      async done() {
        expect([...origins].filter((o) => o !== origin && o !== shopOrigin)).toEqual([]);
        await context.close();
      },
    };
  }

  const landedWith = (page: Page) => Object.fromEntries(new URL(page.url()).searchParams);

  async function payByCard(page: Page, number: string) {
    await page.getByLabel('Card number').fill(number);
    await page.getByLabel('Expiry date').fill('09/32');
    await page.getByLabel('CVV').fill('564');
    await page.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
  }

  it('a card paid with PIN and OTP, on a phone-sized screen', async () => {
    const s = await session();
    const t = await tab({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
      deviceScaleFactor: 2,
    });
    const { page } = t;
    await page.goto(s.link);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Choose how to pay');
    // Nothing wider than the screen.
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as Dom).document.documentElement.scrollWidth <=
          (globalThis as unknown as Dom).innerWidth,
      ),
    ).toBe(true);
    // The merchant's logo, title and description, and the amount in naira.
    expect(
      await page
        .locator('img.logo')
        .evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('.merchant-description').textContent())
      .toBe('Order #1042 · Jollof rice for four');
    expect(await page.locator('.summary .amount').textContent()).toBe('₦12,500.00');
    await t.shot('1-card-pin-otp-phone-choose');

    // Inline validation: an empty number never leaves the browser, a malformed one neither.
    const number = page.getByLabel('Card number');
    await page.getByRole('button', { name: 'Pay ₦12,500.00' }).click();
    expect(await number.evaluate((el) => (el as unknown as DomInput).validity.valueMissing)).toBe(true);
    await number.fill('not a card');
    expect(await number.evaluate((el) => (el as unknown as DomInput).validity.patternMismatch)).toBe(true);

    await payByCard(page, '5531 8866 5214 2950');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Enter your card PIN');
    await page.getByLabel('Card PIN').fill('3310');
    await t.shot('1-card-pin-otp-phone-pin');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Enter the OTP');
    await page.getByLabel('One-time password').fill('12345');
    await t.shot('1-card-pin-otp-phone-otp');
    await Promise.all([
      page.waitForURL(`${shopOrigin}/thanks?**`),
      page.getByRole('button', { name: 'Pay ₦12,500.00' }).click(),
    ]);
    expect(landedWith(page)).toEqual({
      status: 'successful',
      tx_ref: s.txRef,
      transaction_id: expect.stringMatching(/^\d+$/),
    });
    await t.done();
  }, 60_000);

  it('a card declined, then retried with another card', async () => {
    const s = await session();
    const t = await tab();
    const { page } = t;
    await page.goto(s.link);
    await payByCard(page, '5143 0105 2233 9965');
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('Payment declined: Do not honor.');
    expect(await page.getByRole('alert').textContent()).toContain('5 attempts left');
    await t.shot('2-declined-then-retried-notice');
    await payByCard(page, '5061 4604 1012 0223 210');
    await page.waitForURL(`${shopOrigin}/thanks?**`);
    expect(landedWith(page)).toMatchObject({ status: 'successful', tx_ref: s.txRef });
    await t.shot('2-declined-then-retried-back-at-shop');
    await t.done();
  }, 60_000);

  it('3-D Secure: the bank’s page, then back through the checkout to the shop', async () => {
    const s = await session();
    const t = await tab();
    const { page } = t;
    await page.goto(s.link);
    await payByCard(page, '4242 4242 4242 4242');
    await page.waitForURL(`${origin}/sandbox/redirects?card&token=**`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('Verify your payment');
    await t.shot('3-three-d-secure-challenge');
    await Promise.all([
      page.waitForURL(`${shopOrigin}/thanks?**`),
      page.getByRole('button', { name: 'Approve' }).click(),
    ]);
    expect(landedWith(page)).toMatchObject({ status: 'successful', tx_ref: s.txRef });
    await t.done();
  }, 60_000);

  it('a bank transfer, completed through the sandbox control', async () => {
    const s = await session();
    const t = await tab();
    const { page } = t;
    await page.goto(s.link);
    // Keyboard only: past the card form's fields to the bank transfer method, opened with Enter.
    const focused = () =>
      page.evaluate(() => (globalThis as unknown as Dom).document.activeElement?.textContent?.trim() ?? '');
    await page.locator('summary', { hasText: 'Card' }).focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
    expect(await focused()).toMatch(/^Bank transfer\s+Transfer from your bank app$/);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('Get account details');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('h1').textContent()).toBe('Pay by bank transfer');
    const account = (await page.locator('.big').textContent()) ?? '';
    expect(account).toMatch(/^\d{10}$/);
    // The countdown ticks without script.
    const clock = page.locator('.clock');
    const left = () =>
      clock.evaluate((el) =>
        Number((globalThis as unknown as Dom).getComputedStyle(el).getPropertyValue('--left')),
      );
    const before = await left();
    expect(before).toBeGreaterThan(1700);
    await expect.poll(left).toBeLessThan(before);
    await page.getByText('Sandbox test values').click();
    await t.shot('4-bank-transfer-account');

    const sent = await gw.app.inject({
      method: 'POST',
      url: '/v3/sandbox/transfers',
      headers: v3Headers(m),
      payload: { account_number: account, amount: 12500 },
    });
    expect(sent.statusCode).toBe(200);
    await Promise.all([
      page.waitForURL(`${shopOrigin}/thanks?**`),
      page.getByRole('button', { name: 'I’ve sent the money' }).click(),
    ]);
    expect(landedWith(page)).toMatchObject({ status: 'successful', tx_ref: s.txRef });
    await t.done();
  }, 60_000);

  it('a cancel returns to the shop as cancelled', async () => {
    const s = await session({ payment_options: 'card, banktransfer, ussd' });
    const t = await tab();
    const { page } = t;
    await page.goto(s.link);
    await page.getByText('Sandbox test values').click();
    await t.shot('5-cancel-choose-with-sandbox-values');
    await Promise.all([
      page.waitForURL(`${shopOrigin}/thanks?**`),
      page.getByRole('button', { name: 'Cancel payment' }).click(),
    ]);
    expect(landedWith(page)).toEqual({ status: 'cancelled', tx_ref: s.txRef });
    expect(await page.locator('#status').textContent()).toBe('cancelled');
    await t.done();
  }, 60_000);

  it('an expired session says so, and the way back is a cancel', async () => {
    const s = await session({ session_duration: 5 });
    gw.clock.advance(5 * 60_000);
    const t = await tab();
    const { page } = t;
    const shown = await page.goto(s.link);
    expect(shown?.status()).toBe(410);
    await expect.poll(() => page.locator('h1').textContent()).toBe('This payment link has expired');
    expect(await page.getByRole('button', { name: 'Cancel payment' }).count()).toBe(0);
    await t.shot('6-expired');
    await Promise.all([
      page.waitForURL(`${shopOrigin}/thanks?**`),
      page.getByRole('link', { name: 'Return to Kofi Foods' }).click(),
    ]);
    expect(landedWith(page)).toEqual({ status: 'cancelled', tx_ref: s.txRef });
    await t.done();
  }, 60_000);
});

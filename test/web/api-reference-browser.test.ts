/**
 * `GET /docs` in a real browser (Debian's chromium, driven by playwright-core): the reference renders
 * the gateway's own operations from files the gateway serves, under its Content-Security-Policy, with
 * no request to any other origin (so it works offline), and shows the v3 charge body's examples.
 * Skipped, saying so, where /usr/bin/chromium is missing (.ci/run installs it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../support/gateway.js';
import { PGLITE } from '../support/stores.js';
import { freePort } from './servers.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  console.warn(
    `  ⚠  ${CHROMIUM} not found: the real-browser test of the API reference is SKIPPED.\n` +
      '     Install it (apt-get install chromium) to run it; .ci/run always does.',
  );
}

describe.skipIf(!available)('the API reference in a browser', () => {
  let gw: TestGateway;
  let browser: Browser;
  let origin = '';

  beforeAll(async () => {
    const port = await freePort();
    origin = `http://127.0.0.1:${String(port)}`;
    gw = await startGateway(PGLITE, { publicUrl: origin });
    await gw.app.listen({ host: '127.0.0.1', port });
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 60_000);
  afterAll(async () => {
    await browser.close();
    await gw.close();
  });

  it('renders every operation of /openapi.json from files of its own origin', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const elsewhere: string[] = [];
    const problems: string[] = [];
    // Offline: anything for another origin is refused, and noted.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));

    const shown = await page.goto(`${origin}/docs`);
    expect(shown?.status()).toBe(200);
    expect(shown?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock').first().waitFor({ timeout: 30_000 });
    expect(await page.title()).toBe('Baobab API reference');
    await expect.poll(() => page.locator('.info .title').first().textContent()).toContain('Baobab');

    const doc = (await gw.app.inject({ method: 'GET', url: '/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const operations = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    await expect.poll(() => page.locator('.opblock').count()).toBe(operations);

    // The v3 charge: its body, with the sandbox examples to choose from.
    const charge = page.locator('#operations-v3-post_v3_charges');
    await charge.locator('.opblock-summary').click();
    const body = charge.locator('.opblock-section-request-body');
    await body.waitFor();
    await expect.poll(async () => body.textContent()).toContain('5531886652142950');
    expect(await body.locator('select option').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('?type=mobile_money_ghana')]),
    );

    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);

  it('is linked from the landing page', async () => {
    const page = await browser.newPage();
    await page.goto(`${origin}/`);
    const [reference] = await Promise.all([
      page.waitForResponse(`${origin}/docs`),
      page.getByRole('link', { name: 'The interactive API reference' }).click(),
    ]);
    expect(reference.status()).toBe(200);
    expect(await reference.text()).toContain('swagger-ui-bundle.js');
    await page.close();
  }, 60_000);
});

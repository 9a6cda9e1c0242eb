/**
 * A bench for Inline checkout in a real browser (Debian's chromium, driven by playwright-core): a
 * gateway listening on loopback, a merchant, and the merchant's site on an origin of its own, whose
 * pages load Baobab's /v3.js — a plain page calling FlutterwaveCheckout, and pages bundling an
 * official wrapper (esbuild). The wrappers load https://checkout.flutterwave.com/v3.js themselves; as
 * a merchant's own test would, each tab routes that URL to Baobab's script and answers the wrappers'
 * analytics calls. Screenshots under test-results/inline/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { verifyTransaction } from '../support/checkout.js';
import { REPO } from '../support/process.js';
import { freePort, listen } from './servers.js';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);
export const SHOTS = join(REPO, 'test-results', 'inline');
export const FLW_SCRIPT = 'https://checkout.flutterwave.com/v3.js';

/** What the pages record (they run in the browser: tests compile without the DOM library). */
export interface Recorded {
  CALLBACKS: Record<string, unknown>[];
  CLOSES: unknown[];
  PAY_CONFIG: Record<string, unknown>;
}

/** A page of the merchant's site that runs `bundle` (an app entry point, bundled with esbuild). */
export interface AppPage {
  readonly entry: string;
  readonly build?: Partial<BuildOptions>;
  /** The page's markup before the bundle's script tag, given the gateway's origin. */
  readonly markup?: (origin: string) => string;
}

export interface Tab {
  readonly page: Page;
  readonly frame: FrameLocator;
  readonly messages: string[];
  /** Every URL the tab requested. */
  readonly requests: string[];
  shot(): Promise<unknown>;
  callbacks(): Promise<Record<string, unknown>[]>;
  closes(): Promise<unknown[]>;
  done(): Promise<void>;
}

export interface TabOptions {
  readonly viewport?: { width: number; height: number };
  /** Whether https://checkout.flutterwave.com/v3.js is answered with Baobab's script (default true). */
  readonly routeScript?: boolean;
}

export interface InlineBench {
  readonly gw: TestGateway;
  readonly m: TestMerchant;
  /** The gateway's origin (BAOBAB_PUBLIC_URL). */
  readonly origin: string;
  readonly shopOrigin: string;
  /** Another site: `/?link=<url>` frames that URL in an iframe named `x`. */
  readonly otherOrigin: string;
  /** A fresh browser context on a page; `name` prefixes its screenshots. */
  tab(name: string, options?: TabOptions): Promise<Tab>;
  close(): Promise<void>;
}

/**
 * Starts the gateway, the shop and another site, and chromium. The shop serves `/plain.html` (Baobab's
 * script tag), `/<name>.html` for each app, `/form.html?fields=<JSON>` (Flutterwave's HTML checkout,
 * its action pointed at Baobab), and any other path as the page the customer is sent back to.
 */
export async function startInlineBench(apps: Readonly<Record<string, AppPage>> = {}): Promise<InlineBench> {
  mkdirSync(SHOTS, { recursive: true });
  const port = await freePort();
  const origin = `http://127.0.0.1:${String(port)}`;
  const gw = await startGateway(undefined, { publicUrl: origin });
  const m = await gw.merchant('Kofi Foods');
  await gw.app.listen({ host: '127.0.0.1', port });
  const bundles: Record<string, string> = {};
  for (const [name, app] of Object.entries(apps)) {
    const bundled = await build({
      entryPoints: [join(REPO, app.entry)],
      bundle: true,
      write: false,
      format: 'iife',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
      ...app.build,
    });
    bundles[name] = bundled.outputFiles?.[0]?.text ?? '';
  }
  const shop: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    const send = (type: string, body: string) => {
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    };
    const name = /^\/([a-z0-9-]+)\.(js|html)$/.exec(url.pathname);
    const app = name?.[1] === undefined ? undefined : apps[name[1]];
    if (name && app) {
      if (name[2] === 'js') send('text/javascript', bundles[name[1] ?? ''] ?? '');
      else {
        send(
          'text/html',
          `<!doctype html><title>Shop</title>${app.markup?.(origin) ?? '<div id="root"></div>'}` +
            `<script src="/${name[1] ?? ''}.js"></script>`,
        );
      }
      return;
    }
    if (url.pathname === '/form.html') {
      const fields = Object.entries(
        JSON.parse(url.searchParams.get('fields') ?? '{}') as Record<string, string>,
      )
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
        .join('');
      send(
        'text/html',
        `<!doctype html><title>Shop</title><form method="POST" action="${origin}/v3/hosted/pay">${fields}` +
          '<button type="submit">Pay Now</button></form>',
      );
      return;
    }
    if (url.pathname === '/plain.html') {
      send(
        'text/html',
        `<!doctype html><title>Shop</title><script src="${origin}/v3.js"></script>` +
          '<script>window.CALLBACKS=[];window.CLOSES=[];</script><p id="shop">Kofi Foods</p>',
      );
      return;
    }
    send('text/html', `<!doctype html><title>Back</title><h1>Back at the shop</h1><p>${url.search}</p>`);
  });
  const shopOrigin = await listen(shop);
  const other: Server = createServer((req, res) => {
    const link = new URL(req.url ?? '/', 'http://x').searchParams.get('link') ?? '';
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>Other</title><iframe name="x" src="${link.replace(/"/g, '')}"></iframe>`);
  });
  const otherOrigin = await listen(other);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const script = await (await fetch(`${origin}/v3.js`)).text();

  async function tab(name: string, options: TabOptions = {}): Promise<Tab> {
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1024, height: 800 } });
    const page = await context.newPage();
    const messages: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => messages.push(msg.text()));
    page.on('request', (req) => requests.push(req.url()));
    await page.route(FLW_SCRIPT, (route) =>
      options.routeScript === false
        ? route.abort()
        : route.fulfill({ status: 200, contentType: 'application/javascript', body: script }),
    );
    // closePaymentModal() points the frame at checkout.flutterwave.com; the wrappers report to a proxy.
    await page.route('https://checkout.flutterwave.com/?**', (route) =>
      route.fulfill({ status: 200, body: '' }),
    );
    // flutterwave-angular-v3's tracker.
    await page.route('https://kgelfdz7mf.execute-api.us-east-1.amazonaws.com/**', (route) =>
      route.fulfill({ status: 200, body: '{}' }),
    );
    await page.route('https://cors-anywhere.herokuapp.com/**', (route) =>
      route.fulfill({ status: 200, body: '{}' }),
    );
    let n = 0;
    const read = <K extends keyof Recorded>(key: K) =>
      page.evaluate((k) => (globalThis as unknown as Recorded)[k], key) as Promise<Recorded[K]>;
    return {
      page,
      messages,
      requests,
      frame: page.frameLocator('iframe[name="checkout"]'),
      shot: () => page.screenshot({ path: join(SHOTS, `${name}-${String(++n)}.png`) }),
      callbacks: () => read('CALLBACKS'),
      closes: () => read('CLOSES'),
      done: () => context.close(),
    };
  }

  return {
    gw,
    m,
    origin,
    shopOrigin,
    otherOrigin,
    tab,
    async close() {
      await browser.close();
      await new Promise((resolve) => shop.close(resolve));
      await new Promise((resolve) => other.close(resolve));
      await gw.close();
    },
  };
}

/** Opens the modal from the plain page, as a merchant's own script would, recording the results. */
export async function openPlain(bench: InlineBench, t: Tab, config: Record<string, unknown>) {
  await t.page.goto(`${bench.shopOrigin}/plain.html`);
  await t.page.evaluate((cfg) => {
    const w = globalThis as unknown as Recorded & { FlutterwaveCheckout(c: unknown): unknown };
    w.FlutterwaveCheckout({
      ...cfg,
      callback: (r: Record<string, unknown>) => w.CALLBACKS.push(r),
      onclose: (incomplete: unknown) => w.CLOSES.push(incomplete),
    });
  }, config);
}

/** The modal's heading, once it reads `text`. */
export const expectHeading = (t: Tab, text: string) =>
  expect.poll(() => t.frame.locator('h1').textContent(), { timeout: 15_000 }).toBe(text);

/**
 * The one callback the page received, checked against the payment the merchant's server verifies:
 * the callback's fields as Flutterwave's script gives them, and verify agreeing on each.
 */
export async function expectCallbackVerified(
  bench: InlineBench,
  t: Tab,
  expected: { txRef: string; amount: number; currency: string; paymentType: string; message?: string },
): Promise<Record<string, unknown>> {
  await expect.poll(async () => (await t.callbacks()).length, { timeout: 15_000 }).toBe(1);
  const [response] = await t.callbacks();
  expect(response).toEqual({
    status: 'successful',
    customer: { name: expect.any(String), email: expect.any(String), phone_number: null },
    transaction_id: expect.any(Number),
    tx_ref: expected.txRef,
    flw_ref: expect.any(String),
    currency: expected.currency,
    amount: expected.amount,
    charged_amount: expected.amount,
    charge_response_code: '00',
    charge_response_message: expected.message ?? 'Approved',
    created_at: expect.any(String),
  });
  const verified = await verifyTransaction(bench.gw, bench.m, String(response?.['transaction_id']));
  expect(verified).toMatchObject({
    id: response?.['transaction_id'],
    tx_ref: expected.txRef,
    flw_ref: response?.['flw_ref'],
    status: 'successful',
    amount: expected.amount,
    currency: expected.currency,
    payment_type: expected.paymentType,
  });
  return response ?? {};
}

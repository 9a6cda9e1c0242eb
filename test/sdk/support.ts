/**
 * What the suites of the official Node SDK, `flutterwave-node-v3@1.4.1`, share (v3 spec §10): the
 * SDK's surface as they call it (it ships no types); the SDK loaded behind the no-op telemetry
 * (./no-telemetry.ts); an in-process Baobab on a loopback port with the SDK pointed at it through its
 * third constructor argument (a base URL ending in `/`); every outgoing request and connection of the
 * process recorded; the sandbox page answered as a customer's browser would; and the telemetry checks
 * each suite ends with, proving nothing left for another host.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { silenceFlutterwaveTelemetry } from './no-telemetry.js';

// ─── The SDK, as far as the suites call it ───────────────────────────────────────────────────────

/** `meta.authorization`, in every shape the server sends it (v3 spec §2.2, §5). */
export interface Authorization {
  readonly mode: string;
  readonly fields?: readonly string[];
  readonly endpoint?: string;
  readonly redirect?: string;
  readonly note?: string;
  readonly instruction?: string;
  readonly transfer_account?: string;
  readonly transfer_amount?: string;
}

export interface V3Reply<T> {
  readonly status: string;
  readonly message: string;
  readonly data?: T;
  readonly meta?: {
    readonly authorization?: Authorization;
    readonly page_info?: {
      readonly total: number;
      readonly current_page: number;
      readonly total_pages: number;
    };
  };
}

export interface V3Transaction {
  readonly id: number;
  readonly tx_ref: string;
  readonly flw_ref: string;
  readonly status: string;
  readonly amount: number;
  readonly currency: string;
  readonly processor_response: string;
  readonly auth_model: string;
  readonly payment_type: string;
  readonly card?: { readonly token?: string };
  readonly payment_code?: string;
  readonly meta?: { readonly authorization?: Authorization } | null;
}

export interface V3ListRow {
  readonly tx_ref: string;
  readonly status: string;
}

export interface CardChargeRequest {
  readonly enckey: string;
  readonly card_number: string;
  readonly cvv: string;
  readonly expiry_month: string;
  readonly expiry_year: string;
  readonly currency: string;
  readonly amount: number;
  readonly email: string;
  readonly fullname: string;
  readonly tx_ref: string;
  readonly redirect_url: string;
  readonly authorization?:
    | { readonly mode: 'pin'; readonly pin: string }
    | {
        readonly mode: 'avs_noauth';
        readonly city: string;
        readonly address: string;
        readonly state: string;
        readonly country: string;
        readonly zipcode: string;
      };
}

export interface TokenizedChargeRequest {
  readonly token: string;
  readonly currency: string;
  readonly country: string;
  readonly amount: number;
  readonly email: string;
  readonly tx_ref: string;
  readonly narration: string;
  readonly full_name?: string;
}

/**
 * A charge of any type but card, plain JSON (v3 spec §5). Which other fields a method takes is the
 * business of the SDK's joi schemas (services/schema/create.js), which refuse any they do not list.
 */
export interface MethodChargeRequest {
  readonly tx_ref: string;
  readonly amount: number | string;
  readonly currency: string;
  readonly email: string;
  readonly [field: string]: unknown;
}

type MethodCharge = (payload: MethodChargeRequest) => Promise<V3Reply<V3Transaction>>;

export interface FlutterwaveSdk {
  readonly Charge: {
    card(payload: CardChargeRequest): Promise<V3Reply<V3Transaction>>;
    validate(payload: {
      otp: string;
      flw_ref: string;
      type: 'card' | 'account';
    }): Promise<V3Reply<V3Transaction>>;
    readonly ng: MethodCharge;
    readonly uk: MethodCharge;
    readonly ach: MethodCharge;
    readonly ussd: MethodCharge;
    readonly voucher: MethodCharge;
    readonly bank_transfer: MethodCharge;
    readonly applepay: MethodCharge;
    readonly googlepay: MethodCharge;
    readonly enaira: MethodCharge;
    readonly fawrypay: MethodCharge;
  };
  readonly MobileMoney: {
    readonly ghana: MethodCharge;
    readonly mpesa: MethodCharge;
    readonly rwanda: MethodCharge;
    readonly uganda: MethodCharge;
    readonly franco_phone: MethodCharge;
    readonly zambia: MethodCharge;
    readonly tanzania: MethodCharge;
  };
  readonly Transaction: {
    verify(payload: { id: number }): Promise<V3Reply<V3Transaction>>;
    verify_by_tx(payload: { tx_ref: string }): Promise<V3Reply<V3Transaction>>;
    fetch(payload?: { from?: string; to?: string; page?: string }): Promise<V3Reply<V3ListRow[]>>;
    fee(payload: { amount: number; currency: string }): Promise<V3Reply<Record<string, unknown>>>;
    refund(payload: { id: string; amount: number }): Promise<V3Reply<Record<string, unknown>>>;
    resend_hooks(payload: { id: number }): Promise<V3Reply<unknown>>;
    event(payload: { id: number }): Promise<V3Reply<Record<string, unknown>[]>>;
  };
  readonly Tokenized: {
    charge(payload: TokenizedChargeRequest): Promise<V3Reply<V3Transaction>>;
  };
  readonly Bank: {
    country(payload: { country: string }): Promise<V3Reply<Record<string, unknown>[]>>;
  };
  readonly Settlement: {
    fetch_all(payload?: {
      page?: string;
      from?: string;
      to?: string;
    }): Promise<V3Reply<Record<string, unknown>[]>>;
    fetch(payload: { id: string; from?: string; to?: string }): Promise<V3Reply<Record<string, unknown>>>;
  };
}

type FlutterwaveConstructor = new (publicKey: string, secretKey: string, baseUrl: string) => FlutterwaveSdk;

// The hook must be in place before the SDK's first `require` of its logger.
const telemetry = silenceFlutterwaveTelemetry();
const requireCjs = createRequire(import.meta.url);
export const Flutterwave = requireCjs('flutterwave-node-v3') as FlutterwaveConstructor;

// ─── Recording every outgoing request and connection ─────────────────────────────────────────────

const fetched: string[] = [];
const connections: string[] = [];
const originalFetch = globalThis.fetch;
// Typed loosely on purpose: `connect` has many overloads, and the wrapper passes its arguments through.
const socketProto = net.Socket.prototype as unknown as { connect(...args: unknown[]): net.Socket };
// eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied with the socket as `this`
const originalConnect = socketProto.connect;

/** host:port of a `Socket#connect` call, in any of its forms (options, normalised args, port+host, path). */
function connectTarget(args: readonly unknown[]): string {
  const first: unknown = Array.isArray(args[0]) ? (args[0] as readonly unknown[])[0] : args[0];
  const portOf = (p: unknown) => (typeof p === 'number' || typeof p === 'string' ? String(p) : '?');
  if (typeof first === 'object' && first !== null) {
    const o = first as { readonly host?: unknown; readonly port?: unknown; readonly path?: unknown };
    if (typeof o.path === 'string') return `ipc:${o.path}`;
    return `${typeof o.host === 'string' ? o.host : 'localhost'}:${portOf(o.port)}`;
  }
  if (typeof first === 'string' && !/^\d+$/.test(first)) return `ipc:${first}`;
  return `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${portOf(first)}`;
}

// ─── The gateway and the SDK pointed at it ───────────────────────────────────────────────────────

export interface SdkGateway {
  readonly gw: TestGateway;
  /** The merchant `flw` is built for. */
  readonly m: TestMerchant;
  readonly flw: FlutterwaveSdk;
  /** `http://127.0.0.1:<port>/`, as given to the SDK. */
  readonly baseUrl: string;
  readonly port: number;
  /** Every URL this process fetched, in order (the SDK's calls and the tests' own). */
  readonly fetched: readonly string[];
  /** The SDK for another merchant, on the same gateway. */
  sdkFor(who: TestMerchant): FlutterwaveSdk;
}

interface Started extends SdkGateway {
  /** Stops the gateway and puts fetch, sockets and the loader back. */
  close(): Promise<void>;
}

/**
 * Starts recording, then a gateway listening on a loopback port, a merchant named `merchantName`,
 * and the SDK built with that merchant's v3 keys and the gateway's URL.
 */
async function startSdkGateway(merchantName: string): Promise<Started> {
  globalThis.fetch = (...args: Parameters<typeof fetch>) => {
    const [input] = args;
    fetched.push(input instanceof Request ? input.url : input.toString());
    return originalFetch(...args);
  };
  socketProto.connect = function (this: net.Socket, ...args: unknown[]) {
    connections.push(connectTarget(args));
    return originalConnect.apply(this, args);
  };

  const gw = await startGateway();
  await gw.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (gw.app.server.address() as AddressInfo).port;
  const baseUrl = `http://127.0.0.1:${port}/`;
  const m = await gw.merchant(merchantName);
  const sdkFor = (who: TestMerchant) =>
    new Flutterwave(who.credentials.v3.public_key, who.credentials.v3.secret_key, baseUrl);
  return {
    gw,
    m,
    flw: sdkFor(m),
    baseUrl,
    port,
    fetched,
    sdkFor,
    async close() {
      globalThis.fetch = originalFetch;
      socketProto.connect = originalConnect;
      await gw.close();
      telemetry.restore();
    },
  };
}

/**
 * The gateway and SDK of a test file (one per file): started before its tests, closed after them.
 * Read its fields inside tests and hooks only.
 */
export function useSdkGateway(merchantName: string): SdkGateway {
  let started: Started | undefined;
  beforeAll(async () => {
    started = await startSdkGateway(merchantName);
  });
  afterAll(() => started?.close());
  const get = (): Started => {
    if (!started) throw new Error('the SDK gateway is started in beforeAll');
    return started;
  };
  return {
    get gw() {
      return get().gw;
    },
    get m() {
      return get().m;
    },
    get flw() {
      return get().flw;
    },
    get baseUrl() {
      return get().baseUrl;
    },
    get port() {
      return get().port;
    },
    fetched,
    sdkFor: (who) => get().sdkFor(who),
  };
}

// ─── The sandbox pages, as a customer's browser answers them ────────────────────────────────────

/** The value of attribute `name` in one tag's markup. */
const attribute = (tag: string, name: string): string | undefined =>
  new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * Opens the sandbox page of `link` and presses the button labelled `button`, with `typed` entered in
 * the form's fields: the button's own form is posted, hidden fields and all, as a browser would.
 * The link carries the public URL (`http://baobab.test`), so the page is fetched from this server at
 * the same path. The 303 back to the merchant's `redirect_url` is not followed (that host is not ours).
 */
export async function pressOnPage(
  baseUrl: string,
  link: string,
  button: string,
  typed: Readonly<Record<string, string>> = {},
): Promise<Response> {
  const url = new URL(link);
  expect(`${url.origin}${url.pathname}`).toBe('http://baobab.test/sandbox/redirects');
  const shown = await fetch(new URL(`${url.pathname}${url.search}`, baseUrl));
  expect(shown.status).toBe(200);
  expect(shown.headers.get('content-type')).toBe('text/html; charset=utf-8');
  const markup = await shown.text();

  const forms = markup.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) =>
    [...f.matchAll(/<button\b[^>]*>([^<]*)<\/button>/g)].some((b) => b[1] === button),
  );
  if (form === undefined) throw new Error(`the page has no button "${button}"`);
  const pressed = [...form.matchAll(/<button\b([^>]*)>([^<]*)<\/button>/g)].find((b) => b[2] === button);

  const fields = new URLSearchParams();
  for (const [input] of form.matchAll(/<input\b[^>]*>/g)) {
    if (attribute(input, 'type') === 'hidden') {
      fields.append(attribute(input, 'name') ?? '', attribute(input, 'value') ?? '');
    }
  }
  for (const [name, value] of Object.entries(typed)) {
    expect(form, `a field named ${name}`).toMatch(new RegExp(`<input\\b[^>]*\\sname="${name}"`));
    fields.append(name, value);
  }
  fields.append(attribute(pressed?.[1] ?? '', 'name') ?? '', attribute(pressed?.[1] ?? '', 'value') ?? '');
  const action = attribute(/<form\b[^>]*>/.exec(form)?.[0] ?? '', 'action') ?? '';
  return fetch(new URL(action, baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
    redirect: 'manual',
  });
}

// ─── Telemetry (a suite's last tests: they look back on everything it did) ──────────────────────

export function describeTelemetry(sdk: SdkGateway): void {
  describe('telemetry', () => {
    it('the SDK got the no-op logger and the real one was never evaluated nor wrote its state', () => {
      expect(telemetry.served.length).toBeGreaterThan(0);
      expect(telemetry.served.every((file) => file.includes('flutterwave-node-v3'))).toBe(true);
      const realLogger = requireCjs.resolve('flutterwave-node-v3/utils/logger.js');
      expect(requireCjs.cache[realLogger]).toBeUndefined();
      expect(process.env['FLW_SDK_STATE_PATH']).toBe(telemetry.statePath);
      expect(existsSync(telemetry.statePath)).toBe(false);
    });

    it('the no-op logger has exactly the exports of the real utils/logger.js', () => {
      // Evaluating the real module does no I/O: its network calls happen only in init() and log*().
      const real = requireCjs('flutterwave-node-v3/utils/logger.js') as Record<string, unknown>;
      expect(Object.keys(telemetry.logger).sort()).toEqual(Object.keys(real).sort());
      for (const name of Object.keys(real)) expect(typeof real[name]).toBe('function');
    });

    it('no request and no connection left for anything but the gateway on loopback', () => {
      const { baseUrl, port } = sdk;
      expect(fetched.length).toBeGreaterThan(10);
      for (const url of fetched) expect(url.startsWith(baseUrl)).toBe(true);
      expect(connections.length).toBeGreaterThan(0);
      expect(new Set(connections)).toEqual(new Set([`127.0.0.1:${port}`]));
    });
  });
}

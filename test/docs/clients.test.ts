/**
 * docs/clients.md: every snippet marked `<!-- runnable: … -->` runs as written, in its own Node
 * process, against a gateway on a loopback port, with the sandbox credentials in the environment the
 * page names. The only change is the `baobab-gateway/sdk` imports, pointed at the source tree (the
 * package's `dist/` is built on install, not in a test run). Each snippet asserts its own outcome and
 * exits 0; the Node SDK's snippet also proves it opened no connection but to the gateway.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../support/clock.js';
import { startGateway, type TestGateway, type TestMerchant } from '../support/gateway.js';
import { PGLITE } from '../support/stores.js';
import { REPO } from '../support/process.js';
import { chargeV4 } from '../support/webhooks.js';

const page = readFileSync(join(REPO, 'docs/clients.md'), 'utf8');
const runnable = new Map(
  [...page.matchAll(/<!-- runnable: ([\w-]+) -->\s*```js\n([\s\S]*?)```/g)].map((m) => [
    m[1] ?? '',
    m[2] ?? '',
  ]),
);

// Inside node_modules, so the snippets resolve `flutterwave-node-v3` as a project's code would.
const dir = mkdtempSync(join(REPO, 'node_modules', '.clients-test-'));
let gw: TestGateway;
let m: TestMerchant;
let baseUrl: string;

beforeAll(async () => {
  // The receiver checks webhook-timestamp against its own clock: the gateway's starts at the real time.
  gw = await startGateway(PGLITE, { clock: new ManualClock(Date.now()) });
  await gw.app.listen({ host: '127.0.0.1', port: 0 });
  baseUrl = `http://127.0.0.1:${String((gw.app.server.address() as AddressInfo).port)}`;
  m = await gw.merchant('Docs Shop');
});
afterAll(async () => {
  await gw.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Records every socket connection of the process into RECORD_CONNECTIONS, one host:port a line. */
const RECORDER = `
const fs = require('node:fs');
const net = require('node:net');
const seen = [];
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof o === 'object' && o !== null && o.path !== undefined) seen.push('ipc:' + String(o.path));
  else if (typeof o === 'object' && o !== null) seen.push(String(o.host ?? 'localhost') + ':' + String(o.port));
  else seen.push(String(args[1] ?? 'localhost') + ':' + String(o));
  return connect.apply(this, args);
};
process.on('exit', () => fs.writeFileSync(process.env.RECORD_CONNECTIONS, seen.join('\\n')));
`;

interface Run {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

function run(name: string, env: Record<string, string>, whileRunning?: () => Promise<void>): Promise<Run> {
  const source = runnable.get(name);
  if (source === undefined) throw new Error(`docs/clients.md has no runnable snippet "${name}"`);
  const sdk = (file: string): string => `'${pathToFileURL(join(REPO, `src/sdk/${file}.ts`)).href}'`;
  const code = source
    .replaceAll("'baobab-gateway/sdk/webhooks'", sdk('webhooks'))
    .replaceAll("'baobab-gateway/sdk'", sdk('index'));
  const file = join(dir, `${name}.${/^import /m.test(code) ? 'mjs' : 'cjs'}`);
  writeFileSync(file, code);
  const recorder = join(dir, 'record.cjs');
  writeFileSync(recorder, RECORDER);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', recorder, '--import', 'tsx', file], {
      cwd: dir,
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        BAOBAB_URL: baseUrl,
        FLW_PUBLIC_KEY: m.credentials.v3.public_key,
        FLW_SECRET_KEY: m.credentials.v3.secret_key,
        FLW_ENCRYPTION_KEY: m.credentials.v3.encryption_key,
        FLW_CLIENT_ID: m.credentials.v4.client_id,
        FLW_CLIENT_SECRET: m.credentials.v4.client_secret,
        FLW_V4_ENCRYPTION_KEY: m.credentials.v4.encryption_key,
        RECORD_CONNECTIONS: join(dir, `${name}.connections`),
        ...env,
      },
    });
    let out = '';
    let err = '';
    const state = { done: false };
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (exitCode) => {
      state.done = true;
      clearTimeout(timer);
      resolve({ code: exitCode, out, err });
    });
    if (whileRunning) {
      void (async () => {
        while (!state.done) {
          await whileRunning();
          await new Promise((r) => setTimeout(r, 100));
        }
      })();
    }
  });
}

/** The network connections a snippet's process opened (local IPC pipes, such as tsx's, left out). */
const connections = (name: string): string[] =>
  readFileSync(join(dir, `${name}.connections`), 'utf8')
    .split('\n')
    .filter((c) => c !== '' && !c.startsWith('ipc:'));

const accepts = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => {
      resolve(false);
    });
  });

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => {
        resolve(port);
      });
    });
  });

describe('docs/clients.md', () => {
  it('marks the four runnable snippets', () => {
    expect([...runnable.keys()].sort()).toEqual([
      'flutterwave-node-v3',
      'sdk-encryption',
      'v4-fetch',
      'webhook-receiver',
    ]);
  });

  it('lists the accepted base URLs, and the README links the page', () => {
    for (const base of [
      '/developersandbox',
      '/v4',
      '/v3',
      '/realms/flutterwave/protocol/openid-connect/token',
    ]) {
      expect(page).toContain(`$BAOBAB_URL${base}`);
    }
    expect(readFileSync(join(REPO, 'README.md'), 'utf8')).toContain('](docs/clients.md)');
  });

  it('flutterwave-node-v3: charges and verifies, and connects to nothing but the gateway', async () => {
    const result = await run('flutterwave-node-v3', {});
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^verified order-\d+ token flw-t1nf-[0-9a-f]{32}-m03k\n$/);
    const port = new URL(baseUrl).port;
    expect(connections('flutterwave-node-v3').length).toBeGreaterThan(0);
    expect(new Set(connections('flutterwave-node-v3'))).toEqual(new Set([`127.0.0.1:${port}`]));
  });

  it('the telemetry hosts it names are the ones in the installed SDK', () => {
    const logger = readFileSync(join(REPO, 'node_modules/flutterwave-node-v3/utils/logger.js'), 'utf8');
    for (const host of ['api.ravepay.co', 'signozservice-prod.f4b-flutterwave.com']) {
      expect(logger).toContain(`'${host}'`);
      expect(page).toContain(host);
    }
  });

  it('v4 over fetch: a token, then a direct charge under /developersandbox, succeeded', async () => {
    const result = await run('v4-fetch', {});
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const [, id] = /^charged (chg_\w+) 1234\.56 NGN\n$/.exec(result.out) ?? [];
    expect(id).toBeDefined();
    const got = await gw.app.inject({ method: 'GET', url: `/charges/${id ?? ''}`, headers: m.headers });
    expect(got.json().data).toMatchObject({ status: 'succeeded', amount: 1234.56 });
  });

  it('the SDK helpers: a v3 card charge from encryptV3Payload, a v4 card saved from encryptCard', async () => {
    const result = await run('sdk-encryption', {});
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const [, txId, pmId] = /^charged (\d+) saved (pmd_\w+)\n$/.exec(result.out) ?? [];
    expect(txId).toBeDefined();
    const got = await gw.app.inject({
      method: 'GET',
      url: `/payment-methods/${pmId ?? ''}`,
      headers: m.headers,
    });
    expect(got.json().data).toMatchObject({ type: 'card', card: { last4: '2950', network: 'MASTERCARD' } });
  });

  it('the webhook receiver verifies a real delivery', async () => {
    const port = await freePort();
    const secret = `whsec-docs-${'x'.repeat(30)}`;
    await gw.runJobs(); // the earlier snippets' charges: relayed now, before this endpoint exists
    const endpoint = await gw.app.inject({
      method: 'POST',
      url: '/profile/webhook-endpoints',
      headers: m.headers,
      payload: {
        url: `http://127.0.0.1:${String(port)}/webhooks`,
        secret,
        supported_event_types: ['charge.completed'],
      },
    });
    expect(endpoint.statusCode).toBe(200);
    let charged: string | undefined;
    const result = await run('webhook-receiver', { PORT: String(port), WEBHOOK_SECRET: secret }, async () => {
      // Once the receiver listens: one charge, then the queue delivers its webhook.
      gw.clock.advance(Math.max(0, Date.now() - gw.clock.now().getTime()));
      if (!(await accepts(port))) return;
      charged ??= (await chargeV4(gw, m)).id;
      await gw.runJobs();
    });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toBe(`verified charge.completed ${charged ?? ''}\n`);
  });
});

/**
 * `baobab clock`: the merchant's sandbox clock from the terminal, against a gateway served on a real
 * port (its own clock is the test gateway's manual one): show, freeze, advance with what fired,
 * unfreeze, the gateway's refusal printed; and the command's misuse through its process.
 */
import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMetrics } from '../../src/api/http/metrics.js';
import { clock } from '../../src/cli/clock.js';
import { REPO } from '../support/process.js';
import { startGateway, type TestGateway } from '../support/gateway.js';

let gw: TestGateway;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  gw = await startGateway();
  app = await buildApp({
    deps: gw.deps,
    metrics: createMetrics({ processMetrics: false }).registry,
    publicUrl: 'http://baobab.test',
    bodyLimit: 256 * 1024,
  });
  url = await app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await app.close();
  await gw.close();
});

const ISO = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z';

describe('baobab clock', () => {
  it('shows, freezes, advances (printing what fired) and unfreezes the clock', async () => {
    const m = await gw.merchant();
    const gateway = { url, secretKey: m.credentials.v3.secret_key };
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await clock(gateway, 'show', undefined, io)).toBe(0);
    expect(out.pop()).toMatch(new RegExp(`^${ISO}  running, offset \\+0 s$`));
    expect(await clock(gateway, 'freeze', undefined, io)).toBe(0);
    const frozen = out.pop() ?? '';
    expect(frozen).toMatch(new RegExp(`^${ISO}  frozen, offset \\+0 s$`));
    expect(await clock(gateway, 'advance', { seconds: 3600 }, io)).toBe(0);
    const later = new Date(Date.parse(frozen.slice(0, 24)) + 3_600_000).toISOString();
    expect(out.splice(0)).toEqual([`${later}  frozen, offset +3600 s`, 'Nothing fell due.']);
    expect(await clock(gateway, 'advance', { to: '2001-01-01T00:00:00Z' }, io)).toBe(1);
    expect(err.pop()).toMatch(/^baobab clock: the gateway answered 400: .*to/);
    expect(await clock(gateway, 'unfreeze', undefined, io)).toBe(0);
    expect(out.pop()).toMatch(new RegExp(`^${later}  running, offset \\+3600 s$`));
    expect(err).toEqual([]);
  });

  it('says when the gateway cannot be reached, or refuses the key', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (l: string) => err.push(l) };
    expect(await clock({ url, secretKey: 'FLWSECK_TEST-wrong-X' }, 'show', undefined, io)).toBe(1);
    expect(err.pop()).toBe('baobab clock: the gateway answered 401: Invalid authorization key');
    expect(await clock({ url: 'http://127.0.0.1:1', secretKey: 'k' }, 'show', undefined, io)).toBe(1);
    expect(err.pop()).toMatch(/^baobab clock: cannot reach http:\/\/127\.0\.0\.1:1: /);
  });

  it('advance takes exactly one of --seconds and --to: a misuse exits 2 with the usage', async () => {
    for (const args of [
      ['clock', 'advance'],
      ['clock', 'advance', '--seconds', '1', '--to', 'x'],
      ['clock', 'advance', '--seconds', 'soon'],
    ]) {
      const run = await cli(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.err).toContain('Usage: baobab clock advance --seconds N | --to TIME');
    }
  }, 60_000);
});

function cli(args: string[]): Promise<{ code: number | null; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], BAOBAB_DATA_DIR: '/nonexistent' },
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (code) => {
      done({ code, err });
    });
  });
}

/**
 * A real `baobab serve` process, over real sockets: URLs that used to throw out of the router (and
 * end the process) are answered, and an exception or rejection nobody handles — provoked by a
 * preloaded fixture on SIGUSR2, as a bug would — is logged and counted while the process keeps
 * serving. SIGTERM still shuts it down gracefully.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBaobab, type BaobabProcess } from '../support/process.js';

const MISBEHAVE = fileURLToPath(new URL('../fixtures/misbehave-on-signal.mjs', import.meta.url));

let dir: string;
let server: BaobabProcess;
let url: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'baobab-guards-'));
  server = runBaobab(['serve'], {
    BAOBAB_DATA_DIR: dir,
    PORT: '0',
    NODE_OPTIONS: `--import=${MISBEHAVE}`,
  });
  url = await server.listening();
});
afterAll(async () => {
  await server.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** A GET with the path exactly as given (fetch would normalise it). */
const rawGet = (path: string) =>
  new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(`${url}${path}`, { method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString('utf8')));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', reject);
    req.end();
  });

const unexpectedCount = async (source: string): Promise<number> => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`baobab_unexpected_errors_total{source="${source}"}`));
  return Number(line?.split(' ').pop());
};

describe('a real server process', () => {
  it('answers the URLs that used to end it, and keeps serving', async () => {
    const badEscape = await rawGet('/health/%ZZ');
    expect(badEscape.status).toBe(400);
    expect(JSON.parse(badEscape.body)).toMatchObject({
      status: 'failed',
      error: { validation_errors: [{ field_name: 'url' }] },
    });
    expect((await rawGet(`/charges/${'a'.repeat(300)}`)).status).toBe(404);
    const v3 = await rawGet('/v3/nothing/%E0%A4%A');
    expect(v3.status).toBe(400);
    expect(JSON.parse(v3.body)).toMatchObject({ status: 'error', data: null });
    expect((await rawGet('/health')).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });

  it('starts every unexpected-error series at 0', async () => {
    for (const source of ['request', 'router', 'uncaught_exception', 'unhandled_rejection']) {
      expect(await unexpectedCount(source), source).toBe(0);
    }
  });

  it('logs and counts an uncaught exception and an unhandled rejection, and keeps serving', async () => {
    server.child.kill('SIGUSR2');
    const thrown = await server.waitForLog(/^uncaught exception: /);
    expect(thrown).toMatchObject({
      level: 50,
      source: 'uncaught_exception',
      err: { message: 'boom from a timer' },
    });
    const rejected = await server.waitForLog(/^unhandled rejection: /);
    expect(rejected).toMatchObject({
      source: 'unhandled_rejection',
      err: { message: 'a rejection nobody handles' },
    });
    expect((await rawGet('/health')).status).toBe(200);
    expect(await unexpectedCount('uncaught_exception')).toBe(1);
    expect(await unexpectedCount('unhandled_rejection')).toBe(1);
    expect(server.child.exitCode).toBeNull();
  });

  it('still shuts down gracefully on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});

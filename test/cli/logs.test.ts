/**
 * What `baobab serve` logs, read from the real process's output: one line per request, never two —
 * JSON when stdout is not a terminal (here, a pipe), a readable line with BAOBAB_LOG_FORMAT=pretty,
 * and the readable line by itself on a terminal (a pseudo-terminal from util-linux `script`, when the
 * machine has it).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runBaobab, type BaobabProcess } from '../support/process.js';

const dirs: string[] = [];
const running: BaobabProcess[] = [];
const stops: (() => void)[] = [];
afterAll(async () => {
  await Promise.all(running.map((p) => p.stop('SIGKILL')));
  for (const stop of stops) stop();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
// One data directory, so only the first start pays for a fresh store; each test stops its server.
const dir = mkdtempSync(join(tmpdir(), 'baobab-logs-'));
dirs.push(dir);

async function until<T>(find: () => T | undefined, what: () => string, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const REQUEST_LINE = (trace: string, status: number, path: string) =>
  new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET ${path} ${String(status)} \\d+\\.\\d ms ${trace}$`);
// eslint-disable-next-line no-control-regex -- the colours a terminal gets
const uncoloured = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '');

describe('baobab serve logs', () => {
  it('writes one JSON line per request when stdout is not a terminal', { timeout: 90_000 }, async () => {
    const server = runBaobab(['serve'], { BAOBAB_DATA_DIR: dir, PORT: '0' });
    running.push(server);
    const url = await server.listening();
    const trace = 'logs-json-trace-0001';
    expect((await fetch(`${url}/health`, { headers: { 'x-trace-id': trace } })).status).toBe(200);
    const lines = await until(
      () => {
        const mine = server
          .stdout()
          .split('\n')
          .filter((l) => l.includes(trace));
        return mine.length > 0 ? mine : undefined;
      },
      () => server.stdout(),
    );
    // Give a second line (Fastify's own "incoming request") time to show if it were there.
    await new Promise((r) => setTimeout(r, 300));
    expect(
      server
        .stdout()
        .split('\n')
        .filter((l) => l.includes(trace)),
    ).toEqual(lines);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        trace_id: trace,
        method: 'GET',
        url: '/health',
        status_code: 200,
        response_time_ms: expect.any(Number),
      }),
    ]);
    for (const line of server.stdout().split('\n').filter(Boolean)) {
      expect(() => JSON.parse(line) as unknown).not.toThrow();
    }
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it('writes one readable line per request with BAOBAB_LOG_FORMAT=pretty', { timeout: 90_000 }, async () => {
    const server = runBaobab(['serve'], {
      BAOBAB_DATA_DIR: dir,
      PORT: '0',
      BAOBAB_LOG_FORMAT: 'pretty',
    });
    running.push(server);
    const url = await until(
      () => /^\S+ INFO {2}baobab is listening url=(\S+)/m.exec(server.stdout())?.[1],
      () => `${server.stdout()}\n${server.stderr()}`,
    );
    const trace = 'logs-pretty-trace-0001';
    expect((await fetch(`${url}/nowhere`, { headers: { 'x-trace-id': trace } })).status).toBe(404);
    const line = await until(
      () =>
        server
          .stdout()
          .split('\n')
          .find((l) => l.includes(trace)),
      () => server.stdout(),
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(
      server
        .stdout()
        .split('\n')
        .filter((l) => l.includes(trace)),
    ).toEqual([line]);
    expect(line).toMatch(REQUEST_LINE(trace, 404, '/nowhere'));
    // No JSON, no colours: the output is a pipe.
    expect(server.stdout()).not.toMatch(/^\{/m);
    expect(server.stdout()).not.toContain('\u001b[');
    expect(await server.stop('SIGTERM')).toBe(0);
  });

  it.skipIf(!existsSync('/usr/bin/script'))(
    'is readable by itself on a terminal',
    { timeout: 90_000 },
    async () => {
      const env = {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        LOG_LEVEL: 'info',
        BAOBAB_DATA_DIR: dir,
        PORT: '0',
      };
      const command = `exec ${process.execPath} --import tsx src/cli/main.ts serve`;
      const child = spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], {
        cwd: REPO,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      stops.push(() => child.kill('SIGKILL'));
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      const url = await until(
        () => /INFO {2}baobab is listening url=(\S+)/.exec(uncoloured(out))?.[1],
        () => out,
      );
      const trace = 'logs-tty-trace-00001';
      expect((await fetch(`${url}/health`, { headers: { 'x-trace-id': trace } })).status).toBe(200);
      const line = await until(
        () => out.split('\n').find((l) => l.includes(trace)),
        () => out,
      );
      expect(line).toContain('\u001b[32m200\u001b[0m');
      expect(uncoloured(line)).toMatch(REQUEST_LINE(trace, 200, '/health'));
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  );
});

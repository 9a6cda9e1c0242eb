/**
 * The start-up part of `npm run bench` (docs/performance.md, "Cold start"): from spawning
 * `node dist/cli/main.js serve` to its first 200 from `/health`, polled every 10 ms. Three cases, each
 * RUNS times: a fresh embedded (PGlite) data dir, the same dir again (existing), and PostgreSQL on an
 * empty schema then again on the migrated one. Each start ends with SIGTERM before the next.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const RUNS = 3;
const HOST = '127.0.0.1';
const GIVE_UP_MS = 60_000;

export interface StartupTools {
  readonly entry: string;
  readonly databaseUrl: string;
  freshSchema(): Promise<string>;
  inSchema(url: string, schema: string): string;
}

export interface StartupFigures {
  /** Milliseconds to the first 200, one per run, per case. */
  readonly cases: readonly { readonly name: string; readonly ms: readonly number[] }[];
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/** One start: spawn, poll /health, stop; resolves with the ms from spawn to the first 200. */
async function timeStart(entry: string, env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const childEnv: Record<string, string | undefined> = { ...process.env, ...env, PORT: String(port), HOST };
  childEnv.LOG_LEVEL = 'warn';
  // '' means the embedded store: no DATABASE_URL at all.
  if (env.DATABASE_URL === '') delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, [entry, 'serve'], {
    env: childEnv,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let tail = '';
  child.stderr.on('data', (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4096);
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the gateway exited before it was healthy:\n${tail}`);
      if (performance.now() - started > GIVE_UP_MS) throw new Error(`not healthy after ${GIVE_UP_MS} ms`);
      try {
        const response = await fetch(`http://${HOST}:${String(port)}/health`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(10);
    }
  } finally {
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(force);
  }
}

export async function benchStartup(tools: StartupTools): Promise<StartupFigures> {
  console.log(`start-up: ${String(RUNS)} runs of each case`);
  const fresh: number[] = [];
  const existing: number[] = [];
  const pgFresh: number[] = [];
  const pgExisting: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-bench-start-'));
    try {
      fresh.push(await timeStart(tools.entry, { BAOBAB_DATA_DIR: dir, DATABASE_URL: '' }));
      existing.push(await timeStart(tools.entry, { BAOBAB_DATA_DIR: dir, DATABASE_URL: '' }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const schema = await tools.freshSchema();
    const pgDir = mkdtempSync(join(tmpdir(), 'baobab-bench-start-'));
    const env = { BAOBAB_DATA_DIR: pgDir, DATABASE_URL: tools.inSchema(tools.databaseUrl, schema) };
    try {
      pgFresh.push(await timeStart(tools.entry, env));
      pgExisting.push(await timeStart(tools.entry, env));
    } finally {
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
  return {
    cases: [
      { name: 'embedded (PGlite), fresh data dir', ms: fresh },
      { name: 'embedded (PGlite), existing data dir', ms: existing },
      { name: 'PostgreSQL, empty schema (migrates)', ms: pgFresh },
      { name: 'PostgreSQL, migrated schema', ms: pgExisting },
    ],
  };
}

export function reportStartup(f: StartupFigures): void {
  const row = (c: StartupFigures['cases'][number]) => {
    const sorted = [...c.ms].sort((a, b) => a - b);
    return `| ${c.name} | ${sorted.map((ms) => ms.toFixed(0)).join(', ')} | ${(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN).toFixed(0)} |`;
  };
  console.log(
    [
      '',
      'Start-up: spawning `node dist/cli/main.js serve` to the first 200 from /health, in ms',
      '',
      '| case | runs (ms) | median (ms) |',
      '| --- | ---: | ---: |',
      ...f.cases.map(row),
      '',
    ].join('\n'),
  );
}

/** The bench's cleanups, its scratch schemas and ports, and its child processes (see bench/run.ts). */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { DATABASE_URL, HOST } from './config.js';

// Undone in reverse order at the end, on failure, and on Ctrl-C: children first, then schemas and dirs.
export const cleanups: (() => Promise<void>)[] = [];
// Set on Ctrl-C: from then on nothing new is made, so nothing is left behind the cleanup.
let interrupted = false;

/** Whether Ctrl-C was pressed. */
export const isInterrupted = (): boolean => interrupted;

/** Notes a Ctrl-C. */
export function markInterrupted(): void {
  interrupted = true;
}

export function notInterrupted(): void {
  if (interrupted) throw new Error('interrupted');
}

export async function cleanUp(): Promise<void> {
  for (let step = cleanups.pop(); step !== undefined; step = cleanups.pop()) {
    try {
      await step();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

export async function sql(text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

/** The first row's `n`, for `SELECT count(*)::int AS n …`. */
export async function countOf(text: string): Promise<number> {
  const { rows } = await sql(text);
  return Number((rows[0] as { n?: unknown } | undefined)?.n);
}

export async function freshSchema(): Promise<string> {
  notInterrupted();
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  await sql(`CREATE SCHEMA ${schema}`);
  cleanups.push(async () => {
    await sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });
  return schema;
}

/** node-postgres reads `options` from the URL: every pooled connection then starts in `schema`. */
export function inSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export async function freePort(): Promise<number> {
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

export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  /** The last few KB the child printed, shown when it fails. */
  output(): string;
}

export function startChild(name: string, args: string[], childEnv: Record<string, string>): Child {
  notInterrupted();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...childEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-8192);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  cleanups.push(() => stopChild(child));
  return { name, process: child, output: () => tail };
}

/** SIGTERM, then SIGKILL if it is still there after the grace period. Safe to call twice. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export async function waitForHealth(base: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) {
      throw new Error(
        `${child.name} exited (${child.process.exitCode}) before it was healthy:\n${child.output()}`,
      );
    }
    try {
      const response = await fetch(`${base}/health`);
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${child.name} was not healthy after ${timeoutMs} ms:\n${child.output()}`);
}

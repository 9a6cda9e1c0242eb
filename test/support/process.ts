/**
 * Runs the real `baobab` CLI (from src/, through tsx) as a child process, the way `npm start` and
 * `npx baobab` do, and watches what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

export interface BaobabProcess {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves with the first stdout JSON log line whose `msg` matches. */
  waitForLog(msg: RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  /** The listening URL once `baobab is listening` was logged. */
  listening(): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function runBaobab(args: string[], env: Record<string, string | undefined>): BaobabProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: REPO,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });

  const logs = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  const waitForLog = async (msg: RegExp, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = logs().find((l) => typeof l['msg'] === 'string' && msg.test(l['msg']));
      if (hit) return hit;
      if (child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`no log matching ${String(msg)} (exit ${String(child.exitCode)})\n${out}\n${err}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForLog,
    exited,
    listening: async () => String((await waitForLog(/^baobab is listening$/))['url']),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

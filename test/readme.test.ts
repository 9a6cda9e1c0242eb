import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runBaobab, type BaobabProcess } from './support/process.js';

const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
let server: BaobabProcess | undefined;
const dir = mkdtempSync(join(tmpdir(), 'baobab-readme-'));
afterAll(async () => {
  await server?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('README.md', () => {
  it('gives the two quickstart commands and the test command', () => {
    const quickstart = readme.slice(readme.indexOf('## Quickstart'), readme.indexOf('## Walk-through'));
    expect(quickstart).toContain('```sh\nnpm install\nnpm start\n```');
    expect(quickstart).toContain('```sh\nnpm test\n```');
  });

  it('walk-through works as written against a running gateway', async () => {
    const section = readme.slice(readme.indexOf('## Walk-through'));
    const script = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
    if (script === undefined) throw new Error('no walk-through script in README.md');
    server = runBaobab(['serve'], { BAOBAB_DATA_DIR: join(dir, '.baobab'), PORT: '0' });
    const url = new URL(await server.listening());
    // The script is run as written, from a directory like the project's, only pointed at this port.
    const adapted = script.replaceAll('http://127.0.0.1:8080', url.origin);
    const result = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const bash = spawn('bash', ['-euo', 'pipefail', '-c', adapted], { cwd: dir });
      let out = '';
      let err = '';
      bash.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      bash.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      bash.on('exit', (code) => {
        resolve({ code, out, err });
      });
    });
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const [created, fetched] = result.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(created).toMatchObject({
      status: 'success',
      message: 'Customer created',
      data: { email: 'ada@example.com' },
    });
    expect(fetched).toMatchObject({
      status: 'success',
      message: 'Customer fetched',
      data: created?.['data'],
    });
  });
});

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
    // Every sh block of the section, in order, as one script.
    const start = readme.indexOf('## Walk-through');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    if (blocks.length < 3) throw new Error('the walk-through scripts are missing from README.md');
    const script = blocks.join('\n');
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
    const [created, fetched, card, charge, pinned, paid, standard, ...rest] = result.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rest).toEqual([]);
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
    const customerId = (created?.['data'] as { id: string }).id;
    // The card, saved for that customer and decrypted by the gateway from the script's encryption.
    expect(card).toMatchObject({
      status: 'success',
      data: {
        type: 'card',
        customer_id: customerId,
        card: { first6: '553188', last4: '2950', expiry_month: 9, expiry_year: 32 },
      },
    });
    expect(charge).toMatchObject({
      status: 'success',
      data: {
        customer_id: customerId,
        amount: 1500,
        status: 'pending',
        next_action: { type: 'requires_pin' },
      },
    });
    const chargeId = (charge?.['data'] as { id: string }).id;
    expect(pinned).toMatchObject({ data: { id: chargeId, next_action: { type: 'requires_otp' } } });
    expect(paid).toMatchObject({
      status: 'success',
      data: { id: chargeId, status: 'succeeded', processor_response: { type: 'approved' } },
    });
    expect(standard).toMatchObject({
      status: 'success',
      message: 'Hosted Link',
      data: { link: expect.stringMatching(/\/v3\/hosted\/pay\/[A-Za-z0-9_-]+$/) },
    });
    // The link opens Baobab's checkout page.
    const link = new URL((standard?.['data'] as { link: string }).link);
    const page = await fetch(new URL(link.pathname, url.origin));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

/**
 * `baobab fixtures`: the documented example (docs/fixtures/card-charge-refund.json) run as written
 * against a gateway on a real port, references between steps, a step that answers otherwise, and
 * what is wrong with a file, named. The command itself is run through its process for misuse.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createMetrics } from '../../src/api/http/metrics.js';
import { readSteps, resolve, runFixtures, type Step } from '../../src/cli/fixtures.js';
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

const example = readFileSync(join(REPO, 'docs/fixtures/card-charge-refund.json'), 'utf8');

async function run(steps: readonly Step[]) {
  const m = await gw.merchant();
  const out: string[] = [];
  const err: string[] = [];
  const code = await runFixtures(url, m.credentials, steps, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { m, code, out, err };
}

describe('baobab fixtures', () => {
  it('runs the documented example as written: customer, card, charge, refund, verify, a refused repeat', async () => {
    const steps = readSteps(example);
    if (typeof steps === 'string') throw new Error(steps);
    const { m, code, out, err } = await run(steps);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out).toEqual([
      'customer  POST /customers  → 201',
      'card  POST /payment-methods  → 201',
      'charge  POST /charges  → 201',
      'refund  POST /refunds  → 201',
      'verify  GET /v3/transactions/verify_by_reference?tx_ref=fixture-order-1  → 200',
      'again  POST /charges  → 409',
      'Ran 6 steps.',
    ]);
    const charges = await gw.app.inject({ method: 'GET', url: '/charges', headers: m.headers });
    expect(charges.json().data).toEqual([
      expect.objectContaining({ reference: 'fixture-order-1', status: 'succeeded', amount: 1500 }),
    ]);
    const docs = readFileSync(join(REPO, 'docs/fixtures.md'), 'utf8');
    for (const line of out) expect(docs).toContain(line);
  });

  it('stops at the first step that answers otherwise, with the gateway’s message', async () => {
    const { code, out, err } = await run([
      { name: 'customer', path: '/customers', body: { email: 'not-an-email' } },
      { name: 'never', path: '/customers' },
    ]);
    expect(code).toBe(1);
    expect(out).toEqual(['customer  POST /customers  → 400']);
    expect(err).toEqual([expect.stringMatching(/^baobab fixtures: step "customer" answered 400: .*email/)]);
  });

  it('stops before sending a step whose reference names no earlier answer', async () => {
    const { code, out, err } = await run([
      { name: 'first', path: '/customers', body: { email: 'ada@example.com' } },
      { name: 'second', path: '/customers/${first:data.nope}' },
    ]);
    expect(code).toBe(1);
    expect(out).toHaveLength(1);
    expect(err).toEqual([
      'baobab fixtures: step "second": ${first:data.nope}: the answer of "first" has no data.nope',
    ]);
  });

  it('replaces a whole-string reference by the value, and splices one into a longer string', () => {
    const answers = new Map<string, unknown>([
      ['c', { data: { id: 'chg_1', amount: 15, items: [{ id: 'x' }] } }],
    ]);
    expect(resolve({ a: '${c:data.amount}', b: 'ref-${c:data.id}-${c:data.items.0.id}' }, answers)).toEqual({
      a: 15,
      b: 'ref-chg_1-x',
    });
    expect(() => resolve('${later:data.id}', answers)).toThrow('${later:data.id} names no earlier step');
  });

  it('names what is wrong with a file: the step and the field', () => {
    expect(readSteps('{')).toMatch(/^the file is not JSON/);
    expect(readSteps('{"fixtures": []}')).toBe('"fixtures" must be a non-empty array of steps');
    expect(readSteps('{"fixtures": [{"name": "a", "path": "customers"}]}')).toBe(
      'fixtures[0].path must start with /',
    );
    expect(readSteps('{"fixtures": [{"name": "a", "path": "/a"}, {"name": "a", "path": "/b"}]}')).toBe(
      'fixtures[1].name "a" is used twice',
    );
    expect(readSteps('{"fixtures": [{"name": "a", "path": "/a", "method": "PATCH"}]}')).toBe(
      'fixtures[0].method must be GET, POST, PUT or DELETE',
    );
  });

  it('from the command line: a bad file exits 1 naming it, no file exits 2 with the usage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'baobab-fixtures-'));
    try {
      const file = join(dir, 'bad.json');
      writeFileSync(file, '{"fixtures": [{"name": "a"}]}');
      const bad = await cli(['fixtures', file], dir);
      expect(bad).toMatchObject({
        code: 1,
        err: `baobab fixtures: ${file}: fixtures[0].path must start with /\n`,
      });
      const none = await cli(['fixtures'], dir);
      expect(none.code).toBe(2);
      expect(none.err).toContain('Usage: baobab fixtures <file.json> [--gateway URL]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

function cli(args: string[], dataDir: string): Promise<{ code: number | null; err: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: REPO,
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], BAOBAB_DATA_DIR: dataDir },
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    child.on('exit', (code) => {
      done({ code, err });
    });
  });
}

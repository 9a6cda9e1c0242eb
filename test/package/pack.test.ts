/**
 * The npm package as a user gets it: `npm pack`, installed into an empty directory, then
 * `npx baobab-gateway serve` answers `/health` and `baobab-gateway/sdk` imports with its types. The
 * packed files are the built ones (dist/), so the build runs first when src/ is newer.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/process.js';

const run = promisify(execFile);
const NAME = 'baobab-gateway';
const dir = mkdtempSync(join(tmpdir(), 'baobab-pack-'));
const app = join(dir, 'app');
const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], npm_config_update_notifier: 'false' };

const newest = (path: string): number =>
  statSync(path).isDirectory()
    ? Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))))
    : statSync(path).mtimeMs;

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    });
  });

beforeAll(async () => {
  const built = join(REPO, 'dist/sdk/index.js');
  if (!existsSync(built) || newest(join(REPO, 'src')) > statSync(built).mtimeMs) {
    await run('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPO, env });
  }
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], {
    cwd: REPO,
    env,
  });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  mkdirSync(app);
  await run('npm', ['init', '-y'], { cwd: app, env });
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(dir, filename)],
    { cwd: app, env, maxBuffer: 16 * 1024 * 1024 },
  );
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`the ${NAME} package`, () => {
  it('is named for npm, with the CLI and the SDK in it', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'node_modules', NAME, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
    };
    expect(pkg.name).toBe(NAME);
    expect(Object.keys(pkg.bin)).toEqual(['baobab']);
    for (const file of ['index', 'encryption', 'webhooks']) {
      expect(existsSync(join(app, 'node_modules', NAME, `dist/sdk/${file}.d.ts`)), file).toBe(true);
    }
  });

  it('imports the SDK by its export names, which encrypt and verify', async () => {
    const script = `
      import { encryptCard, encryptV3Payload, newNonce, verifyFlutterwaveSignature, flutterwaveSignature } from '${NAME}/sdk';
      import { encryptField } from '${NAME}/sdk/encryption';
      import { verifySecretHash } from '${NAME}/sdk/webhooks';
      const key = Buffer.alloc(32, 7).toString('base64');
      const card = encryptCard(key, { cardNumber: '5531886652142950', expiryMonth: '09', expiryYear: '32' });
      const v3 = encryptV3Payload('FLWSECK_TEST0123456789ab', { amount: 100 });
      const body = '{"type":"charge.completed"}';
      const signed = verifyFlutterwaveSignature(body, flutterwaveSignature('s3cret', body), 's3cret');
      console.log(JSON.stringify({
        nonce: card.nonce.length, fields: Object.keys(card), v3: typeof v3,
        same: encryptField(key, card.nonce, '09') === card.encrypted_expiry_month,
        secretHash: verifySecretHash('h', 'h'), signed, fresh: newNonce() !== newNonce(),
      }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app, env });
    expect(JSON.parse(stdout)).toEqual({
      nonce: 12,
      fields: ['nonce', 'encrypted_card_number', 'encrypted_expiry_month', 'encrypted_expiry_year'],
      v3: 'string',
      same: true,
      secretHash: true,
      signed: true,
      fresh: true,
    });
  });

  it('runs `npx baobab-gateway --version` and `serve`, which answers /health', async () => {
    const version = await run('npx', ['--no-install', NAME, '--version'], { cwd: app, env });
    expect(version.stdout.trim()).toContain('0.1.0');
    const port = await freePort();
    const child = spawn('npx', ['--no-install', NAME, 'serve'], {
      cwd: app,
      env: { ...env, PORT: String(port), BAOBAB_DATA_DIR: join(dir, 'data') },
      stdio: 'ignore',
      detached: true,
    });
    try {
      let status = 0;
      for (let i = 0; i < 240 && status !== 200; i += 1) {
        status = await fetch(`http://127.0.0.1:${port}/health`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    } finally {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    }
  }, 90_000);
});

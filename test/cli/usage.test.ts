/**
 * The `baobab` command as a command line: help on every command does nothing else, `--version`,
 * a misuse is one line plus the command's usage (exit 2), and a taken port names PORT. Run as the real
 * CLI, in a child process, with a data directory that must stay absent.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runBaobab } from '../support/process.js';

const root = mkdtempSync(join(tmpdir(), 'baobab-cli-usage-'));
const dataDir = join(root, 'data');
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string> = {}) {
  const p = runBaobab(args, { BAOBAB_DATA_DIR: dataDir, PORT: '0', ...env });
  const code = await p.exited;
  return { code, out: p.stdout(), err: p.stderr() };
}

const COMMANDS = [
  ['serve'],
  ['migrate'],
  ['merchants', 'create'],
  ['merchants', 'list'],
  ['merchants', 'rotate-keys'],
  ['merchants', 'webhook'],
  ['reset'],
  ['sandbox', 'approve'],
  ['sandbox', 'decline'],
  ['sandbox', 'transfer-in'],
  ['listen'],
  ['trigger'],
];

describe('baobab <command> --help', () => {
  it.each(
    COMMANDS.flatMap((c) => [
      [...c, '--help'],
      [...c, '-h'],
    ]),
  )('%j prints the usage of that command and starts nothing', { timeout: 30_000 }, async (...args) => {
    const { code, out, err } = await cli(args);
    const name = args.slice(0, -1).join(' ');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.split('\n')[0]).toMatch(new RegExp(`^Usage: baobab ${name}( |$)`));
    expect(out).toContain('-h, --help');
    expect(existsSync(dataDir), 'no data directory is created').toBe(false);
  });

  it('help wins over the other arguments, so nothing runs', { timeout: 30_000 }, async () => {
    const { code, out } = await cli(['merchants', 'webhook', 'set', 'mer_x', '--url', 'http://x', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: baobab merchants webhook set <merchant_id> --url URL/);
    expect((await cli(['migrate', '--nonsense', '-h'])).code).toBe(0);
    expect(existsSync(dataDir)).toBe(false);
  });

  it.each([['--help'], ['-h'], ['help']])('%j lists every command', { timeout: 30_000 }, async (...args) => {
    const { code, out } = await cli(args);
    expect(code).toBe(0);
    for (const c of COMMANDS) expect(out).toContain(`  baobab ${c.join(' ')}`);
    expect(out).toContain('baobab --version');
  });

  it('help <command> and <group> --help print that help', { timeout: 30_000 }, async () => {
    const trigger = await cli(['help', 'trigger']);
    expect(trigger.code).toBe(0);
    expect(trigger.out).toMatch(/^Usage: baobab trigger <event>/);
    expect(trigger.out).toContain('charge.completed, refund.completed');
    const group = await cli(['merchants', '--help']);
    expect(group.code).toBe(0);
    expect(group.out).toContain('baobab merchants create [--name N]');
    expect(group.out).not.toContain('baobab listen');
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('baobab --version', () => {
  it.each([['--version'], ['-v']])('%j prints the package version', { timeout: 30_000 }, async (arg) => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const { code, out, err } = await cli([arg]);
    expect({ code, out, err }).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });
});

describe('a misuse', () => {
  it.each([
    [['serve', '--port', '3000'], "baobab serve: unknown option '--port'", 'Usage: baobab serve\n'],
    [['migrate', 'now'], "baobab migrate: unexpected argument 'now'", 'Usage: baobab migrate\n'],
    [
      ['merchants', 'create', '--nam', 'x'],
      "baobab merchants create: unknown option '--nam'",
      'Usage: baobab merchants create [--name N]',
    ],
    [
      ['merchants', 'create', '--name'],
      "baobab merchants create: option '--name <value>' argument missing",
      'Usage: baobab merchants create',
    ],
    [
      ['listen', '--forward', 'http://x'],
      "baobab listen: unknown option '--forward'",
      'Usage: baobab listen --forward-to URL',
    ],
    [
      ['trigger', 'charge.completed', '-x'],
      "baobab trigger: unknown option '-x'",
      'Usage: baobab trigger <event>',
    ],
    [
      ['merchants', 'rotate-keys', '--all'],
      "baobab merchants rotate-keys: unknown option '--all'",
      'Usage: baobab merchants rotate-keys <merchant_id>',
    ],
    [['frobnicate'], 'baobab: unknown command "frobnicate"', '  baobab serve\n'],
    [['--frobnicate'], 'baobab: unknown option --frobnicate', '  baobab serve\n'],
    [['merchants', 'delete'], 'baobab merchants: unknown subcommand "delete"', '  baobab merchants list\n'],
    [['help', 'nothing'], 'baobab help: no command "nothing"', '  baobab serve\n'],
  ])('%j exits 2 with one line and the usage', { timeout: 30_000 }, async (args, line, usage) => {
    const { code, out, err } = await cli(args);
    expect(code).toBe(2);
    expect(out).toBe('');
    const [first, blank] = err.split('\n');
    expect(first).toBe(line);
    expect(blank).toBe('');
    expect(err).toContain(usage);
    expect(err).not.toMatch(/\n\s+at /);
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('serve on a port in use', () => {
  it('says the port is taken and to set PORT, exit 1, no stack trace', { timeout: 90_000 }, async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as AddressInfo;
    try {
      const { code, err } = await cli(['serve'], {
        PORT: String(port),
        HOST: '127.0.0.1',
        BAOBAB_DATA_DIR: join(root, 'serve'),
      });
      expect(code).toBe(1);
      const last = err.trim().split('\n').at(-1);
      expect(last).toBe(
        `baobab serve: port ${String(port)} on 127.0.0.1 is taken; stop what uses it or set PORT to another port`,
      );
      expect(err).not.toMatch(/\n\s+at /);
      expect(err).not.toContain('EADDRINUSE');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});

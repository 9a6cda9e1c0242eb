/**
 * `baobab <command>`: serve (default) · migrate · merchants create|list|rotate-keys|webhook ·
 * reset · sandbox approve|decline|transfer-in · listen · trigger · help. Every command and its options are one entry of COMMANDS; options are parsed there,
 * strictly, with node:util's parseArgs, so `--help` on any command prints its help and does nothing
 * else, and a misuse is one line plus the command's usage, exit 2.
 * Commands that touch the store open it the way `serve` does (PGlite data dir or DATABASE_URL), or,
 * while a gateway serves the data directory, ask it through its admin API (gateway-client.ts);
 * listen and trigger are HTTP clients of a running gateway. Each command loads what it needs when it
 * runs: the HTTP clients start without loading the server.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { TRIGGERABLE } from './triggerable.js';

interface Option {
  readonly type: 'string' | 'boolean';
  /** How the value is shown in the help (`--url URL`). */
  readonly value?: string;
  readonly default?: string;
  readonly help: string;
}

type Values = Readonly<Record<string, string | boolean | undefined>>;

interface Invocation {
  readonly config: Config;
  readonly values: Values;
  readonly positionals: readonly string[];
  /** Reports a misuse: one line and the command's usage on stderr; returns 2. */
  readonly usage: (problem: string) => number;
}

interface Command {
  /** What follows the command's name in its usage line. */
  readonly synopsis: string;
  readonly about: string;
  readonly options?: Readonly<Record<string, Option>>;
  /** Whether the command takes positional arguments (it checks them itself). */
  readonly positionals?: boolean;
  readonly run: (call: Invocation) => Promise<number>;
}

const GATEWAY: Option = {
  type: 'string',
  value: 'URL',
  help: 'The running gateway (default BAOBAB_PUBLIC_URL, else http://HOST:PORT).',
};

const GATEWAY_OPTIONS: Readonly<Record<string, Option>> = {
  gateway: GATEWAY,
  'secret-key': {
    type: 'string',
    value: 'KEY',
    help: "A merchant's v3 secret key (default: the data directory's sandbox merchant).",
  },
};

const text = (values: Values, name: string): string | undefined => {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
};

const MERCHANT_OPTION: Option = {
  type: 'string',
  value: 'ID',
  help: 'The merchant that owns it, when a reference names charges or accounts of several.',
};

const sandbox = async (
  action: 'approve' | 'decline' | 'transfer-in',
  { config, positionals, values, usage }: Invocation,
): Promise<number> =>
  (await import('./sandbox.js')).sandboxCommand(
    config,
    action,
    positionals,
    { merchant: text(values, 'merchant'), issuer: text(values, 'issuer') },
    usage,
  );

/** Every command. A new command is one entry; its name may be two or three words. */
const COMMANDS: Readonly<Record<string, Command>> = {
  serve: {
    synopsis: '',
    about: 'Run the gateway (the default command). Configured by environment variables; see README.md.',
    run: async ({ config }) => (await import('./serve.js')).serve(config),
  },
  migrate: {
    synopsis: '',
    about: 'Apply pending store migrations and exit.',
    run: async ({ config }) => (await import('./merchants.js')).migrate(config),
  },
  'merchants create': {
    synopsis: '[--name N]',
    about: 'Create a merchant and print its credentials once, as JSON.',
    options: { name: { type: 'string', value: 'N', default: 'Merchant', help: 'Its display name.' } },
    run: async ({ config, values }) =>
      (await import('./merchants.js')).createMerchantCommand(config, text(values, 'name') ?? 'Merchant'),
  },
  'merchants list': {
    synopsis: '',
    about: 'List merchants (ids, names, key prefixes; never secrets).',
    run: async ({ config }) => (await import('./merchants.js')).listMerchantsCommand(config),
  },
  'merchants rotate-keys': {
    synopsis: '<merchant_id>',
    about:
      'Give the merchant a new v3 secret key and the encryption key derived from it; print them once,\nas JSON (the public key stays).',
    positionals: true,
    run: async ({ config, positionals, usage }) => {
      const [{ rotateKeysCommand }, { withStore }] = await Promise.all([
        import('./rotate-keys.js'),
        import('./merchants.js'),
      ]);
      return rotateKeysCommand(config, positionals, withStore, usage);
    },
  },
  'merchants webhook': {
    synopsis:
      'set <merchant_id> --url URL [--format envelope|legacy] [--secret-hash TEXT]\n  | show <merchant_id> | unset <merchant_id>',
    about:
      "set: set the merchant's v3 webhook URL (envelope by default) and, with --secret-hash, the secret\nhash sent as verif-hash. show: the URL, format and the secret hash, masked. unset: remove the URL.",
    options: {
      url: { type: 'string', value: 'URL', help: 'Where v3 webhooks are POSTed (set only).' },
      format: { type: 'string', value: 'FORMAT', help: 'envelope (default) or legacy (set only).' },
      'secret-hash': { type: 'string', value: 'TEXT', help: 'The verif-hash to send (set only).' },
    },
    positionals: true,
    run: async ({ config, positionals, values, usage }) =>
      (await import('./merchants.js')).merchantWebhook(
        config,
        positionals,
        {
          url: text(values, 'url'),
          format: text(values, 'format'),
          'secret-hash': text(values, 'secret-hash'),
        },
        usage,
      ),
  },
  reset: {
    synopsis: '[--merchant ID]',
    about:
      "Wipe a merchant's sandbox data (charges, customers, transfers, events, the ledger…) in one\ntransaction; the merchant, its keys and its webhook endpoints stay. Through the running gateway\nwhen one serves the data directory.",
    options: {
      merchant: {
        type: 'string',
        value: 'ID',
        help: "Whose (default: the data directory's sandbox merchant).",
      },
    },
    run: async ({ config, values }) =>
      (await import('./reset.js')).resetCommand(config, text(values, 'merchant')),
  },
  'sandbox approve': {
    synopsis: '<charge> [--merchant ID]',
    about:
      'Approve, as the customer, a charge waiting for them (a prompt, USSD, QR, a sandbox page), for\nwhichever merchant owns it. <charge> is its id, v3 numeric id, flw_ref or tx_ref. Needs a running gateway.',
    options: { merchant: MERCHANT_OPTION },
    positionals: true,
    run: (call) => sandbox('approve', call),
  },
  'sandbox decline': {
    synopsis: '<charge> [--issuer ANSWER] [--merchant ID]',
    about:
      'Decline, as the customer, a charge waiting for them (05, or the issuer answer given). Needs a\nrunning gateway.',
    options: {
      issuer: { type: 'string', value: 'ANSWER', help: 'The issuer answer, e.g. insufficient_funds.' },
      merchant: MERCHANT_OPTION,
    },
    positionals: true,
    run: (call) => sandbox('decline', call),
  },
  'sandbox transfer-in': {
    synopsis: '<virtual_account> <amount> [--merchant ID]',
    about:
      "A bank transfer of <amount> (major units, the account's currency) arrives in the virtual account\n(its id or account number); prints the charge it makes or pays. Needs a running gateway.",
    options: { merchant: MERCHANT_OPTION },
    positionals: true,
    run: (call) => sandbox('transfer-in', call),
  },
  listen: {
    synopsis:
      '--forward-to URL [--format v4|v3|v3-legacy] [--events LIST] [--print-json] [--gateway URL] [--secret-key KEY]',
    about:
      "Stream the merchant's events from a running gateway and POST each, signed as a webhook, to URL;\none line per event with its outcome and the answer. Ctrl-C stops.",
    options: {
      'forward-to': {
        type: 'string',
        value: 'URL',
        help: 'The URL to POST events to (http:// when it names no scheme: localhost:3000/hook).',
      },
      format: { type: 'string', value: 'FORMAT', default: 'v4', help: 'v4 (default), v3 or v3-legacy.' },
      events: {
        type: 'string',
        value: 'LIST',
        help: 'Only these event types, comma-separated; a trailing * matches a prefix (refund.*).',
      },
      'print-json': { type: 'boolean', help: 'Print each event body after its line.' },
      ...GATEWAY_OPTIONS,
    },
    run: async ({ config, values, usage }) =>
      (await import('./listen.js')).listenCommand(
        config,
        {
          forwardTo: text(values, 'forward-to'),
          events: text(values, 'events'),
          printJson: values['print-json'] === true,
          format: text(values, 'format') ?? 'v4',
          gateway: text(values, 'gateway'),
          secretKey: text(values, 'secret-key'),
        },
        usage,
      ),
  },
  fixtures: {
    synopsis: '<file.json> [--gateway URL]',
    about:
      "Run the file's requests against a running gateway as the sandbox merchant, in order, each able\nto use an earlier answer (${step:data.id}). See docs/fixtures.md.",
    options: { gateway: GATEWAY },
    positionals: true,
    run: async ({ config, positionals, values, usage }) =>
      positionals.length > 1
        ? usage('give one fixtures file')
        : (await import('./fixtures.js')).fixturesCommand(
            config,
            positionals[0],
            text(values, 'gateway'),
            usage,
          ),
  },
  trigger: {
    synopsis: '<event> [--status succeeded|failed] [--gateway URL] [--secret-key KEY]',
    about: `Make the running gateway emit the event through its sandbox API. Events:\n${TRIGGERABLE.join(', ')}.`,
    options: {
      status: {
        type: 'string',
        value: 'STATUS',
        default: 'succeeded',
        help: 'succeeded (default) or failed (charge.completed, transfer.disburse).',
      },
      ...GATEWAY_OPTIONS,
    },
    positionals: true,
    run: async ({ config, positionals, values, usage }) =>
      (await import('./trigger.js')).triggerCommand(
        config,
        positionals,
        {
          status: text(values, 'status') ?? 'succeeded',
          gateway: text(values, 'gateway'),
          secretKey: text(values, 'secret-key'),
        },
        usage,
      ),
  },
};

const usageLine = (name: string) =>
  `baobab ${name}${COMMANDS[name]?.synopsis ? ` ${COMMANDS[name].synopsis}` : ''}`;
const indent = (lines: string, by: string) => lines.replace(/^/gm, by);

/** The list of commands, or of those under a group such as `merchants`. */
function listing(group?: string): string {
  const names = Object.keys(COMMANDS).filter((n) => group === undefined || n.startsWith(`${group} `));
  const entries = names.map(
    (n) => `${indent(usageLine(n), '  ')}\n${indent(COMMANDS[n]?.about ?? '', '      ')}`,
  );
  const tail = group === undefined ? '  baobab --version\n  baobab help [command]\n' : '';
  return `Usage:\n${entries.join('\n')}\n${tail}\nRun \`baobab <command> --help\` for a command's options.\n`;
}

function commandHelp(name: string, command: Command): string {
  const options = Object.entries(command.options ?? {}).map(([flag, o]) => {
    const left = `--${flag}${o.value === undefined ? '' : ` ${o.value}`}`;
    return `  ${left.padEnd(22)} ${o.help}`;
  });
  options.push(`  ${'-h, --help'.padEnd(22)} Show this help.`);
  return `Usage: ${usageLine(name)}\n\n${command.about}\n\nOptions:\n${options.join('\n')}\n`;
}

const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string })
    .version;

/** The longest command name the leading words spell, and the rest of the arguments. */
function resolve(argv: readonly string[]): { name: string; rest: string[] } | undefined {
  for (let words = Math.min(3, argv.length); words > 0; words--) {
    const name = argv.slice(0, words).join(' ');
    if (COMMANDS[name]) return { name, rest: argv.slice(words) };
  }
  return undefined;
}

/** The group (`merchants`) the leading words start, when they name no command of it. */
const groupOf = (argv: readonly string[]): string | undefined => {
  const [first] = argv;
  return Object.keys(COMMANDS).some((n) => n.startsWith(`${first ?? ''} `)) ? first : undefined;
};

const wantsHelp = (args: readonly string[]): boolean => {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** A parser error as one short line: its first sentence, lower-cased. */
const parseProblem = (error: unknown): string => {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('. ')[0] ?? message;
  return first.charAt(0).toLowerCase() + first.slice(1);
};

const fail = (prefix: string, problem: string, usage: string): number => {
  process.stderr.write(`${prefix}: ${problem}\n\n${usage}`);
  return 2;
};

export async function run(argv: readonly string[]): Promise<number> {
  const [first] = argv;
  if (first === undefined) return runCommand('serve', []);
  if (first === '--help' || first === '-h') {
    process.stdout.write(listing());
    return 0;
  }
  if (first === '--version' || first === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  if (first === 'help') {
    const asked = argv.slice(1);
    if (asked.length === 0) {
      process.stdout.write(listing());
      return 0;
    }
    const found = resolve(asked);
    if (found && found.rest.length === 0) return help(found.name);
    const group = groupOf(asked);
    if (group !== undefined && asked.length === 1) return help(group);
    return fail('baobab help', `no command "${asked.join(' ')}"`, listing());
  }
  if (first.startsWith('-')) return fail('baobab', `unknown option ${first}`, listing());
  const found = resolve(argv);
  if (found) return runCommand(found.name, found.rest);
  const group = groupOf(argv);
  if (group !== undefined) {
    if (wantsHelp(argv.slice(1))) return help(group);
    const second = argv[1];
    const problem = second === undefined ? 'name a subcommand' : `unknown subcommand "${second}"`;
    return fail(`baobab ${group}`, problem, listing(group));
  }
  return fail('baobab', `unknown command "${first}"`, listing());
}

function help(name: string): number {
  const command = COMMANDS[name];
  process.stdout.write(command ? commandHelp(name, command) : listing(name));
  return 0;
}

async function runCommand(name: string, args: readonly string[]): Promise<number> {
  const command = COMMANDS[name];
  if (!command) throw new Error(`no command ${name}`);
  if (wantsHelp(args)) return help(name);
  const usage = (problem: string) => fail(`baobab ${name}`, problem, `Usage: ${usageLine(name)}\n`);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: command.positionals ?? false,
      options: Object.fromEntries(
        Object.entries(command.options ?? {}).map(([flag, o]) => [
          flag,
          o.type === 'string'
            ? { type: 'string' as const, ...(o.default !== undefined && { default: o.default }) }
            : { type: 'boolean' as const },
        ]),
      ),
    });
  } catch (error) {
    return usage(parseProblem(error));
  }
  const config = loadConfig();
  return command.run({ config, values: parsed.values, positionals: parsed.positionals, usage });
}

run(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`baobab: ${message}\n`);
    process.exit(1);
  },
);

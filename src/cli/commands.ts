/**
 * Every `baobab` command, as data: its usage, help, options and what it runs (main.ts parses and
 * dispatches). A new command is one entry; its name may be two or three words. Each command loads
 * what it needs when it runs: the HTTP clients start without loading the server.
 */
import type { Config } from '../config.js';
import { TRIGGERABLE } from './triggerable.js';

export interface Option {
  readonly type: 'string' | 'boolean';
  /** How the value is shown in the help (`--url URL`). */
  readonly value?: string;
  readonly default?: string;
  /** A string option that may be given more than once (its value is then every one, in order). */
  readonly multiple?: boolean;
  readonly help: string;
}

export type Values = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

interface Invocation {
  readonly config: Config;
  readonly values: Values;
  readonly positionals: readonly string[];
  /** Reports a misuse: one line and the command's usage on stderr; returns 2. */
  readonly usage: (problem: string) => number;
}

export interface Command {
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

/** Every value of a repeatable option. */
const texts = (values: Values, name: string): string[] => {
  const value = values[name];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
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

const clockAction = async (
  action: 'show' | 'freeze' | 'unfreeze' | 'advance',
  { config, values, usage }: Invocation,
): Promise<number> =>
  (await import('./clock.js')).clockCommand(
    config,
    action,
    {
      seconds: text(values, 'seconds'),
      to: text(values, 'to'),
      gateway: text(values, 'gateway'),
      secretKey: text(values, 'secret-key'),
    },
    usage,
  );

export const COMMANDS: Readonly<Record<string, Command>> = {
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
  clock: {
    synopsis: '[--gateway URL] [--secret-key KEY]',
    about: "Show the merchant's sandbox clock on a running gateway: its time, frozen or not, its offset.",
    options: GATEWAY_OPTIONS,
    run: (call) => clockAction('show', call),
  },
  'clock freeze': {
    synopsis: '[--gateway URL] [--secret-key KEY]',
    about: 'Freeze the clock where it stands: nothing falls due on its own until it moves.',
    options: GATEWAY_OPTIONS,
    run: (call) => clockAction('freeze', call),
  },
  'clock unfreeze': {
    synopsis: '[--gateway URL] [--secret-key KEY]',
    about: 'Let the clock run again from where it stands.',
    options: GATEWAY_OPTIONS,
    run: (call) => clockAction('unfreeze', call),
  },
  'clock advance': {
    synopsis: '--seconds N | --to TIME [--gateway URL] [--secret-key KEY]',
    about:
      'Move the clock forward, running every timer that falls due in time order; prints what fired.\nThe clock never moves back.',
    options: {
      seconds: { type: 'string', value: 'N', help: 'How many seconds forward.' },
      to: { type: 'string', value: 'TIME', help: 'An ISO 8601 time to move to (not in its past).' },
      ...GATEWAY_OPTIONS,
    },
    run: (call) => clockAction('advance', call),
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
    synopsis:
      '<event> [--status succeeded|failed] [--override FIELD=VALUE…] [--gateway URL] [--secret-key KEY]',
    about: `Make the running gateway emit the event through its sandbox API. Events:\n${TRIGGERABLE.join(', ')}.`,
    options: {
      status: {
        type: 'string',
        value: 'STATUS',
        default: 'succeeded',
        help: 'succeeded (default) or failed (charge.completed, transfer.disburse).',
      },
      override: {
        type: 'string',
        value: 'FIELD=VALUE',
        multiple: true,
        help: 'Set a field of the request that makes the event (amount=2500, meta.order=42); repeatable.',
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
          overrides: texts(values, 'override'),
          gateway: text(values, 'gateway'),
          secretKey: text(values, 'secret-key'),
        },
        usage,
      ),
  },
};

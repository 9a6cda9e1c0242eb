/**
 * `baobab <command>`: serve (default) · migrate · merchants create|list|rotate-keys|webhook · listen ·
 * trigger · help.
 * Commands that touch the store open it the way `serve` does (PGlite data dir or DATABASE_URL);
 * listen and trigger are HTTP clients of a running gateway. Each command loads what it needs when it
 * runs: the HTTP clients start without loading the server.
 */
import { parseArgs } from 'node:util';
import type { Store } from '../boot.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { isV3Format } from '../domain/webhook-endpoints.js';
import type { AppError } from '../domain/errors.js';
import type { WebhookEndpoint } from '../domain/webhooks.js';
import { createLogger } from '../log.js';

const USAGE = `Usage: baobab <command> [options]

Commands:
  serve                          Run the gateway (default). Configured by environment; see README.md.
  migrate                        Apply pending store migrations and exit.
  merchants create [--name N]    Create a merchant and print its credentials once, as JSON.
  merchants list                 List merchants (ids, names, key prefixes; never secrets).
  merchants rotate-keys <merchant_id>
                                 Give the merchant a new v3 secret key and the encryption key
                                 derived from it; print them once, as JSON (the public key stays).
  merchants webhook set <merchant_id> --url URL [--format envelope|legacy] [--secret-hash TEXT]
                                 Set the merchant's v3 webhook URL (envelope by default) and,
                                 with --secret-hash, the secret hash sent as verif-hash.
  merchants webhook show <merchant_id>
                                 Show the v3 webhook URL, format and the secret hash, masked.
  merchants webhook unset <merchant_id>
                                 Remove the v3 webhook URL: nothing more is sent to it.
  listen --forward-to URL [--format v4|v3|v3-legacy] [--gateway URL] [--secret-key KEY]
                                 Stream the merchant's events from a running gateway and POST each,
                                 signed as a webhook, to URL; one line per event. Ctrl-C stops.
  trigger charge.completed|refund.completed [--status succeeded|failed] [--gateway URL] [--secret-key KEY]
                                 Make a sandbox charge (and refund) that emits the event.
                                 Both use the data directory's sandbox credentials unless given a key.
  help                           Show this text.
`;

async function serve(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  // Before anything else runs: from here on nothing unforeseen ends the process (process-guards.ts).
  const { guardProcess } = await import('../process-guards.js');
  const guards = guardProcess(process, log);
  const { startServer } = await import('../main.js');
  const server = await startServer(config, log);
  guards.countWith(server.unexpected);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    closing = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      log.error('graceful shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    server.close().then(
      () => {
        log.info('shutdown complete');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => {
    shutdown('SIGINT');
  });
  process.on('SIGTERM', () => {
    shutdown('SIGTERM');
  });
}

async function withStore<T>(config: Config, work: (store: Store) => Promise<T>) {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const { openReadyStore } = await import('../boot.js');
  const store = await openReadyStore(config, log);
  try {
    return await work(store);
  } finally {
    await store.db.close();
  }
}

async function merchants(config: Config, args: string[]): Promise<number> {
  if (args[0] === 'webhook') return merchantWebhook(config, args.slice(1));
  if (args[0] === 'rotate-keys') {
    return (await import('./rotate-keys.js')).rotateKeysCommand(config, args.slice(1), withStore);
  }
  const { createMerchant, listMerchants } = await import('../flows/merchants/merchants.js');
  const { systemClock } = await import('../boot.js');
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: 'string' } },
  });
  const [sub] = positionals;
  if (sub === 'create') {
    const name = values.name ?? 'Merchant';
    const created = await withStore(config, (store) =>
      createMerchant({ db: store.db, clock: systemClock, keys: store.keys }, name),
    );
    process.stdout.write(`${JSON.stringify(created.credentials, null, 2)}\n`);
    process.stderr.write(
      'Store these credentials now: the secrets are kept only as hashes and cannot be shown again.\n',
    );
    return 0;
  }
  if (sub === 'list') {
    const all = await withStore(config, (store) => listMerchants({ db: store.db }));
    for (const m of all) {
      process.stdout.write(
        `${m.id}\t${m.name}\tv4 client_id ${m.v4ClientId}\tv3 ${m.v3PublicKey}\tsecret ${m.v3SecretKeyPrefix}…\n`,
      );
    }
    return 0;
  }
  process.stderr.write(`baobab merchants: expected "create", "list", "rotate-keys" or "webhook"\n\n${USAGE}`);
  return 2;
}

/** `merchants webhook set|show|unset <merchant_id>`: the merchant's single v3 webhook endpoint. */
async function merchantWebhook(config: Config, args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { url: { type: 'string' }, format: { type: 'string' }, 'secret-hash': { type: 'string' } },
  });
  const [action, merchantId, ...extra] = positionals;
  const usage = (problem: string) => {
    process.stderr.write(`baobab merchants webhook: ${problem}\n\n${USAGE}`);
    return 2;
  };
  if (action !== 'set' && action !== 'show' && action !== 'unset') {
    return usage('expected "set", "show" or "unset"');
  }
  if (merchantId === undefined || extra.length > 0) return usage(`${action} takes one merchant id`);
  const { url, format = 'envelope', 'secret-hash': secretHash } = values;
  if (action !== 'set' && Object.keys(values).length > 0) return usage(`${action} takes no options`);
  if (action === 'set' && url === undefined) return usage('set needs --url');
  if (!isV3Format(format)) return usage('--format must be envelope or legacy');

  const { setV3Endpoint, showV3Endpoint, unsetV3Endpoint } =
    await import('../flows/webhooks/webhook-endpoints.js');
  const { systemClock } = await import('../boot.js');
  const deps = (store: Store) => ({ db: store.db, clock: systemClock, keys: store.keys });
  const fail = (error: AppError) => {
    process.stderr.write(`baobab merchants webhook ${action}: ${error.message}\n`);
    return 1;
  };
  const print = (...lines: string[]) => {
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  };
  const describe = (e: WebhookEndpoint) => [`url\t${e.url}`, `format\t${e.mode}`, `endpoint_id\t${e.id}`];

  if (action === 'show') {
    const shown = await withStore(config, (store) => showV3Endpoint(deps(store), merchantId));
    if (!shown.ok) return fail(shown.error);
    const { endpoint, secretHashHint } = shown.value;
    return print(
      ...(endpoint ? describe(endpoint) : ['url\t(none: no v3 webhooks are sent)']),
      `secret_hash\t${secretHashHint}`,
    );
  }
  if (action === 'unset') {
    const removed = await withStore(config, (store) => unsetV3Endpoint(deps(store), merchantId));
    if (!removed.ok) return fail(removed.error);
    return print(removed.value ? `removed\t${removed.value.url}` : 'no v3 webhook URL was set');
  }
  const set = await withStore(config, (store) =>
    setV3Endpoint(deps(store), merchantId, {
      url: url ?? '',
      format,
      ...(secretHash !== undefined && { secretHash }),
    }),
  );
  if (!set.ok) return fail(set.error);
  return print(...describe(set.value), ...(secretHash === undefined ? [] : ['secret_hash\treplaced']));
}

export async function run(argv: string[]): Promise<number> {
  const [command = 'serve', ...rest] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'serve':
      await serve(config);
      return -1; // keep running until a signal
    case 'migrate': {
      const applied = await withStore(config, async (store) => store.migrationsApplied);
      process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'store is up to date\n');
      return 0;
    }
    case 'merchants':
      return merchants(config, rest);
    case 'listen':
      return (await import('./listen.js')).listenCommand(config, rest);
    case 'trigger':
      return (await import('./trigger.js')).triggerCommand(config, rest);
    default:
      process.stderr.write(`baobab: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
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

/**
 * `baobab <command>`: serve (default) · migrate · merchants create|list · help.
 * Commands that touch the store open it the way `serve` does (PGlite data dir or DATABASE_URL).
 */
import { parseArgs } from 'node:util';
import { openReadyStore, systemClock } from '../boot.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { createMerchant, listMerchants } from '../flows/merchants.js';
import { createLogger } from '../log.js';
import { startServer } from '../main.js';

const USAGE = `Usage: baobab <command> [options]

Commands:
  serve                          Run the gateway (default). Configured by environment; see README.md.
  migrate                        Apply pending store migrations and exit.
  merchants create [--name N]    Create a merchant and print its credentials once, as JSON.
  merchants list                 List merchants (ids, names, key prefixes; never secrets).
  help                           Show this text.
`;

async function serve(config: Config): Promise<void> {
  const log = createLogger(config.logLevel);
  const server = await startServer(config, log);
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

async function withStore<T>(
  config: Config,
  work: (store: Awaited<ReturnType<typeof openReadyStore>>) => Promise<T>,
) {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const store = await openReadyStore(config, log);
  try {
    return await work(store);
  } finally {
    await store.db.close();
  }
}

async function merchants(config: Config, args: string[]): Promise<number> {
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
  process.stderr.write(`baobab merchants: expected "create" or "list"\n\n${USAGE}`);
  return 2;
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

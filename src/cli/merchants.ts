/**
 * `baobab migrate` and `baobab merchants create|list|webhook …`: the commands that open the store
 * the way `serve` does (PGlite data dir or DATABASE_URL), do one thing and close it. Their options
 * are parsed by main.ts from its command table; these functions get the parsed values.
 */
import type { Store } from '../boot.js';
import type { Config } from '../config.js';
import type { AppError } from '../domain/errors.js';
import { isV3Format } from '../domain/webhook-endpoints.js';
import type { WebhookEndpoint } from '../domain/webhooks.js';
import { createLogger, logFormatFor } from '../log.js';

export async function withStore<T>(config: Config, work: (store: Store) => Promise<T>): Promise<T> {
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, {
    format: logFormatFor(config.logFormat, process.stdout),
  });
  const { openReadyStore } = await import('../boot.js');
  const store = await openReadyStore(config, log);
  try {
    return await work(store);
  } finally {
    await store.db.close();
  }
}

export async function migrate(config: Config): Promise<number> {
  const applied = await withStore(config, async (store) => store.migrationsApplied);
  process.stdout.write(applied.length > 0 ? `applied: ${applied.join(', ')}\n` : 'store is up to date\n');
  return 0;
}

export async function createMerchantCommand(config: Config, name: string): Promise<number> {
  const { createMerchant } = await import('../flows/merchants/merchants.js');
  const { systemClock } = await import('../boot.js');
  const created = await withStore(config, (store) =>
    createMerchant({ db: store.db, clock: systemClock, keys: store.keys }, name),
  );
  process.stdout.write(`${JSON.stringify(created.credentials, null, 2)}\n`);
  process.stderr.write(
    'Store these credentials now: the secrets are kept only as hashes and cannot be shown again.\n',
  );
  return 0;
}

export async function listMerchantsCommand(config: Config): Promise<number> {
  const { listMerchants } = await import('../flows/merchants/merchants.js');
  const all = await withStore(config, (store) => listMerchants({ db: store.db }));
  for (const m of all) {
    process.stdout.write(
      `${m.id}\t${m.name}\tv4 client_id ${m.v4ClientId}\tv3 ${m.v3PublicKey}\tsecret ${m.v3SecretKeyPrefix}…\n`,
    );
  }
  return 0;
}

export interface WebhookOptions {
  readonly url?: string | undefined;
  readonly format?: string | undefined;
  readonly 'secret-hash'?: string | undefined;
}

/**
 * `merchants webhook set|show|unset <merchant_id>`: the merchant's single v3 webhook endpoint.
 * `usage(problem)` reports a misuse (exit 2) with the command's usage.
 */
export async function merchantWebhook(
  config: Config,
  positionals: readonly string[],
  values: WebhookOptions,
  usage: (problem: string) => number,
): Promise<number> {
  const [action, merchantId, ...extra] = positionals;
  if (action !== 'set' && action !== 'show' && action !== 'unset') {
    return usage('expected "set", "show" or "unset"');
  }
  if (merchantId === undefined || extra.length > 0) return usage(`${action} takes one merchant id`);
  const { url, format = 'envelope', 'secret-hash': secretHash } = values;
  const given = Object.values(values).some((v) => v !== undefined);
  if (action !== 'set' && given) return usage(`${action} takes no options`);
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

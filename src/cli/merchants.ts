/**
 * `baobab migrate` and `baobab merchants create|list|webhook …`: the commands that open the store
 * the way `serve` does (PGlite data dir or DATABASE_URL), do one thing and close it. While a gateway
 * serves the data directory, the merchant commands go through its admin API instead (gateway-client.ts):
 * an embedded store is one process's. Their options are parsed by main.ts from its command table;
 * these functions get the parsed values.
 */
import type { Store } from '../boot.js';
import type { Config } from '../config.js';
import type { Result } from '../domain/result.js';
import { isV3Format, type V3Format } from '../domain/webhook-endpoints.js';
import type { Deps } from '../flows/deps.js';
import type * as EndpointFlows from '../flows/webhooks/webhook-endpoints.js';
import type { WebhookEndpoint } from '../domain/webhooks.js';
import { createLogger, logFormatFor } from '../log.js';
import type { MerchantCredentials } from '../domain/merchant.js';
import { adminResult, runningGateway, type AdminAnswer, type AdminClient } from './gateway-client.js';

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

/** Prints the gateway's error for `command` (exit 1), or hands its data on. */
function answered(command: string, answer: AdminAnswer): unknown {
  const result = adminResult(answer);
  if (result.ok) return result.data;
  process.stderr.write(`baobab ${command}: ${result.message}\n`);
  return 1;
}

export async function createMerchantCommand(config: Config, name: string): Promise<number> {
  let credentials: MerchantCredentials;
  const gateway = await runningGateway(config);
  if (gateway) {
    const made = answered('merchants create', await gateway.call('POST', '/merchants', { name }));
    if (typeof made === 'number') return made;
    credentials = made as MerchantCredentials;
  } else {
    const { createMerchant } = await import('../flows/merchants/merchants.js');
    const { systemClock } = await import('../boot.js');
    const created = await withStore(config, (store) =>
      createMerchant({ db: store.db, clock: systemClock, keys: store.keys }, name),
    );
    credentials = created.credentials;
  }
  process.stdout.write(`${JSON.stringify(credentials, null, 2)}\n`);
  process.stderr.write(
    'Store these credentials now: the secrets are kept only as hashes and cannot be shown again.\n',
  );
  return 0;
}

interface Listed {
  readonly id: string;
  readonly name: string;
  readonly v4_client_id: string;
  readonly v3_public_key: string;
  readonly v3_secret_key_prefix: string;
}

export async function listMerchantsCommand(config: Config): Promise<number> {
  let all: readonly Listed[];
  const gateway = await runningGateway(config);
  if (gateway) {
    const listed = answered('merchants list', await gateway.call('GET', '/merchants'));
    if (typeof listed === 'number') return listed;
    all = listed as Listed[];
  } else {
    const { listMerchants } = await import('../flows/merchants/merchants.js');
    all = (await withStore(config, (store) => listMerchants({ db: store.db }))).map((m) => ({
      id: m.id,
      name: m.name,
      v4_client_id: m.v4ClientId,
      v3_public_key: m.v3PublicKey,
      v3_secret_key_prefix: m.v3SecretKeyPrefix,
    }));
  }
  for (const m of all) {
    process.stdout.write(
      `${m.id}\t${m.name}\tv4 client_id ${m.v4_client_id}\tv3 ${m.v3_public_key}\tsecret ${m.v3_secret_key_prefix}…\n`,
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

  const print = (...lines: string[]) => {
    process.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  };
  const describe = (e: Endpoint) => [`url\t${e.url}`, `format\t${e.format}`, `endpoint_id\t${e.id}`];
  const gateway = await runningGateway(config);
  const hooks = gateway ? gatewayWebhooks(gateway) : storeWebhooks(config);
  const done = await (action === 'show'
    ? hooks
        .show(merchantId)
        .then((shown) =>
          shown.ok
            ? print(
                ...(shown.value.endpoint
                  ? describe(shown.value.endpoint)
                  : ['url\t(none: no v3 webhooks are sent)']),
                `secret_hash\t${shown.value.secret_hash}`,
              )
            : shown.message,
        )
    : action === 'unset'
      ? hooks
          .unset(merchantId)
          .then((removed) =>
            removed.ok
              ? print(removed.value ? `removed\t${removed.value.url}` : 'no v3 webhook URL was set')
              : removed.message,
          )
      : hooks
          .set(merchantId, {
            url: url ?? '',
            format,
            ...(secretHash !== undefined && { secret_hash: secretHash }),
          })
          .then((set) =>
            set.ok
              ? print(...describe(set.value), ...(secretHash === undefined ? [] : ['secret_hash\treplaced']))
              : set.message,
          ));
  if (typeof done === 'number') return done;
  process.stderr.write(`baobab merchants webhook ${action}: ${done}\n`);
  return 1;
}

/** The merchant's v3 endpoint as the admin API shows it. */
interface Endpoint {
  readonly id: string;
  readonly url: string;
  readonly format: string;
}

type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

interface Webhooks {
  show(merchantId: string): Promise<Outcome<{ endpoint: Endpoint | null; secret_hash: string }>>;
  set(
    merchantId: string,
    body: { url: string; format: V3Format; secret_hash?: string },
  ): Promise<Outcome<Endpoint>>;
  unset(merchantId: string): Promise<Outcome<Endpoint | null>>;
}

function gatewayWebhooks(gateway: AdminClient): Webhooks {
  // The admin API answers each with the shape Webhooks names (api/admin.ts).
  const outcome = (answer: AdminAnswer): Outcome<never> => {
    const result = adminResult(answer);
    return result.ok ? { ok: true, value: result.data as never } : result;
  };
  const path = (id: string) => `/merchants/${encodeURIComponent(id)}/webhook`;
  return {
    show: async (id) => outcome(await gateway.call('GET', path(id))),
    set: async (id, body) => outcome(await gateway.call('PUT', path(id), body)),
    unset: async (id) => outcome(await gateway.call('DELETE', path(id))),
  };
}

function storeWebhooks(config: Config): Webhooks {
  const view = (e: WebhookEndpoint): Endpoint => ({ id: e.id, url: e.url, format: e.mode });
  const run = async <T, V>(
    work: (flows: typeof EndpointFlows, deps: Pick<Deps, 'db' | 'clock' | 'keys'>) => Promise<Result<T>>,
    shape: (value: T) => V,
  ): Promise<Outcome<V>> => {
    const [flows, { systemClock }] = await Promise.all([
      import('../flows/webhooks/webhook-endpoints.js'),
      import('../boot.js'),
    ]);
    const result = await withStore(config, (store) =>
      work(flows, { db: store.db, clock: systemClock, keys: store.keys }),
    );
    return result.ok
      ? { ok: true, value: shape(result.value) }
      : { ok: false, message: result.error.message };
  };
  return {
    show: (id) =>
      run(
        (f, deps) => f.showV3Endpoint(deps, id),
        (v) => ({ endpoint: v.endpoint ? view(v.endpoint) : null, secret_hash: v.secretHashHint }),
      ),
    set: (id, body) =>
      run(
        (f, deps) =>
          f.setV3Endpoint(deps, id, {
            url: body.url,
            format: body.format,
            ...(body.secret_hash !== undefined && { secretHash: body.secret_hash }),
          }),
        view,
      ),
    unset: (id) =>
      run(
        (f, deps) => f.unsetV3Endpoint(deps, id),
        (v) => (v ? view(v) : null),
      ),
  };
}

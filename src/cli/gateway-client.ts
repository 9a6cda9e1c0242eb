/**
 * What `baobab listen` and `baobab trigger` share: which gateway to call (`--gateway`, else
 * BAOBAB_PUBLIC_URL or HOST/PORT, so the defaults reach a local `baobab serve`) and with which v3
 * secret key (`--secret-key`, else the sandbox merchant's from the data directory's
 * sandbox-credentials.json). They are HTTP clients of a running gateway: they never open the store.
 *
 * The store and sandbox commands reach the gateway that serves the data directory through its admin
 * API on loopback (`runningGateway`: the URL and token `serve` wrote to gateway.json).
 */
import { readFileSync } from 'node:fs';
import { isHttpUrl } from '../api/http/fields.js';
import { credentialsFile, gatewayFile, type Config } from '../config.js';
import type { MerchantCredentials } from '../domain/merchant.js';

export interface Gateway {
  /** Without a trailing slash. */
  readonly url: string;
  readonly secretKey: string;
}

/** The gateway to call, or a sentence saying what is missing. */
export function gatewayOf(
  config: Config,
  given: { readonly gateway?: string | undefined; readonly secretKey?: string | undefined },
): Gateway | string {
  const url = (given.gateway ?? config.publicUrl).replace(/\/+$/, '');
  if (!isHttpUrl(url)) {
    return `--gateway must be an http(s) URL (got "${url}")`;
  }
  if (given.secretKey !== undefined) return { url, secretKey: given.secretKey };
  const file = credentialsFile(config);
  try {
    const credentials = JSON.parse(readFileSync(file, 'utf8')) as MerchantCredentials;
    return { url, secretKey: credentials.v3.secret_key };
  } catch {
    return `no --secret-key given and no sandbox credentials in ${file}: pass --secret-key, or set BAOBAB_DATA_DIR to the gateway's data directory`;
  }
}

/** A running gateway's admin API (src/api/admin.ts), found through the data directory's gateway.json. */
export interface AdminClient {
  readonly url: string;
  /** One admin request; `path` is under `/_admin`. Resolves with the status and the parsed body. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    body?: unknown,
    timeoutMs?: number,
  ): Promise<AdminAnswer>;
}

export interface AdminAnswer {
  readonly status: number;
  readonly body: unknown;
}

interface GatewayFile {
  readonly url: string;
  readonly token: string;
}

const PING_TIMEOUT_MS = 1500;
const CALL_TIMEOUT_MS = 60_000;

/**
 * The gateway serving this data directory, when its gateway.json is there and it answers its admin
 * ping; undefined otherwise (none runs, or a killed one left the file behind).
 */
export async function runningGateway(config: Pick<Config, 'dataDir'>): Promise<AdminClient | undefined> {
  let found: GatewayFile;
  try {
    found = JSON.parse(readFileSync(gatewayFile(config), 'utf8')) as GatewayFile;
  } catch {
    return undefined;
  }
  if (typeof found.url !== 'string' || typeof found.token !== 'string') return undefined;
  const client = adminClient(found);
  try {
    const ping = await client.call('GET', '/ping', undefined, PING_TIMEOUT_MS);
    return ping.status === 200 ? client : undefined;
  } catch {
    return undefined;
  }
}

function adminClient(file: GatewayFile): AdminClient {
  const base = file.url.replace(/\/+$/, '');
  return {
    url: base,
    async call(method, path, body, timeoutMs = CALL_TIMEOUT_MS) {
      const res = await fetch(`${base}/_admin${path}`, {
        method,
        headers: {
          authorization: `Bearer ${file.token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text) as unknown;
      } catch {
        // Not JSON: kept as text for the message.
      }
      return { status: res.status, body: parsed };
    },
  };
}

/** The gateway serving the data directory, or undefined after saying there is none (exit 1). */
export async function requireGateway(
  config: Pick<Config, 'dataDir'>,
  command: string,
): Promise<AdminClient | undefined> {
  const gateway = await runningGateway(config);
  if (!gateway) {
    process.stderr.write(
      `baobab ${command}: no gateway is running on ${config.dataDir} (start one with \`baobab serve\`)\n`,
    );
  }
  return gateway;
}

/** What an admin answer carries: its `data` when it succeeded, else the gateway's error message. */
export function adminResult(
  answer: AdminAnswer,
): { readonly ok: true; readonly data: unknown } | { readonly ok: false; readonly message: string } {
  const body = answer.body as { data?: unknown; error?: { message?: unknown } } | string | null;
  if (answer.status >= 200 && answer.status < 300 && typeof body === 'object' && body !== null) {
    return { ok: true, data: body.data };
  }
  const message =
    typeof body === 'object' && body !== null && typeof body.error?.message === 'string'
      ? body.error.message
      : `the gateway answered ${String(answer.status)}`;
  return { ok: false, message };
}

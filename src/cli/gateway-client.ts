/**
 * What `baobab listen` and `baobab trigger` share: which gateway to call (`--gateway`, else
 * BAOBAB_PUBLIC_URL or HOST/PORT, so the defaults reach a local `baobab serve`) and with which v3
 * secret key (`--secret-key`, else the sandbox merchant's from the data directory's
 * sandbox-credentials.json). They are HTTP clients of a running gateway: they never open the store.
 */
import { readFileSync } from 'node:fs';
import { isHttpUrl } from '../api/http/fields.js';
import { credentialsFile, type Config } from '../config.js';
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

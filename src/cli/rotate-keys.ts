/**
 * `baobab merchants rotate-keys <merchant_id>`: a new v3 secret key and the encryption key derived
 * from it (Flutterwave's getKey), for merchants made before encryption keys were derived, or whose
 * secret key leaked. The keys are printed once, as JSON; for the sandbox merchant,
 * sandbox-credentials.json is updated too, so the boot banner, `listen` and `trigger` keep working.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Store } from '../boot.js';
import { credentialsFile, type Config } from '../config.js';
import type { MerchantCredentials } from '../domain/merchant.js';
import { adminResult, runningGateway } from './gateway-client.js';

type WithStore = <T>(config: Config, work: (store: Store) => Promise<T>) => Promise<T>;

export async function rotateKeysCommand(
  config: Config,
  positionals: readonly string[],
  withStore: WithStore,
  usage: (problem: string) => number,
): Promise<number> {
  const [merchantId, ...extra] = positionals;
  if (merchantId === undefined || extra.length > 0) return usage('takes one merchant id');
  const rotated = await rotate(config, merchantId, withStore);
  if (typeof rotated === 'string') {
    process.stderr.write(`baobab merchants rotate-keys: ${rotated}\n`);
    return 1;
  }
  const { merchant_id: id, sandbox_seed: sandboxSeed, v3 } = rotated;
  process.stdout.write(`${JSON.stringify({ merchant_id: id, v3 }, null, 2)}\n`);
  const notes = [
    'Store these keys now: the secret key is kept only as a hash and cannot be shown again.',
    'The old v3 secret and encryption keys no longer work (a running gateway may accept them for up to a minute);',
    'the v3 public key, the v4 client and the webhook secret hash are unchanged.',
  ];
  if (sandboxSeed) notes.push(updateSandboxFile(config, id, v3));
  process.stderr.write(`${notes.join('\n')}\n`);
  return 0;
}

interface Rotated {
  readonly merchant_id: string;
  readonly sandbox_seed: boolean;
  readonly v3: MerchantCredentials['v3'];
}

/** Through the running gateway when one serves the data directory, else on the store; a message on failure. */
async function rotate(config: Config, merchantId: string, withStore: WithStore): Promise<Rotated | string> {
  const gateway = await runningGateway(config);
  if (gateway) {
    const result = adminResult(
      await gateway.call('POST', `/merchants/${encodeURIComponent(merchantId)}/rotate-keys`),
    );
    return result.ok ? (result.data as Rotated) : result.message;
  }
  const { rotateV3Keys } = await import('../flows/merchants/merchants.js');
  const rotated = await withStore(config, (store) => rotateV3Keys(store, merchantId));
  if (!rotated.ok) return rotated.error.message;
  const { merchant, sandboxSeed, v3 } = rotated.value;
  return { merchant_id: merchant.id, sandbox_seed: sandboxSeed, v3 };
}

function updateSandboxFile(config: Config, merchantId: string, v3: MerchantCredentials['v3']): string {
  const file = credentialsFile(config);
  if (!existsSync(file)) return `No ${file} to update.`;
  const saved = JSON.parse(readFileSync(file, 'utf8')) as MerchantCredentials;
  if (saved.merchant_id !== merchantId) return `${file} names another merchant: left as it was.`;
  const updated: MerchantCredentials = { ...saved, v3 };
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`, { mode: 0o600 });
  return `Updated ${file}.`;
}

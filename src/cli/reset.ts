/**
 * `baobab reset [--merchant <id>]`: wipes one merchant's sandbox data (flows/sandbox/reset.ts), the
 * data directory's sandbox merchant unless another is named. Through the running gateway when one
 * serves the data directory (gateway-client.ts), else on the store.
 */
import { readFileSync } from 'node:fs';
import { credentialsFile, type Config } from '../config.js';
import type { MerchantCredentials } from '../domain/merchant.js';
import type { ResetReport } from '../flows/sandbox/reset.js';
import { withStore } from './merchants.js';
import { adminResult, runningGateway } from './gateway-client.js';

function sandboxMerchant(config: Config): string | undefined {
  try {
    return (JSON.parse(readFileSync(credentialsFile(config), 'utf8')) as MerchantCredentials).merchant_id;
  } catch {
    return undefined;
  }
}

export async function resetCommand(config: Config, merchant: string | undefined): Promise<number> {
  const merchantId = merchant ?? sandboxMerchant(config);
  if (merchantId === undefined) {
    process.stderr.write(
      `baobab reset: no --merchant given and no sandbox merchant in ${credentialsFile(config)}\n`,
    );
    return 1;
  }
  const reset = await run(config, merchantId);
  if (typeof reset === 'string') {
    process.stderr.write(`baobab reset: ${reset}\n`);
    return 1;
  }
  const lines = Object.entries(reset.deleted)
    .filter(([, n]) => n > 0)
    .map(([table, n]) => `${table}\t${String(n)}`);
  process.stdout.write([`merchant_id\t${merchantId}`, ...lines].join('\n') + '\n');
  process.stderr.write(
    'Reset: the merchant, its keys, its webhook endpoints and its sandbox settings are kept.\n',
  );
  return 0;
}

async function run(config: Config, merchantId: string): Promise<ResetReport | string> {
  const gateway = await runningGateway(config);
  if (gateway) {
    const result = adminResult(
      await gateway.call('POST', `/merchants/${encodeURIComponent(merchantId)}/reset`),
    );
    return result.ok ? (result.data as ResetReport) : result.message;
  }
  const { resetSandbox } = await import('../flows/sandbox/reset.js');
  const reset = await withStore(config, (store) => resetSandbox(store, merchantId));
  return reset.ok ? reset.value : reset.error.message;
}

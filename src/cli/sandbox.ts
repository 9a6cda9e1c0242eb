/**
 * `baobab sandbox approve|decline <charge>` and `baobab sandbox transfer-in <virtual account> <amount>`:
 * the sandbox controls from the terminal, acting for whichever merchant owns the charge or account
 * (any id: chg_…, a v3 numeric id, flw_ref or tx_ref; va_… or an account number). They go through
 * the admin API of the gateway serving the data directory (gateway-client.ts): with none, they say so.
 */
import type { Config } from '../config.js';
import { adminResult, requireGateway } from './gateway-client.js';

export interface SandboxOptions {
  readonly merchant?: string | undefined;
  readonly issuer?: string | undefined;
}

interface Summary {
  readonly id: string;
  readonly tx_id: number;
  readonly flw_ref: string;
  readonly reference: string;
  readonly merchant_id: string;
  readonly amount: number;
  readonly currency: string;
  readonly status: string;
  readonly processor_response?: { readonly type: string; readonly code: string };
  readonly next_action?: string;
  readonly virtual_account?: { readonly id: string; readonly account_number: string };
}

export async function sandboxCommand(
  config: Config,
  action: 'approve' | 'decline' | 'transfer-in',
  positionals: readonly string[],
  options: SandboxOptions,
  usage: (problem: string) => number,
): Promise<number> {
  const command = `sandbox ${action}`;
  const [target, amount, ...extra] = positionals;
  if (action === 'transfer-in') {
    if (target === undefined || amount === undefined || extra.length > 0) {
      return usage('takes a virtual account (id or account number) and an amount');
    }
    if (!/^\d+(\.\d+)?$/.test(amount)) return usage(`the amount must be a positive number (got "${amount}")`);
  } else if (target === undefined || amount !== undefined) {
    return usage('takes one charge (id, v3 numeric id, flw_ref or tx_ref)');
  }
  const gateway = await requireGateway(config, command);
  if (!gateway) return 1;
  const merchant = options.merchant === undefined ? {} : { merchant_id: options.merchant };
  const answer =
    action === 'transfer-in'
      ? await gateway.call('POST', `/sandbox/virtual-accounts/${encodeURIComponent(target)}/transfers`, {
          amount,
          ...merchant,
        })
      : await gateway.call('POST', `/sandbox/charges/${encodeURIComponent(target)}/${action}`, {
          ...merchant,
          ...(options.issuer !== undefined && { issuer: options.issuer }),
        });
  const result = adminResult(answer);
  if (!result.ok) {
    process.stderr.write(`baobab ${command}: ${result.message}\n`);
    return 1;
  }
  process.stdout.write(describe(result.data as Summary));
  return 0;
}

/** `key\tvalue` lines, as the other commands print. */
function describe(c: Summary): string {
  const lines = [
    ['charge', c.id],
    ['tx_id', String(c.tx_id)],
    ['flw_ref', c.flw_ref],
    ['tx_ref', c.reference],
    ['merchant_id', c.merchant_id],
    ['amount', `${String(c.amount)} ${c.currency}`],
    ['status', c.status],
    ...(c.processor_response
      ? [['processor_response', `${c.processor_response.code} ${c.processor_response.type}`]]
      : []),
    ...(c.next_action === undefined ? [] : [['next_action', c.next_action]]),
    ...(c.virtual_account
      ? [['virtual_account', `${c.virtual_account.id} ${c.virtual_account.account_number}`]]
      : []),
  ];
  return lines.map(([k, v]) => `${k ?? ''}\t${v ?? ''}\n`).join('');
}

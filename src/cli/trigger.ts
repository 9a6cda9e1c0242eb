/**
 * `baobab trigger <event>`: makes a running gateway emit a real event by doing, through its public v3
 * API, what causes it — a sandbox card charge that is final at once (`charge.completed`; with
 * `--status failed` the issuer declines it: insufficient funds), or such a charge and a full refund of
 * it (`refund.completed`); a v3 transfer ended by the sandbox controls (`transfer.disburse`, and
 * `transfer.reversal` once it is returned). Plain-JSON v3 card charges need no encryption, and a secret
 * key no token. `--override field=value` sets fields of the charge's or the transfer's request.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { EventType } from '../domain/events.js';
import { reasonOf } from '../jobs/webhook-delivery.js';
import { gatewayOf, type Gateway } from './gateway-client.js';
import { TRIGGERABLE } from './triggerable.js';

/** A v3 test card charged without PIN, OTP or redirect: the scenario alone decides the outcome. */
const CARD = { number: '5061460410120223210', cvv: '564' };

interface Created {
  readonly id: number;
  readonly tx_ref?: string;
  readonly flw_ref?: string;
  readonly status?: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

class GatewayRefused extends Error {}

async function call(
  gateway: Gateway,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Created> {
  const res = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${gateway.secretKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let reply: { status?: string; message?: string; data?: Created } = {};
  try {
    reply = JSON.parse(text) as typeof reply;
  } catch {
    // Not JSON: reported below with the status.
  }
  if (!res.ok || reply.status !== 'success' || !reply.data) {
    throw new GatewayRefused(
      `POST ${path} answered ${String(res.status)}: ${reply.message ?? text.slice(0, 200)}`,
    );
  }
  return reply.data;
}

/** `--override amount=2500 meta.order=42`: each dotted field set to the value, read as JSON when it is. */
export function readOverrides(pairs: readonly string[]): Record<string, unknown> | string {
  const body: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const path = pair.slice(0, Math.max(at, 0)).split('.');
    if (at <= 0 || path.some((p) => !/^[A-Za-z_][\w-]*$/.test(p))) {
      return `--override takes FIELD=VALUE, such as amount=2500 or meta.order=42 (got "${pair}")`;
    }
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: the text itself, as a string.
    }
    let target = body;
    for (const key of path.slice(0, -1)) {
      const next = target[key];
      target = (target[key] = typeof next === 'object' && next !== null ? next : {}) as Record<
        string,
        unknown
      >;
    }
    target[path.at(-1) ?? ''] = value;
  }
  return body;
}

/** `base` with `overrides` laid over it, nested objects merged. */
function overlay(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const under = out[key];
    out[key] =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof under === 'object' &&
      under !== null
        ? overlay(under as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return out;
}

function charge(
  gateway: Gateway,
  status: 'succeeded' | 'failed',
  overrides: Record<string, unknown>,
): Promise<Created> {
  const issuer = status === 'failed' ? 'insufficient_funds' : 'approved';
  return call(
    gateway,
    '/v3/charges?type=card',
    overlay(
      {
        card_number: CARD.number,
        cvv: CARD.cvv,
        expiry_month: '12',
        expiry_year: String((new Date().getUTCFullYear() + 3) % 100),
        currency: 'NGN',
        amount: 100,
        email: 'trigger@baobab.example',
        fullname: 'Baobab Trigger',
        tx_ref: `baobab-trigger-${randomBytes(6).toString('hex')}`,
      },
      overrides,
    ),
    { 'x-scenario-key': `scenario:noauth&issuer:${issuer}` },
  );
}

const describe = (c: Created) =>
  `charge ${String(c.id)} (tx_ref ${c.tx_ref ?? '?'}, flw_ref ${c.flw_ref ?? '?'}): ${c.status ?? '?'}`;

/** A v3 transfer to a sandbox test account, ended (and for a reversal, returned) by the sandbox controls. */
async function payout(
  gateway: Gateway,
  event: 'transfer.disburse' | 'transfer.reversal',
  status: 'succeeded' | 'failed',
  out: (line: string) => void,
  overrides: Record<string, unknown>,
): Promise<void> {
  const created = await call(
    gateway,
    '/v3/transfers',
    overlay(
      {
        account_bank: '044',
        account_number: '0690000040',
        amount: 100,
        currency: 'NGN',
        narration: 'Baobab trigger',
        reference: `baobab-trigger-${randomBytes(6).toString('hex')}`,
      },
      overrides,
    ),
  );
  out(`Created transfer ${String(created.id)}`);
  const fail = event === 'transfer.disburse' && status === 'failed';
  await call(gateway, `/v3/sandbox/payouts/${String(created.id)}/${fail ? 'fail' : 'complete'}`, {});
  if (event === 'transfer.reversal')
    await call(gateway, `/v3/sandbox/payouts/${String(created.id)}/reverse`, {});
  out(`${event} is on its way.`);
}

export async function trigger(
  gateway: Gateway,
  event: EventType,
  status: 'succeeded' | 'failed',
  out: (line: string) => void,
  /** Fields laid over the request that makes the event: the charge's, or the transfer's. */
  overrides: Record<string, unknown> = {},
): Promise<void> {
  if (event === 'transfer.disburse' || event === 'transfer.reversal') {
    await payout(gateway, event, status, out, overrides);
    return;
  }
  const charged = await charge(gateway, status, overrides);
  out(`Created ${describe(charged)}`);
  if (event === 'refund.completed') {
    const refund = await call(gateway, `/v3/transactions/${String(charged.id)}/refund`, {});
    out(`Refunded it in full: refund ${String(refund.id)}`);
  }
  if (event === 'chargeback.created' || event === 'chargeback.updated') {
    const opened = await call(gateway, '/v3/sandbox/chargebacks', { flw_ref: charged.flw_ref });
    out(`Opened chargeback ${String(opened.id)} on it`);
    if (event === 'chargeback.updated') {
      await call(gateway, `/v3/sandbox/chargebacks/${String(opened.id)}/resolve`, { outcome: 'lost' });
      out('Resolved it: lost');
    }
  }
  out(`${event} is on its way.`);
}

export interface TriggerOptions {
  readonly status: string;
  readonly overrides?: readonly string[];
  readonly gateway?: string | undefined;
  readonly secretKey?: string | undefined;
}

/**
 * `baobab trigger …` from the command line, its options parsed by main.ts; `usage(problem)` reports
 * a misuse (exit 2) with the command's usage.
 */
export async function triggerCommand(
  config: Config,
  positionals: readonly string[],
  values: TriggerOptions,
  usage: (problem: string) => number,
): Promise<number> {
  const [event, ...extra] = positionals;
  const supported = `supported events: ${TRIGGERABLE.join(', ')}`;
  if (event === undefined) return usage(`name the event to trigger; ${supported}`);
  const known = TRIGGERABLE.find((t) => t === event);
  if (known === undefined) return usage(`unknown event "${event}"; ${supported}`);
  if (extra.length > 0) return usage(`one event at a time (got ${positionals.join(' ')})`);
  const status = values.status;
  if (status !== 'succeeded' && status !== 'failed') return usage('--status must be succeeded or failed');
  if ((known === 'refund.completed' || known.startsWith('chargeback.')) && status === 'failed') {
    return usage('a refund needs a charge that succeeded: --status failed is for charge.completed');
  }
  const overrides = readOverrides(values.overrides ?? []);
  if (typeof overrides === 'string') return usage(overrides);
  const gateway = gatewayOf(config, values);
  if (typeof gateway === 'string') return usage(gateway);
  try {
    await trigger(gateway, known, status, (line) => process.stdout.write(`${line}\n`), overrides);
    return 0;
  } catch (error) {
    const reason =
      error instanceof GatewayRefused
        ? error.message
        : `cannot reach ${gateway.url}: ${reasonOf(error, REQUEST_TIMEOUT_MS)}`;
    process.stderr.write(`baobab trigger: ${reason}\n`);
    return 1;
  }
}

/**
 * `baobab clock [freeze|unfreeze|advance]`: the sandbox merchant's clock on a running gateway
 * (docs/sandbox.md "Time"), through the v3 sandbox routes with the merchant's secret key. It prints
 * the clock, and for an advance each timer it fired, in the order they ran.
 */
import type { Config } from '../config.js';
import { gatewayOf, type Gateway } from './gateway-client.js';

export type ClockAction = 'show' | 'freeze' | 'unfreeze' | 'advance';

interface ClockAnswer {
  readonly now: string;
  readonly frozen: boolean;
  readonly offset_seconds: number;
  readonly fired?: readonly { kind: string; id: string; due_at: string; outcome: string }[];
}

const signed = (seconds: number): string => `${seconds >= 0 ? '+' : ''}${String(seconds)} s`;

/** The clock's lines: its time, whether it is frozen, its offset; then what an advance fired. */
export function clockLines(c: ClockAnswer): string[] {
  const head = `${c.now}  ${c.frozen ? 'frozen' : 'running'}, offset ${signed(c.offset_seconds)}`;
  if (c.fired === undefined) return [head];
  return [
    head,
    c.fired.length === 0
      ? 'Nothing fell due.'
      : `Fired ${String(c.fired.length)} timer${c.fired.length === 1 ? '' : 's'}:`,
    ...c.fired.map((f) => `  ${f.due_at}  ${f.kind}  ${f.id}  ${f.outcome}`),
  ];
}

/** One clock request; resolves with the exit code, having printed the answer or why it failed. */
export async function clock(
  gateway: Gateway,
  action: ClockAction,
  body: Record<string, unknown> | undefined,
  io: { out(line: string): void; err(line: string): void },
): Promise<number> {
  const path = action === 'show' ? '/v3/sandbox/clock' : `/v3/sandbox/clock/${action}`;
  let res: Response;
  try {
    res = await fetch(`${gateway.url}${path}`, {
      method: action === 'show' ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${gateway.secretKey}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch (error) {
    io.err(`baobab clock: cannot reach ${gateway.url}: ${(error as Error).message}`);
    return 1;
  }
  const answer = (await res.json().catch(() => ({}))) as { message?: string; data?: ClockAnswer };
  if (res.status !== 200 || answer.data === undefined) {
    io.err(`baobab clock: the gateway answered ${String(res.status)}: ${answer.message ?? ''}`.trimEnd());
    return 1;
  }
  for (const line of clockLines(answer.data)) io.out(line);
  return 0;
}

export interface ClockOptions {
  readonly seconds?: string | undefined;
  readonly to?: string | undefined;
  readonly gateway?: string | undefined;
  readonly secretKey?: string | undefined;
}

/** `baobab clock …` from the command line; `usage(problem)` reports a misuse (exit 2). */
export async function clockCommand(
  config: Config,
  action: ClockAction,
  values: ClockOptions,
  usage: (problem: string) => number,
): Promise<number> {
  let body: Record<string, unknown> | undefined;
  if (action === 'advance') {
    if ((values.seconds === undefined) === (values.to === undefined)) {
      return usage('give exactly one of --seconds N and --to TIME');
    }
    if (values.seconds !== undefined && !/^\d+(\.\d+)?$/.test(values.seconds)) {
      return usage('--seconds must be a number of seconds, such as 3600');
    }
    body = values.seconds !== undefined ? { seconds: Number(values.seconds) } : { to: values.to };
  }
  const gateway = gatewayOf(config, values);
  if (typeof gateway === 'string') return usage(gateway);
  return clock(gateway, action, body, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}

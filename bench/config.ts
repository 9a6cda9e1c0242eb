/** The bench's configuration, from the environment (see bench/run.ts). */
import { fileURLToPath } from 'node:url';

export const env = (name: string): string | undefined => {
  const value = process.env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

export const CONNECTIONS = 64;
export const WARMUP_SECONDS = 2;
export const DURATION_SECONDS = Number(env('BENCH_DURATION') ?? '10');
// A token lives 600 s: each gateway target takes its own, just before its setup, warm-up and measurement.
if (!Number.isInteger(DURATION_SECONDS) || DURATION_SECONDS < 1 || DURATION_SECONDS > 500) {
  throw new Error('BENCH_DURATION must be a whole number of seconds from 1 to 500');
}
export const DATABASE_URL =
  env('BENCH_DATABASE_URL') ?? env('TEST_DATABASE_URL') ?? 'postgres://postgres@127.0.0.1:5432/test';
export const HOST = '127.0.0.1';
/** BENCH_ONLY: a comma-separated subset of the parts (http, webhooks, startup) to run; all by default. */
export const PARTS = ['http', 'webhooks', 'startup'] as const;
export const ONLY = new Set<string>(
  env('BENCH_ONLY')
    ?.split(',')
    .map((p) => p.trim()) ?? PARTS,
);
for (const part of ONLY) {
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`BENCH_ONLY: no part named ${part}`);
}
export const GATEWAY_ENTRY = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
export const BASELINE_ENTRY = fileURLToPath(new URL('./baseline.ts', import.meta.url));
export const CHARGE_BASELINE_ENTRY = fileURLToPath(new URL('./charge-baseline.ts', import.meta.url));
export const WEBHOOK_BASELINE_ENTRY = fileURLToPath(new URL('./webhook-baseline.ts', import.meta.url));
/** Charges created before `GET /charges/{id}` is measured; the requests cycle through them. */
export const FETCHED_CHARGES = 200;

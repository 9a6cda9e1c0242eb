/**
 * One fuzz test file's setting: a fresh gateway with a merchant, and a watch on the process for
 * exceptions and rejections nobody handled while the suite ran (the app must not die, nor leak any).
 */
import { expect } from 'vitest';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { describeReport, runFuzz, summary, type Suite } from './runner.js';

export interface Harness {
  readonly gw: TestGateway;
  readonly merchant: TestMerchant;
  close(): Promise<void>;
}

export async function openHarness(): Promise<Harness> {
  const gw = await startGateway();
  const merchant = await gw.merchant('Fuzz Merchant');
  return { gw, merchant, close: () => gw.close() };
}

/** Runs the suite and asserts everything the fuzz suite promises: see test/fuzz/README in each file. */
export async function fuzzAndCheck(name: string, suite: Suite): Promise<void> {
  const escaped: unknown[] = [];
  const onEscape = (error: unknown) => {
    escaped.push(error);
  };
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
  let report;
  try {
    report = await runFuzz(suite);
  } finally {
    process.off('uncaughtException', onEscape);
    process.off('unhandledRejection', onEscape);
  }
  process.stdout.write(`${summary(name, report)}\n`);
  expect(report.failures, describeReport(name, report)).toEqual([]);
  expect(escaped, 'exceptions or rejections escaped while fuzzing').toEqual([]);
  for (const [op, count] of report.perOperation) expect(count, `${op} was never sent`).toBeGreaterThan(0);
  // Still alive and well, and nothing unforeseen was counted along the way.
  const health = await suite.gw.app.inject({ method: 'GET', url: '/health' });
  expect(health.statusCode).toBe(200);
  const metrics = (await suite.gw.app.inject({ method: 'GET', url: '/metrics' })).body;
  const unexpected = metrics.split('\n').filter((l) => l.startsWith('baobab_unexpected_errors_total{'));
  expect(unexpected.length).toBeGreaterThan(0);
  for (const line of unexpected) expect(line, 'an unexpected error was counted').toMatch(/ 0$/);
}

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const problemsOf = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('BAOBAB_WEBHOOK_URL and BAOBAB_WEBHOOK_FORMAT', () => {
  it('set no sandbox webhook when absent', () => {
    expect(loadConfig({}).sandboxWebhook).toBeUndefined();
    expect(loadConfig({ BAOBAB_WEBHOOK_URL: '  ' }).sandboxWebhook).toBeUndefined();
  });

  it('give the sandbox merchant a v3 endpoint in the envelope format unless legacy is asked for', () => {
    expect(loadConfig({ BAOBAB_WEBHOOK_URL: 'http://localhost:3000/hooks' }).sandboxWebhook).toEqual({
      url: 'http://localhost:3000/hooks',
      format: 'envelope',
    });
    expect(
      loadConfig({ BAOBAB_WEBHOOK_URL: 'https://hooks.example.com/flw', BAOBAB_WEBHOOK_FORMAT: 'legacy' })
        .sandboxWebhook,
    ).toEqual({ url: 'https://hooks.example.com/flw', format: 'legacy' });
  });

  it.each([
    ['hooks.example.com', 'must be an absolute http or https URL'],
    ['ftp://hooks.example.com/', 'must be an absolute http or https URL'],
    ['https://user:pw@hooks.example.com/', 'must not carry a user name or password'],
    ['https://hooks.example.com/#x', 'must not have a fragment'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters long'],
  ])('refuse %s, naming the variable and the problem', (url, problem) => {
    const [message] = problemsOf({ BAOBAB_WEBHOOK_URL: url });
    expect(message).toContain(`BAOBAB_WEBHOOK_URL ${problem}`);
  });

  it('refuse a format other than envelope or legacy, with or without a URL', () => {
    for (const env of [
      { BAOBAB_WEBHOOK_URL: 'https://hooks.example.com', BAOBAB_WEBHOOK_FORMAT: 'json' },
      { BAOBAB_WEBHOOK_FORMAT: 'json' },
    ]) {
      expect(problemsOf(env)).toEqual(['BAOBAB_WEBHOOK_FORMAT must be envelope or legacy (got "json")']);
    }
  });

  it('report every problem at once', () => {
    expect(problemsOf({ BAOBAB_WEBHOOK_URL: 'nope', BAOBAB_WEBHOOK_FORMAT: 'xml', PORT: 'x' })).toHaveLength(
      3,
    );
  });
});

describe('database timeouts and the job lease', () => {
  it('default to a 3 s connect, 10 s statement and 10 s idle-in-transaction timeout, and a 10 s lease', () => {
    expect(loadConfig({})).toMatchObject({
      dbConnectTimeoutMs: 3_000,
      dbStatementTimeoutMs: 10_000,
      dbIdleTxTimeoutMs: 10_000,
      jobLeaseMs: 10_000,
    });
  });

  it('read BAOBAB_DB_CONNECT_TIMEOUT_MS, BAOBAB_DB_STATEMENT_TIMEOUT_MS and BAOBAB_DB_IDLE_TX_TIMEOUT_MS', () => {
    expect(
      loadConfig({
        BAOBAB_DB_CONNECT_TIMEOUT_MS: '1500',
        BAOBAB_DB_STATEMENT_TIMEOUT_MS: '20000',
        BAOBAB_DB_IDLE_TX_TIMEOUT_MS: '30000',
      }),
    ).toMatchObject({ dbConnectTimeoutMs: 1_500, dbStatementTimeoutMs: 20_000, dbIdleTxTimeoutMs: 30_000 });
    expect(problemsOf({ BAOBAB_DB_CONNECT_TIMEOUT_MS: '0' })).toEqual([
      'BAOBAB_DB_CONNECT_TIMEOUT_MS must be an integer from 100 to 60000 (got "0")',
    ]);
  });

  it('refuse a statement timeout that would cut a lock wait short of its 409; unset, it makes room', () => {
    expect(problemsOf({ BAOBAB_DB_STATEMENT_TIMEOUT_MS: '5000' })).toEqual([
      'BAOBAB_DB_STATEMENT_TIMEOUT_MS (5000) must be more than BAOBAB_LOCK_WAIT_MS (5000): a request waiting for a row lock would time out before it could answer 409',
    ]);
    expect(loadConfig({ BAOBAB_LOCK_WAIT_MS: '20000' }).dbStatementTimeoutMs).toBe(25_000);
  });

  it('allow a webhook timeout longer than the lease: the lease is renewed while the delivery waits', () => {
    expect(loadConfig({ BAOBAB_JOB_LEASE_MS: '5000', BAOBAB_WEBHOOK_TIMEOUT_MS: '30000' })).toMatchObject({
      jobLeaseMs: 5_000,
      webhookTimeoutMs: 30_000,
    });
  });
});

describe('BAOBAB_RATE_LIMIT_* and BAOBAB_FAULT_HOLD_MS', () => {
  it('are on by default, with the documented limits and a 30 s hold', () => {
    const config = loadConfig({});
    expect(config.rateLimits).toEqual({
      charges: { perSecond: 100, burst: 200 },
      transfers: { perSecond: 50, burst: 100 },
      reads: { perSecond: 200, burst: 400 },
      other: { perSecond: 100, burst: 200 },
    });
    expect(config.rateLimitSyncMs).toBe(250);
    expect(config.faultHoldMs).toBe(30_000);
  });

  it('read <per second> (burst two seconds of it), <per second>/<burst>, and 0 for no limit', () => {
    const config = loadConfig({
      BAOBAB_RATE_LIMIT_CHARGES: '5',
      BAOBAB_RATE_LIMIT_READS: '10/3',
      BAOBAB_RATE_LIMIT_OTHER: '0',
    });
    expect(config.rateLimits.charges).toEqual({ perSecond: 5, burst: 10 });
    expect(config.rateLimits.reads).toEqual({ perSecond: 10, burst: 3 });
    expect(config.rateLimits.other).toEqual({ perSecond: 0, burst: 0 });
  });

  it.each(['fast', '-1', '5/0', '1.5', '5/'])('refuse BAOBAB_RATE_LIMIT_TRANSFERS=%s, naming it', (raw) => {
    const [message] = problemsOf({ BAOBAB_RATE_LIMIT_TRANSFERS: raw });
    expect(message).toContain('BAOBAB_RATE_LIMIT_TRANSFERS must be <requests per second>');
  });
});

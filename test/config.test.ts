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

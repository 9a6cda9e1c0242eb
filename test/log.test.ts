/**
 * The logger's two ways to print (src/log.ts): JSON lines, and on a terminal one readable line per
 * entry. The choice, the request line and the other lines, through a logger writing to a stream as
 * the process's does; test/cli/logs.test.ts checks both through the real process's output.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, logFormatFor, prettyLine } from '../src/log.js';

function capture(isTTY = false) {
  const lines: string[] = [];
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    }),
    { isTTY },
  );
  return { out, lines };
}

const at = new Date(2026, 11, 4, 9, 5, 7, 42).getTime();

describe('the log format', () => {
  it('is pretty on a terminal and JSON elsewhere, unless BAOBAB_LOG_FORMAT says', () => {
    expect(logFormatFor('auto', { isTTY: true })).toBe('pretty');
    expect(logFormatFor('auto', { isTTY: false })).toBe('json');
    expect(logFormatFor('auto', {})).toBe('json');
    expect(logFormatFor('json', { isTTY: true })).toBe('json');
    expect(logFormatFor('pretty', {})).toBe('pretty');
  });

  it('prints a request as one line: time, method, URL, status, duration, trace id', () => {
    const line = prettyLine({
      level: 30,
      time: at,
      service: 'baobab',
      trace_id: 'trace-abc-123456789',
      method: 'POST',
      url: '/v3/charges?type=card',
      status_code: 200,
      response_time_ms: 12.34,
      remote_address: '127.0.0.1',
      msg: 'request completed',
    });
    expect(line).toBe('09:05:07.042 POST /v3/charges?type=card 200 12.3 ms trace-abc-123456789');
  });

  it('prints other entries with their level, message and fields, and an error with its stack', () => {
    const { out, lines } = capture();
    const log = createLogger('info', { format: 'pretty', out });
    log.info({ url: 'http://127.0.0.1:8080', store: 'pglite' }, 'baobab is listening');
    log.child({ trace_id: 'trace-xyz-987654321' }).error({ err: new Error('boom') }, 'unhandled error');
    log.debug('not at this level');
    log.warn({ merchant: { client_secret: 'hunter2' }, note: 'two words' }, 'careful');
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} INFO {2}baobab is listening url=http:\/\/127\.0\.0\.1:8080 store=pglite$/,
    );
    expect(lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} ERROR unhandled error trace_id=trace-xyz-987654321$/);
    expect(lines[2]).toBe('    Error: boom');
    expect(lines[3]).toMatch(/^ {8}at /);
    const warn = lines.find((l) => l.includes('careful'));
    // Secrets are redacted before either format sees them.
    expect(warn).toMatch(/WARN {2}careful merchant={"client_secret":"\[redacted\]"} note="two words"$/);
    expect(lines.join('\n')).not.toContain('not at this level');
    expect(lines.join('\n')).not.toContain('\u001b[');
  });

  it('colours only a terminal', () => {
    const { out, lines } = capture(true);
    createLogger('info', { format: 'pretty', out })
      .child({ trace_id: 'trace-abc-123456789' })
      .info({ method: 'GET', url: '/nowhere', status_code: 404, response_time_ms: 1 }, 'request completed');
    expect(lines[0]).toContain('\u001b[33m404\u001b[0m');
  });

  it('writes JSON lines, as pino does, when not pretty', () => {
    const { out, lines } = capture(true);
    createLogger('info', { format: 'json', out }).info({ merchant: { client_secret: 'hunter2' } }, 'hello');
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 30,
      service: 'baobab',
      msg: 'hello',
      merchant: { client_secret: '[redacted]' },
    });
  });
});

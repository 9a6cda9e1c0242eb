/**
 * The process logger: pino, secrets redacted wherever they might appear. Two ways to print:
 * - `json` (when stdout is not a terminal, or BAOBAB_LOG_FORMAT=json): one JSON object per line,
 *   pino's own fast path, untouched;
 * - `pretty` (on a terminal, or BAOBAB_LOG_FORMAT=pretty): one readable line per entry, the request
 *   line as `12:04:05.123 POST /v3/charges?type=card 200 12.3 ms <trace id>`. The JSON pino writes is
 *   read back and reworded in a stream of our own, so the choice costs the JSON path nothing.
 */
import { pino, type DestinationStream, type Logger } from 'pino';

const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.client_secret',
  '*.secret_key',
  '*.encryption_key',
  '*.webhook_secret_hash',
  '*.password',
];

export type LogFormat = 'json' | 'pretty';

/** What BAOBAB_LOG_FORMAT asks for, or, unset (`auto`), pretty on a terminal and JSON elsewhere. */
export function logFormatFor(asked: LogFormat | 'auto', stdout: { isTTY?: boolean }): LogFormat {
  if (asked !== 'auto') return asked;
  return stdout.isTTY === true ? 'pretty' : 'json';
}

const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Fields every entry has, or that a line shows in its own place rather than as `key=value`. */
const SHOWN_APART = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'trace_id', 'err']);
/** The request line's own fields (api/http/request-log.ts), shown in its own order. */
const REQUEST_FIELDS = new Set(['method', 'url', 'status_code', 'response_time_ms', 'remote_address']);

interface Paint {
  readonly dim: (s: string) => string;
  readonly status: (code: number, s: string) => string;
  readonly level: (level: number, s: string) => string;
}

const PLAIN: Paint = { dim: (s) => s, status: (_c, s) => s, level: (_l, s) => s };
const sgr = (code: string) => (s: string) => `\u001b[${code}m${s}\u001b[0m`;
const COLOURS: Paint = {
  dim: sgr('2'),
  status: (c, s) => (c >= 500 ? sgr('31')(s) : c >= 400 ? sgr('33')(s) : sgr('32')(s)),
  level: (l, s) => (l >= 50 ? sgr('31')(s) : l >= 40 ? sgr('33')(s) : sgr('36')(s)),
};

const clock = (time: unknown): string => {
  const t = new Date(typeof time === 'number' ? time : Date.now());
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
};

const shown = (value: unknown): string => {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return value === undefined ? 'undefined' : JSON.stringify(value);
};

/** One pino JSON entry as a readable line (more lines only for an error's stack). */
export function prettyLine(entry: Readonly<Record<string, unknown>>, paint: Paint = PLAIN): string {
  const level = typeof entry['level'] === 'number' ? entry['level'] : 30;
  const trace = typeof entry['trace_id'] === 'string' ? entry['trace_id'] : undefined;
  const time = paint.dim(clock(entry['time']));
  const isRequest = typeof entry['method'] === 'string' && typeof entry['status_code'] === 'number';
  const extra = Object.entries(entry)
    .filter(([k]) => !SHOWN_APART.has(k) && !(isRequest && REQUEST_FIELDS.has(k)))
    .map(([k, v]) => `${k}=${shown(v)}`);
  let line: string;
  if (isRequest) {
    const status = entry['status_code'] as number;
    const ms = typeof entry['response_time_ms'] === 'number' ? entry['response_time_ms'] : 0;
    line = [
      time,
      String(entry['method']),
      String(entry['url']),
      paint.status(status, String(status)),
      `${ms.toFixed(1)} ms`,
      ...(trace === undefined ? [] : [paint.dim(trace)]),
      ...extra,
    ].join(' ');
  } else {
    const name = (LEVEL_NAMES[level] ?? String(level)).padEnd(5);
    line = [
      time,
      paint.level(level, name),
      typeof entry['msg'] === 'string' ? entry['msg'] : shown(entry['msg'] ?? ''),
      ...extra,
      ...(trace === undefined ? [] : [paint.dim(`trace_id=${trace}`)]),
    ].join(' ');
  }
  const err = entry['err'] as { message?: unknown; stack?: unknown } | undefined;
  if (err !== undefined && typeof err === 'object') {
    const stack = typeof err.stack === 'string' ? err.stack : `Error: ${String(err.message)}`;
    line += `\n${stack.replace(/^/gm, '    ')}`;
  }
  return line;
}

/** A destination that rewrites each JSON line pino writes as a readable one. */
export function prettyStream(out: { write(text: string): unknown }, colours: boolean): DestinationStream {
  const paint = colours ? COLOURS : PLAIN;
  return {
    write(chunk: string) {
      for (const text of chunk.split('\n')) {
        if (text === '') continue;
        let entry: Record<string, unknown>;
        try {
          entry = JSON.parse(text) as Record<string, unknown>;
        } catch {
          out.write(`${text}\n`);
          continue;
        }
        out.write(`${prettyLine(entry, paint)}\n`);
      }
    },
  };
}

export interface LoggerOptions {
  readonly format?: LogFormat;
  /** Where lines go (stdout unless given); colours only for a terminal, and never with NO_COLOR. */
  readonly out?: NodeJS.WritableStream & { isTTY?: boolean };
}

export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const settings = { level, base: { service: 'baobab' }, redact: { paths: REDACT, censor: '[redacted]' } };
  const out = options.out ?? process.stdout;
  if (options.format !== 'pretty') {
    return options.out === undefined ? pino(settings) : pino(settings, options.out);
  }
  const colours = out.isTTY === true && process.env['NO_COLOR'] === undefined;
  return pino(settings, prettyStream(out, colours));
}

/** The process logger: JSON lines (pino), secrets redacted wherever they might appear. */
import { pino, type Logger } from 'pino';

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

export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'baobab' }, redact: { paths: REDACT, censor: '[redacted]' } });
}

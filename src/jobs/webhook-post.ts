/**
 * POSTs a webhook message over node:http(s) with keep-alive agents: a busy sender reuses its
 * connections to a receiver instead of opening one per message, and skips fetch's stream and Headers
 * machinery (docs/performance.md, "Webhook delivery"). Never throws: a receiver's failure is an answer.
 */
import http from 'node:http';
import https from 'node:https';

export interface Answer {
  readonly statusCode?: number;
  readonly excerpt?: string;
  readonly error?: string;
}

/** What of a receiver's answer is kept with the attempt. */
const EXCERPT_CHARS = 1024;
const READ_LIMIT_BYTES = 64 * 1024;
/** Connections kept open to one receiver; more messages to it wait for a free one. */
const SOCKETS_PER_HOST = 64;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST, scheduling: 'lifo' }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: SOCKETS_PER_HOST, scheduling: 'lifo' }),
} as const;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function once(
  target: URL,
  message: { body: string; headers: Readonly<Record<string, string>> },
  timeoutMs: number,
  retryStale: boolean,
): Promise<Answer> {
  const secure = target.protocol === 'https:';
  const lib = secure ? https : http;
  return new Promise<Answer>((resolve) => {
    let settled = false;
    let status: number | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    const excerpt = (): string => Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
    const finish = (answer: Answer | Promise<Answer>): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const req = lib.request(
      target,
      {
        method: 'POST',
        agent: agents[secure ? 'https:' : 'http:'],
        headers: { ...message.headers, 'content-length': String(Buffer.byteLength(message.body)) },
      },
      (res) => {
        status = res.statusCode;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.byteLength;
          // The rest of a huge answer is never read.
          if (size >= READ_LIMIT_BYTES) {
            res.destroy();
            finish({ statusCode: res.statusCode ?? 0, excerpt: excerpt() });
          }
        });
        res.on('end', () => {
          finish({ statusCode: res.statusCode ?? 0, excerpt: excerpt() });
        });
        res.on('error', () => {
          finish({ statusCode: res.statusCode ?? 0, excerpt: excerpt() });
        });
        res.on('close', () => {
          finish({ statusCode: res.statusCode ?? 0, excerpt: excerpt() });
        });
      },
    );
    // The limit covers the answer's body too; an answer whose status came in time keeps it.
    const timer = setTimeout(() => {
      req.destroy();
      finish(
        status === undefined
          ? { error: `timed out after ${String(timeoutMs)} ms` }
          : { statusCode: status, excerpt: excerpt() },
      );
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A kept-alive connection the receiver closed meanwhile: send once more on a new one. The
      // receiver may then see the message twice, which at-least-once delivery allows.
      if (retryStale && req.reusedSocket && status === undefined && error.code === 'ECONNRESET') {
        clearTimeout(timer);
        settled = true;
        resolve(once(target, message, timeoutMs, false));
        return;
      }
      finish(
        status === undefined
          ? { error: `request failed: ${messageOf(error)}` }
          : { statusCode: status, excerpt: excerpt() },
      );
    });
    req.end(message.body);
  });
}

/** POSTs a message; never throws. Redirects are answers (3xx), never followed. */
export async function post(
  url: string,
  message: { body: string; headers: Readonly<Record<string, string>> },
  timeoutMs: number,
): Promise<Answer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    return { error: `request failed: ${messageOf(error)}` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { error: `request failed: unsupported protocol ${target.protocol}` };
  }
  return once(target, message, timeoutMs, true);
}

/**
 * `baobab fixtures <file.json>`: runs a sequence of requests against a running gateway, as the
 * sandbox merchant, to seed a scenario (in the manner of stripe-cli's fixtures). Each step names a
 * request; a later step refers to an earlier step's answer with `${name:path.in.the.body}`, which a
 * string that is only the reference replaces with the value itself (a number stays a number). v3
 * paths (`/v3/…`) go with the v3 secret key; any other with a v4 access token, a fresh
 * `X-Idempotency-Key` and `X-Trace-Id`. docs/fixtures.md documents the file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isHttpUrl } from '../api/http/fields.js';
import { credentialsFile, type Config } from '../config.js';
import type { MerchantCredentials } from '../domain/merchant.js';
import { encryptCard, encryptV3Payload } from '../sdk/encryption.js';

export interface Step {
  readonly name: string;
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** v3: send the body 3DES-encrypted as `client` (a card charge). */
  readonly encrypt?: boolean;
  /** The status the step must answer; any 2xx when absent. */
  readonly expect?: number;
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE']);
const NAME = /^[A-Za-z][\w-]{0,63}$/;

/** The steps of a fixtures file, or what is wrong with it (naming the step and field). */
export function readSteps(text: string): readonly Step[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `the file is not JSON: ${(error as Error).message}`;
  }
  const steps = (parsed as { fixtures?: unknown } | null)?.fixtures;
  if (!Array.isArray(steps) || steps.length === 0) return '"fixtures" must be a non-empty array of steps';
  const names = new Set<string>();
  for (const [i, raw] of (steps as unknown[]).entries()) {
    const s = raw as Partial<Record<keyof Step, unknown>> | null;
    const at = `fixtures[${String(i)}]`;
    if (typeof s !== 'object' || s === null) return `${at} must be an object`;
    if (typeof s.name !== 'string' || !NAME.test(s.name))
      return `${at}.name must be a word such as "customer"`;
    if (names.has(s.name)) return `${at}.name "${s.name}" is used twice`;
    names.add(s.name);
    if (typeof s.path !== 'string' || !s.path.startsWith('/')) return `${at}.path must start with /`;
    if (s.method !== undefined && (typeof s.method !== 'string' || !METHODS.has(s.method))) {
      return `${at}.method must be GET, POST, PUT or DELETE`;
    }
    if (s.expect !== undefined && (!Number.isInteger(s.expect) || (s.expect as number) < 100)) {
      return `${at}.expect must be an HTTP status`;
    }
  }
  return steps as readonly Step[];
}

type Answers = ReadonlyMap<string, unknown>;
const REFERENCE = /\$\{([A-Za-z][\w-]*):([^}]+)\}/g;

/** The value at `path` (`data.id`, `data.items.0.id`) of a step's answer. */
function lookUp(answers: Answers, name: string, path: string): unknown {
  if (!answers.has(name)) throw new Error(`\${${name}:${path}} names no earlier step`);
  let value = answers.get(name);
  for (const part of path.split('.')) {
    value =
      typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
  }
  if (value === undefined) throw new Error(`\${${name}:${path}}: the answer of "${name}" has no ${path}`);
  return value;
}

/** `value` with every `${step:path}` replaced by what it names. */
export function resolve(value: unknown, answers: Answers): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z][\w-]*):([^}]+)\}$/.exec(value);
    if (whole) return lookUp(answers, whole[1] ?? '', whole[2] ?? '');
    return value.replace(REFERENCE, (_, name: string, path: string) => {
      const found = lookUp(answers, name, path);
      return typeof found === 'string' ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((v) => resolve(v, answers));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, answers)]));
  }
  return value;
}

/** A v4 card given in plain (`card_number`, `expiry_month`, `expiry_year`, `cvv`) goes encrypted. */
function encryptPlainCard(body: unknown, key: string): unknown {
  const b = body as { payment_method?: { card?: Record<string, unknown> } } | null;
  const card = b?.payment_method?.card ?? (b as { card?: Record<string, unknown> } | null)?.card;
  if (typeof card?.['card_number'] !== 'string') return body;
  const { card_number: cardNumber, expiry_month: month, expiry_year: year, cvv, ...rest } = card;
  const encrypted = {
    ...rest,
    ...encryptCard(key, {
      cardNumber,
      expiryMonth: typeof month === 'number' ? String(month).padStart(2, '0') : String(month),
      expiryYear: typeof year === 'number' ? String(year) : String(year),
      ...((typeof cvv === 'string' || typeof cvv === 'number') && { cvv: String(cvv) }),
    }),
  };
  return b?.payment_method
    ? { ...b, payment_method: { ...b.payment_method, card: encrypted } }
    : { ...(b as object), card: encrypted };
}

interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** Runs the steps in order; stops at the first that does not answer as expected (exit 1). */
export async function runFixtures(
  url: string,
  credentials: MerchantCredentials,
  steps: readonly Step[],
  io: Output,
): Promise<number> {
  const answers = new Map<string, unknown>();
  let token: string | undefined;
  const v4Token = async (): Promise<string> => {
    if (token !== undefined) return token;
    const res = await fetch(`${url}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: credentials.v4.client_id,
        client_secret: credentials.v4.client_secret,
      }),
    });
    const answer = (await res.json()) as { access_token?: string };
    if (answer.access_token === undefined)
      throw new Error(`the gateway gave no token (${String(res.status)})`);
    token = answer.access_token;
    return token;
  };
  for (const step of steps) {
    const method = step.method ?? (step.body === undefined ? 'GET' : 'POST');
    let res: Response;
    let text: string;
    try {
      const path = resolve(step.path, answers) as string;
      const v3 = path.startsWith('/v3/');
      let body = resolve(step.body, answers);
      if (v3 && step.encrypt === true)
        body = { client: encryptV3Payload(credentials.v3.encryption_key, body ?? {}) };
      if (!v3) body = encryptPlainCard(body, credentials.v4.encryption_key);
      const headers: Record<string, string> = {
        authorization: `Bearer ${v3 ? credentials.v3.secret_key : await v4Token()}`,
        ...(!v3 && { 'x-idempotency-key': randomUUID(), 'x-trace-id': randomUUID() }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(resolve(step.headers ?? {}, answers) as Record<string, string>),
      };
      res = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      text = await res.text();
      io.out(`${step.name}  ${method} ${path}  → ${String(res.status)}`);
    } catch (error) {
      io.err(`baobab fixtures: step "${step.name}": ${(error as Error).message}`);
      return 1;
    }
    let answer: unknown = text;
    try {
      answer = JSON.parse(text);
    } catch {
      // Not JSON: kept as text, which a reference cannot look into.
    }
    answers.set(step.name, answer);
    const expected =
      step.expect === undefined ? res.status >= 200 && res.status < 300 : res.status === step.expect;
    if (!expected) {
      // v3 puts the message at the top, v4 under `error`, with the fields it names.
      const body = answer as {
        message?: unknown;
        error?: { message?: unknown; validation_errors?: readonly { message?: unknown }[] };
      } | null;
      const fields = (body?.error?.validation_errors ?? [])
        .map((f) => f.message)
        .filter((m) => typeof m === 'string');
      const message = [body?.message ?? body?.error?.message, ...fields]
        .filter((m) => typeof m === 'string')
        .join(': ');
      io.err(
        `baobab fixtures: step "${step.name}" answered ${String(res.status)}${message === '' ? '' : `: ${message}`}`,
      );
      return 1;
    }
  }
  io.out(`Ran ${String(steps.length)} steps.`);
  return 0;
}

/** `baobab fixtures <file> [--gateway URL]`; `usage(problem)` reports a misuse (exit 2). */
export async function fixturesCommand(
  config: Config,
  file: string | undefined,
  gateway: string | undefined,
  usage: (problem: string) => number,
): Promise<number> {
  if (file === undefined) return usage('name the fixtures file: baobab fixtures <file.json>');
  const url = (gateway ?? config.publicUrl).replace(/\/+$/, '');
  if (!isHttpUrl(url)) return usage(`--gateway must be an http(s) URL (got "${url}")`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`baobab fixtures: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const steps = readSteps(text);
  if (typeof steps === 'string') {
    process.stderr.write(`baobab fixtures: ${file}: ${steps}\n`);
    return 1;
  }
  let credentials: MerchantCredentials;
  try {
    credentials = JSON.parse(readFileSync(credentialsFile(config), 'utf8')) as MerchantCredentials;
  } catch {
    process.stderr.write(
      `baobab fixtures: no sandbox credentials in ${credentialsFile(config)}: set BAOBAB_DATA_DIR to the gateway's data directory\n`,
    );
    return 1;
  }
  return runFixtures(url, credentials, steps, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}

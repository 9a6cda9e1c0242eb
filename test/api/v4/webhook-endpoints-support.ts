/**
 * Shared setup of the webhook-endpoints-*.test.ts files (the v4 /profile/webhook-endpoints routes): one gateway
 * per importing test file, with its log lines captured, the merchants Alice and Bob, and the calls the tests make.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, expect } from 'vitest';
import { expectOperationResponse } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';

export const LIST = 'GET /profile/webhook-endpoints';
export const CREATE = 'POST /profile/webhook-endpoints';
export const UPDATE = 'PUT /profile/webhook-endpoints/{id}';
export const DELETE = 'DELETE /profile/webhook-endpoints/{id}';

export const SECRET = 'baobab-test-webhook-secret-0123456789-abcdef';
export const MASKED = 'baob********cdef';

export const logLines: string[] = [];
export let gw: TestGateway;
export let alice: TestMerchant;
export let bob: TestMerchant;

beforeAll(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  gw = await startGateway(undefined, { logger: pino({ level: 'trace' }, stream) });
  alice = await gw.merchant('Alice Shop');
  bob = await gw.merchant('Bob Shop');
});
afterAll(() => gw.close());

export type Payload = Record<string, unknown>;

export const create = (m: TestMerchant, payload: unknown, headers: Record<string, string> = {}) =>
  gw.app.inject({
    method: 'POST',
    url: '/profile/webhook-endpoints',
    headers: { ...m.headers, ...headers },
    payload: payload as object,
  });

export const update = (m: TestMerchant, id: string, payload: unknown) =>
  gw.app.inject({
    method: 'PUT',
    url: `/profile/webhook-endpoints/${id}`,
    headers: m.headers,
    payload: payload as object,
  });

export const remove = (m: TestMerchant, id: string) =>
  gw.app.inject({ method: 'DELETE', url: `/profile/webhook-endpoints/${id}`, headers: m.headers });

export const listOf = (m: TestMerchant, query = '') =>
  gw.app.inject({ method: 'GET', url: `/profile/webhook-endpoints${query}`, headers: m.headers });

export async function created(m: TestMerchant, payload: Payload = {}): Promise<Record<string, unknown>> {
  const res = await create(m, { url: 'https://hooks.example.com/flw', secret: SECRET, ...payload });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ data: Record<string, unknown> }>().data;
}

export const storedRow = async (id: string) =>
  (
    await gw.deps.db.query<{
      secret_sealed: string;
      event_types: string[] | null;
      mode: string;
      status: string;
      deleted_at: Date | null;
    }>('SELECT secret_sealed, event_types, mode, status, deleted_at FROM webhook_endpoints WHERE id = $1', [
      id,
    ])
  ).rows[0];

// DELETE declares no success body in the official schemas; ours is the one PUT answers.
export const expectDeleteAnswer = (status: number, body: unknown) => {
  expectOperationResponse(status === 200 ? UPDATE : DELETE, status, body);
};

/**
 * Bulk tokenized charges and token details through the public HTTP API, on both stores: the batch is
 * answered at once, charged by the job queue with one outcome and one `charge.completed` webhook per
 * charge, and read back; bad input names its field; another merchant sees nothing of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.js';
import { startReceiver, type Receiver } from '../../support/receiver.js';
import { STORES } from '../../support/stores.js';
import { uniqueRef, v3Card, v3Headers } from '../../support/v3.js';
import { addEndpoint } from '../../support/webhooks.js';

const NOAUTH_CARD = '5061460410120223210';
const EMAIL = 'ada@example.com';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`bulk tokenized charges on ${kind.name}`, () => {
    let gw: TestGateway;
    let receiver: Receiver;
    let n = 0;
    beforeAll(async () => {
      gw = await startGateway(kind);
      receiver = await startReceiver();
    });
    afterAll(async () => {
      await gw.close();
      await receiver.close();
    });

    const merchant = async () => {
      const m = await gw.merchant(`Bulk Shop ${n++}`);
      return { m, auth: v3Headers(m) };
    };
    type Auth = Record<string, string>;
    const send = (auth: Auth, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, headers = {}) =>
      gw.app.inject({ method, url, headers: { ...auth, ...headers }, ...(payload ? { payload } : {}) });

    const tokenOf = async (auth: Auth) => {
      const res = await send(auth, 'POST', '/v3/charges?type=card', v3Card(NOAUTH_CARD));
      const verified = await send(auth, 'GET', `/v3/transactions/${res.json().data.id}/verify`);
      expect(verified.json().data.status).toBe('successful');
      return verified.json().data.card.token as string;
    };
    const item = (token: string, extra: Record<string, unknown> = {}) => ({
      currency: 'NGN',
      token,
      country: 'NG',
      amount: 3500,
      email: EMAIL,
      first_name: 'Ada',
      last_name: 'Lovelace',
      ip: 'pstmn',
      tx_ref: uniqueRef('blk'),
      ...extra,
    });
    const bulkBody = (bulk_data: object[]) => ({
      title: 'Staff salary for June',
      retry_strategy: { retry_interval: 120, retry_amount_variable: 60, retry_attempt_variable: 2 },
      bulk_data,
    });
    /** Runs the batch's job, then relays and delivers the webhooks its charges wrote. */
    const settle = async () => {
      await gw.runJobs();
      await gw.runJobs();
    };

    it('initiates at once, charges each item through the job queue, and reports each outcome', async () => {
      const { m, auth } = await merchant();
      const token = await tokenOf(auth);
      await settle(); // the first charge's own webhook goes nowhere: the endpoint comes after it
      await addEndpoint(gw, m, receiver.url, { dialect: 'v3' });
      const before = receiver.received.length;
      const items = [item(token), item(token, { amount: 3000 }), item('flw-t1nf-unknown-token-m03k')];
      const res = await send(auth, 'POST', '/v3/bulk-tokenized-charges', bulkBody(items));
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'success',
        message: 'Bulk charge initiated',
        data: {
          id: expect.any(Number),
          approver: 'N/A',
          title: 'Staff salary for June',
          total_charges: 3,
          pending_charges: 3,
          processed_charges: 0,
        },
      });
      const id = res.json().data.id as number;
      const status = () => send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}`);
      expect((await status()).json().data).toMatchObject({ pending_charges: 3, processed_charges: 0 });
      expect((await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}/transactions`)).json().data).toEqual(
        [],
      );

      await settle();
      expect((await status()).json()).toMatchObject({
        status: 'success',
        message: 'Bulk charge fetched',
        data: { id, total_charges: 3, pending_charges: 0, processed_charges: 3 },
      });
      const txs = await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}/transactions`);
      expect(txs.statusCode).toBe(200);
      expect(txs.json().message).toBe('Bulk charge transactions fetched');
      const rows = txs.json().data as Record<string, unknown>[];
      expect(rows).toHaveLength(2);
      expect(rows.map((r) => [r.tx_ref, r.amount, r.status])).toEqual([
        [items[0]?.tx_ref, 3500, 'successful'],
        [items[1]?.tx_ref, 3000, 'successful'],
      ]);
      expect(rows[0]).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        account_id: expect.stringMatching(/^\d+$/),
        auth_model: 'noauth',
        payment_type: 'card',
        card: { last_4digits: '3210' },
        customer: { id: expect.stringMatching(/^\d+$/), email: EMAIL },
      });
      // Each charge verifies like any other transaction.
      const verified = await send(auth, 'GET', `/v3/transactions/${String(rows[1]?.id)}/verify`);
      expect(verified.json().data).toMatchObject({
        status: 'successful',
        amount: 3000,
        tx_ref: items[1]?.tx_ref,
      });
      // One charge.completed webhook per charge.
      const hooks = (await receiver.waitFor(before + 2)).slice(before).map((r) => JSON.parse(r.body));
      expect(hooks.map((h) => [h.event, h.data.tx_ref, h.data.status]).sort()).toEqual(
        [
          ['charge.completed', items[0]?.tx_ref, 'successful'],
          ['charge.completed', items[1]?.tx_ref, 'successful'],
        ].sort(),
      );
      // Running the queue again charges nothing twice.
      await settle();
      const again = await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}/transactions`);
      expect(again.json().data).toHaveLength(2);
    });

    it('records a decline as a failed transaction, and a reused tx_ref or wrong email as not charged', async () => {
      const { auth } = await merchant();
      const token = await tokenOf(auth);
      const used = item(token);
      expect((await send(auth, 'POST', '/v3/tokenized-charges', used)).statusCode).toBe(200);
      const res = await send(
        auth,
        'POST',
        '/v3/bulk-tokenized-charges',
        bulkBody([item(token), { ...used }, item(token, { email: 'someone@else.example' })]),
        { 'x-scenario-key': 'issuer:insufficient_funds' },
      );
      const id = res.json().data.id as number;
      await settle();
      const got = await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}`);
      expect(got.json().data).toMatchObject({ processed_charges: 3, pending_charges: 0 });
      const rows = (await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}/transactions`)).json().data;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ status: 'failed', amount: 3500 });
    });

    it('charges each item once when two workers run the same batch at once', async () => {
      const { m, auth } = await merchant();
      const token = await tokenOf(auth);
      const items = Array.from({ length: 6 }, () => item(token));
      const res = await send(auth, 'POST', '/v3/bulk-tokenized-charges', bulkBody(items));
      const id = res.json().data.id as number;
      const handler = gw.handlers['charge.bulk_tokenized'];
      if (!handler) throw new Error('no bulk handler registered');
      const payload = { merchantId: m.credentials.merchant_id, bulkId: id };
      // As if a lease ran out while the first worker was still charging: both run the whole batch.
      await Promise.all([handler(gw.deps, payload), handler(gw.deps, payload), gw.runJobs()]);
      const rows = (await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}/transactions`)).json().data;
      expect(rows.map((r: { tx_ref: string }) => r.tx_ref)).toEqual(items.map((i) => i.tx_ref));
      expect(rows.every((r: { status: string }) => r.status === 'successful')).toBe(true);
      const got = await send(auth, 'GET', `/v3/bulk-tokenized-charges/${id}`);
      expect(got.json().data).toMatchObject({ total_charges: 6, processed_charges: 6, pending_charges: 0 });
      const all = await send(auth, 'GET', '/v3/transactions?page=1');
      expect(all.json().meta.page_info.total).toBe(7); // the first charge of the card, and the six
    });

    it('replays under the same X-Idempotency-Key and makes one batch', async () => {
      const { auth } = await merchant();
      const token = await tokenOf(auth);
      const body = bulkBody([item(token)]);
      const key = { 'x-idempotency-key': `bulk-${uniqueRef()}` };
      const first = await send(auth, 'POST', '/v3/bulk-tokenized-charges', body, key);
      const second = await send(auth, 'POST', '/v3/bulk-tokenized-charges', body, key);
      expect(second.headers['x-idempotency-cache-hit']).toBe('true');
      expect(second.json().data.id).toBe(first.json().data.id);
    });

    it('names the field of bad input, in the v3 envelope', async () => {
      const { auth } = await merchant();
      const post = (body: object) => send(auth, 'POST', '/v3/bulk-tokenized-charges', body);
      const cases: [object, string][] = [
        [{ title: 'x' }, 'bulk_data'],
        [bulkBody([]), 'bulk_data'],
        [bulkBody([item('t', { amount: 'abc' })]), 'bulk_data[0].amount'],
        [bulkBody([item('t'), item('t', { amount: 10.555 })]), 'bulk_data[1].amount'],
        [bulkBody([item('t', { currency: 'XYZ' })]), 'bulk_data[0].currency'],
        [bulkBody([item('t', { tx_ref: 'same' }), item('t', { tx_ref: 'same' })]), 'bulk_data[1].tx_ref'],
        [bulkBody([item('t', { email: 'not-an-email' })]), 'bulk_data[0].email'],
      ];
      for (const [body, field] of cases) {
        const res = await post(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json()).toMatchObject({ status: 'error', data: null });
        expect(JSON.stringify(res.json()), field).toContain(field);
      }
      const tooMany = await post(bulkBody(Array.from({ length: 201 }, () => item('t'))));
      expect(tooMany.statusCode).toBe(400);
      for (const url of [
        '/v3/bulk-tokenized-charges/999999999',
        '/v3/bulk-tokenized-charges/abc/transactions',
      ]) {
        const res = await send(auth, 'GET', url);
        expect(res.statusCode).toBe(404);
        expect(res.json()).toMatchObject({
          status: 'error',
          message: 'No bulk charge was found for this id',
        });
      }
    });

    it('keeps one merchant out of another merchant’s batches and tokens', async () => {
      const owner = await merchant();
      const other = await merchant();
      const token = await tokenOf(owner.auth);
      const res = await send(owner.auth, 'POST', '/v3/bulk-tokenized-charges', bulkBody([item(token)]));
      const id = res.json().data.id as number;
      for (const url of [
        `/v3/bulk-tokenized-charges/${id}`,
        `/v3/bulk-tokenized-charges/${id}/transactions`,
      ]) {
        expect((await send(other.auth, 'GET', url)).statusCode).toBe(404);
      }
      // Another merchant's token charges nothing on this merchant's account.
      const stolen = await send(other.auth, 'POST', '/v3/bulk-tokenized-charges', bulkBody([item(token)]));
      const stolenId = stolen.json().data.id as number;
      await settle();
      expect(
        (await send(other.auth, 'GET', `/v3/bulk-tokenized-charges/${stolenId}/transactions`)).json().data,
      ).toEqual([]);
      const put = await send(other.auth, 'PUT', `/v3/tokens/${token}`, { email: 'thief@example.com' });
      expect(put.statusCode).toBe(404);
      expect(put.json().status).toBe('error');
      expect(
        (await send(owner.auth, 'GET', `/v3/bulk-tokenized-charges/${id}`)).json().data.processed_charges,
      ).toBe(1);
      expect((await send(owner.auth, 'GET', '/v3/bulk-tokenized-charges/1')).statusCode).toBe(404);
      expect(
        (await gw.app.inject({ method: 'GET', url: `/v3/bulk-tokenized-charges/${id}` })).statusCode,
      ).toBe(401);
    });

    it('PUT /v3/tokens/{token} updates the email, name and phone the token is tied to', async () => {
      const { auth } = await merchant();
      const token = await tokenOf(auth);
      const res = await send(auth, 'PUT', `/v3/tokens/${token}`, {
        email: 'kendrick@example.com',
        full_name: 'Kendrick Graham',
        phone_number: '09090909990',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'success',
        message: 'Token details updated',
        data: { email: 'kendrick@example.com', fullname: 'Kendrick Graham', phone_number: '2349090909990' },
      });
      // The token now charges under the new email only.
      const old = await send(auth, 'POST', '/v3/tokenized-charges', item(token));
      expect(old.statusCode).toBe(400);
      const renewed = await send(
        auth,
        'POST',
        '/v3/tokenized-charges',
        item(token, { email: 'kendrick@example.com' }),
      );
      expect(renewed.json().data).toMatchObject({
        status: 'successful',
        customer: { email: 'kendrick@example.com', name: 'Kendrick Graham', phone_number: '2349090909990' },
      });
      // The SDK's body: first_name and last_name, and the token again.
      const sdkBody = await send(auth, 'PUT', `/v3/tokens/${token}`, {
        token,
        first_name: 'Ken',
        last_name: 'G',
      });
      expect(sdkBody.json().data).toMatchObject({ fullname: 'Ken G', email: 'kendrick@example.com' });
    });

    it('PUT /v3/tokens/{token} refuses bad input and unknown tokens', async () => {
      const { auth } = await merchant();
      const token = await tokenOf(auth);
      const put = (body: object, t = token) => send(auth, 'PUT', `/v3/tokens/${t}`, body);
      for (const [body, field] of [
        [{}, 'body'],
        [{ email: 'nope' }, 'email'],
        [{ phone_number: 'abc' }, 'phone_number'],
        [{ phone_number: '99999999999999' }, 'phone_number'],
        [{ token: 'another', email: 'a@b.co' }, 'token'],
      ] as const) {
        const res = await put(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(JSON.stringify(res.json())).toContain(field);
      }
      const unknown = await put({ email: 'a@b.co' }, 'flw-t1nf-nothing-m03k');
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json()).toMatchObject({ status: 'error', data: null });
    });
  });
}

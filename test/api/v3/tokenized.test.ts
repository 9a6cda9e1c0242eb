/**
 * `POST /v3/tokenized-charges` through the public HTTP API: the token comes from verifying a first
 * successful charge of the card, exactly as a merchant gets it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { uniqueRef, v3Card, v3Headers } from '../../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';
const PIN_CARD = '5531886652142950';
const EMAIL = 'ada@example.com';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`POST /v3/tokenized-charges on ${kind.name}`, () => {
    let gw: TestGateway;
    let n = 0;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    const merchant = async () => {
      const m = await gw.merchant(`Subscriptions ${n++}`);
      return v3Headers(m);
    };
    type Auth = Awaited<ReturnType<typeof merchant>>;

    const post = (auth: Auth, url: string, payload: object, headers: Record<string, string> = {}) =>
      gw.app.inject({ method: 'POST', url, headers: { ...auth, ...headers }, payload });
    const verify = async (auth: Auth, id: number) =>
      (await gw.app.inject({ method: 'GET', url: `/v3/transactions/${id}/verify`, headers: auth })).json()
        .data;

    /** The token verify shows after a first successful charge of a no-auth card. */
    const tokenOf = async (auth: Auth) => {
      const res = await post(auth, '/v3/charges?type=card', v3Card(NOAUTH_CARD));
      const verified = await verify(auth, res.json().data.id as number);
      expect(verified.status).toBe('successful');
      return verified.card.token as string;
    };

    const tokenized = (auth: Auth, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      post(auth, '/v3/tokenized-charges', body, headers);
    const order = (token: string, extra: Record<string, unknown> = {}) => ({
      token,
      currency: 'NGN',
      country: 'NG',
      amount: 2500,
      email: EMAIL,
      tx_ref: uniqueRef('tok'),
      narration: 'Monthly plan',
      ...extra,
    });

    it('charges the saved card at once, without authentication, and the charge verifies', async () => {
      const auth = await merchant();
      const token = await tokenOf(auth);
      const body = order(token, { email: 'ADA@Example.COM' }); // emails compare case-insensitively
      const res = await tokenized(auth, body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'success',
        message: 'Charge successful',
        data: {
          tx_ref: body.tx_ref,
          amount: 2500,
          currency: 'NGN',
          status: 'successful',
          auth_model: 'noauth',
          processor_response: 'Approved by Financial Institution',
          card: { last_4digits: '3210', token },
          customer: { email: EMAIL, name: 'Ada Lovelace' },
        },
      });
      const again = await verify(auth, res.json().data.id as number);
      expect(again).toMatchObject({ status: 'successful', amount: 2500, card: { token } });
    });

    it('charges with the token of a card first verified through PIN and OTP', async () => {
      const auth = await merchant();
      const payload = v3Card(PIN_CARD);
      await post(auth, '/v3/charges?type=card', payload);
      const pinned = await post(auth, '/v3/charges?type=card', {
        ...payload,
        authorization: { mode: 'pin', pin: '3310' },
      });
      const { id, flw_ref: flwRef } = pinned.json().data;
      await post(auth, '/v3/validate-charge', { otp: '12345', flw_ref: flwRef, type: 'card' });
      const { token } = (await verify(auth, id as number)).card;
      const res = await tokenized(auth, order(token as string));
      expect(res.json().data).toMatchObject({
        status: 'successful',
        auth_model: 'noauth',
        card: { last_4digits: '2950' },
      });
    });

    it('lets X-Scenario-Key choose a decline: a failed transaction, not an error', async () => {
      const auth = await merchant();
      const token = await tokenOf(auth);
      const res = await tokenized(auth, order(token), { 'x-scenario-key': 'issuer:insufficient_funds' });
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toMatchObject({ status: 'failed', processor_response: 'Insufficient funds' });
      expect(res.json().data.card).not.toHaveProperty('token');
    });

    it('refuses an email other than the one the card was first charged with', async () => {
      const auth = await merchant();
      const token = await tokenOf(auth);
      const res = await tokenized(auth, order(token, { email: 'mallory@example.com' }));
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual({
        status: 'error',
        message: 'Token does not belong to this customer: send the email the card was first charged with',
        data: null,
      });
    });

    it("refuses an unknown token, another merchant's token and a card never charged successfully", async () => {
      const alice = await merchant();
      const bob = await merchant();
      const alicesToken = await tokenOf(alice);
      // A card whose only charge is still waiting for its PIN has a token nobody was shown.
      const pending = v3Card(PIN_CARD);
      await post(bob, '/v3/charges?type=card', pending);
      const { rows } = await gw.deps.db.query<{ token: string }>(
        `SELECT pm.token FROM payment_methods pm JOIN charges c ON c.payment_method_id = pm.id
         WHERE c.reference = $1`,
        [pending.tx_ref],
      );
      const unshown = rows[0]?.token ?? '';
      expect(unshown).toMatch(/^flw-t1nf-/);
      for (const token of [`flw-t1nf-${'0'.repeat(32)}-m03k`, alicesToken, unshown]) {
        const res = await tokenized(bob, order(token));
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({
          status: 'error',
          message: 'Token not found: it names no card successfully charged on your account',
          data: null,
        });
      }
    });

    it('refuses a tx_ref already used, as a card charge does', async () => {
      const auth = await merchant();
      const token = await tokenOf(auth);
      const body = order(token);
      expect((await tokenized(auth, body)).statusCode).toBe(200);
      const again = await tokenized(auth, body);
      expect(again.statusCode).toBe(409);
      expect(again.json()).toEqual({
        status: 'error',
        message: `A transaction with tx_ref ${body.tx_ref} already exists`,
        data: null,
      });
    });

    it('replays the first reply for a repeated X-Idempotency-Key, charging once', async () => {
      const auth = await merchant();
      const token = await tokenOf(auth);
      const body = order(token);
      const key = { 'x-idempotency-key': `tokenized-${body.tx_ref}` };
      const first = await tokenized(auth, body, key);
      const second = await tokenized(auth, body, key);
      expect(second.headers['x-idempotency-cache-hit']).toBe('true');
      expect(second.body).toBe(first.body);
    });

    it('refuses a malformed request, naming the field', async () => {
      const auth = await merchant();
      const token = await tokenOf(auth);
      const { token: _token, ...noToken } = order(token);
      const cases: [Record<string, unknown>, string][] = [
        [noToken, 'token is required'],
        [order(token, { amount: -5 }), 'amount must be greater than 0'],
        [order(token, { currency: 'XYZ' }), 'currency XYZ is not supported'],
        [order(token, { email: 'not-an-email' }), 'email'],
        [order(token, { redirect_url: 'ftp://x' }), 'redirect_url must be an absolute http or https URL'],
      ];
      for (const [body, message] of cases) {
        const res = await tokenized(auth, body);
        expect(res.statusCode, message).toBe(400);
        expect(res.json().message, message).toContain(message);
      }
    });
  });
}

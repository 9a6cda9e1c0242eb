/**
 * The v3 transaction endpoints beyond verify — list, fee, timeline, resend-hook — through the public
 * HTTP API, on every available store (the list's filters are SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type TestGateway } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';
import { v3Card, v3Headers } from '../../support/v3.js';

const NOAUTH_CARD = '5061460410120223210';
const PIN_CARD = '5531886652142950';
const DAY = 86_400_000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v3 transactions on ${kind.name}`, () => {
    let gw: TestGateway;
    let n = 0;
    beforeAll(async () => {
      gw = await startGateway(kind);
    });
    afterAll(() => gw.close());

    /** A merchant of its own for each case, so lists hold only what the case made. */
    const merchant = async () => {
      const m = await gw.merchant(`Shop ${n++}`);
      return v3Headers(m);
    };
    type Auth = Awaited<ReturnType<typeof merchant>>;

    const get = (auth: Auth | undefined, url: string) =>
      gw.app.inject({ method: 'GET', url, ...(auth && { headers: auth }) });
    const post = (auth: Auth, url: string, payload?: object) =>
      gw.app.inject({ method: 'POST', url, headers: auth, ...(payload && { payload }) });

    /** A card charge in plain JSON (the dialect accepts it as well as `client`); its v3 transaction. */
    const charge = async (auth: Auth, extra: Record<string, unknown> = {}, number = NOAUTH_CARD) => {
      const res = await post(auth, '/v3/charges?type=card', v3Card(number, extra));
      expect(res.statusCode).toBe(200);
      return res.json().data as { id: number; tx_ref: string; created_at: string };
    };

    /** A PIN card taken through PIN (3310) and OTP (12345), the clock moving a minute per step. */
    const pinOtpCharge = async (auth: Auth, email = 'ada@example.com') => {
      const payload = v3Card(PIN_CARD, { email });
      await post(auth, '/v3/charges?type=card', payload);
      gw.clock.advance(60_000);
      const pinned = await post(auth, '/v3/charges?type=card', {
        ...payload,
        authorization: { mode: 'pin', pin: '3310' },
      });
      gw.clock.advance(60_000);
      const { id, flw_ref: flwRef } = pinned.json().data as { id: number; flw_ref: string };
      const validated = await post(auth, '/v3/validate-charge', {
        otp: '12345',
        flw_ref: flwRef,
        type: 'card',
      });
      expect(validated.json().data.status).toBe('successful');
      return id;
    };

    const list = (auth: Auth, query = '') => get(auth, `/v3/transactions${query}`);

    describe('GET /v3/transactions', () => {
      it('lists the merchant transactions most recent first, as flat rows with string ids', async () => {
        const auth = await merchant();
        const older = await charge(auth);
        gw.clock.advance(1000);
        const newer = await charge(auth, { amount: 250 });
        const res = await list(auth);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body).toMatchObject({
          status: 'success',
          message: 'Transactions fetched',
          meta: { page_info: { total: 2, current_page: 1, total_pages: 1 } },
        });
        expect(body.data.map((r: { id: string }) => r.id)).toEqual([String(newer.id), String(older.id)]);
        const [row] = body.data;
        expect(row).toMatchObject({
          id: String(newer.id),
          tx_ref: newer.tx_ref,
          amount: 250,
          currency: 'NGN',
          status: 'successful',
          payment_type: 'card',
          customer_name: 'Ada Lovelace',
          customer_email: 'ada@example.com',
          account_id: expect.stringMatching(/^\d+$/),
          card: { first_6digits: '506146', last_4digits: '3210' },
        });
        expect(row).not.toHaveProperty('customer');
        expect(row).not.toHaveProperty('meta');
      });

      it('pages ten rows at a time and says how many pages there are', async () => {
        const auth = await merchant();
        const ids: number[] = [];
        for (let i = 0; i < 12; i++) ids.push((await charge(auth)).id);
        const first = (await list(auth)).json();
        const second = (await list(auth, '?page=2')).json();
        const beyond = (await list(auth, '?page=3')).json();
        expect(first.data).toHaveLength(10);
        expect(first.meta.page_info).toEqual({ total: 12, current_page: 1, total_pages: 2 });
        expect(second.data.map((r: { id: string }) => Number(r.id))).toEqual([ids[1], ids[0]]);
        expect(second.meta.page_info).toEqual({ total: 12, current_page: 2, total_pages: 2 });
        expect(beyond.data).toEqual([]);
      });

      it('answers the URLs the official SDK sends: a double slash and a query starting with &', async () => {
        const auth = await merchant();
        const { id } = await charge(auth);
        const today = gw.clock.now().toISOString().slice(0, 10);
        const quirky = await get(auth, `//v3/transactions?&from=${today}&to=${today}&page=1`);
        expect(quirky.statusCode).toBe(200);
        expect(quirky.json().data.map((r: { id: string }) => r.id)).toEqual([String(id)]);
        const bare = await get(auth, '//v3/transactions');
        expect(bare.json().meta.page_info.total).toBe(1);
      });

      it('narrows by status, tx_ref, currency, customer email and customer name', async () => {
        const auth = await merchant();
        const ok = await charge(auth, { email: 'Grace@Example.com', fullname: 'Grace Hopper' });
        const declined = await charge(auth, {}, '5143010522339965'); // the test card the issuer refuses
        const usd = await charge(auth, { currency: 'USD' });
        const ids = async (query: string) =>
          (await list(auth, query)).json().data.map((r: { id: string }) => Number(r.id));
        expect(await ids('?status=failed')).toEqual([declined.id]);
        expect(await ids('?status=successful')).toEqual([usd.id, ok.id]);
        expect(await ids('?status=pending')).toEqual([]);
        expect(await ids(`?tx_ref=${declined.tx_ref}`)).toEqual([declined.id]);
        expect(await ids('?currency=usd')).toEqual([usd.id]);
        expect(await ids('?customer_email=grace@EXAMPLE.com')).toEqual([ok.id]);
        expect(await ids('?customer_fullname=hopper')).toEqual([ok.id]);
        expect(await ids('?customer_fullname=ada%20love')).toEqual([usd.id, declined.id]);
        expect(await ids('?customer_fullname=%25')).toEqual([]); // matched literally, not as a pattern
        const filtered = (await list(auth, '?status=successful&currency=NGN')).json();
        expect(filtered.meta.page_info).toEqual({ total: 1, current_page: 1, total_pages: 1 });
      });

      it('narrows by from and to: whole UTC days for dates, exact instants for date-times', async () => {
        const auth = await merchant();
        const first = await charge(auth);
        const day1 = first.created_at.slice(0, 10);
        gw.clock.advance(2 * DAY);
        const second = await charge(auth);
        const day3 = second.created_at.slice(0, 10);
        const ids = async (query: string) =>
          (await list(auth, query)).json().data.map((r: { id: string }) => Number(r.id));
        expect(await ids(`?from=${day1}&to=${day1}`)).toEqual([first.id]);
        expect(await ids(`?from=${day3}`)).toEqual([second.id]);
        expect(await ids(`?to=${day1}`)).toEqual([first.id]);
        expect(await ids(`?from=${day1}&to=${day3}`)).toEqual([second.id, first.id]);
        expect(await ids(`?to=${encodeURIComponent(first.created_at)}`)).toEqual([first.id]);
        const justAfter = new Date(Date.parse(first.created_at) + 1).toISOString();
        expect(await ids(`?from=${encodeURIComponent(justAfter)}`)).toEqual([second.id]);
      });

      it('refuses malformed filters, naming the field', async () => {
        const auth = await merchant();
        const cases: [string, string][] = [
          ['?page=0', 'page must be greater than or equal to 1'],
          ['?page=two', 'page must be an integer'],
          ['?status=done', 'status must be one of: successful, failed, pending, voided'],
          ['?from=yesterday', 'from must be a date (YYYY-MM-DD) or an ISO 8601 date-time'],
          ['?to=2026-02-30', 'to 2026-02-30 is not a real date'],
          ['?from=2026-03-02&to=2026-03-01', 'from must not be after to'],
          ['?currency=naira', 'currency must be a currency code such as NGN'],
        ];
        for (const [query, message] of cases) {
          const res = await list(auth, query);
          expect(res.statusCode, query).toBe(400);
          expect(res.json(), query).toEqual({ status: 'error', message, data: null });
        }
      });

      it("shows a merchant none of another merchant's transactions", async () => {
        const alice = await merchant();
        const bob = await merchant();
        const { tx_ref: ref } = await charge(alice);
        expect((await list(bob)).json().meta.page_info.total).toBe(0);
        expect((await list(bob, `?tx_ref=${ref}`)).json().data).toEqual([]);
      });
    });

    describe('GET /v3/transactions/fee', () => {
      const fee = async (query: string) => get(await merchant(), `/v3/transactions/fee${query}`);

      it('answers the fee a card charge of that amount carries, as the SDK asks (no payment_type)', async () => {
        const auth = await merchant();
        const res = await get(auth, '/v3/transactions/fee?amount=100&currency=NGN');
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({
          status: 'success',
          message: 'Charged fee',
          data: {
            charge_amount: 100,
            fee: 1.51, // 1.40 % plus 7.5 % VAT on it
            merchant_fee: 0,
            flutterwave_fee: 1.51,
            stamp_duty_fee: 0,
            currency: 'NGN',
          },
        });
        // The same figure a real charge of that amount shows.
        const { id } = await charge(auth);
        const verified = await get(auth, `/v3/transactions/${id}/verify`);
        expect(verified.json().data.app_fee).toBe(res.json().data.fee);
      });

      it('adds stamp duty from NGN 10,000 and prices other payment types by their own rate', async () => {
        expect((await fee('?amount=10000&currency=NGN&payment_type=card')).json().data).toMatchObject({
          fee: 150.5,
          stamp_duty_fee: 50,
        });
        expect(
          (await fee('?amount=1000&currency=KES&payment_type=mobilemoney&card_first6digits=506146')).json()
            .data,
        ).toEqual({
          charge_amount: 1000,
          fee: 20,
          merchant_fee: 0,
          flutterwave_fee: 20,
          stamp_duty_fee: 0,
          currency: 'KES',
        });
      });

      it('refuses a missing or malformed amount, currency or payment type, naming the field', async () => {
        const cases: [string, string][] = [
          ['?currency=NGN', 'amount is required'],
          ['?amount=100', 'currency is required'],
          ['?amount=abc&currency=NGN', 'amount must be a number'],
          ['?amount=0&currency=NGN', 'amount must be greater than 0'],
          ['?amount=10.5&currency=UGX', 'amount must be a whole number for UGX'],
          ['?amount=100&currency=XYZ', 'currency XYZ is not supported'],
          ['?amount=100&currency=NGN&payment_type=cash', 'payment_type must be one of: '],
          ['?amount=100&currency=NGN&card_first6digits=12', 'card_first6digits must be the first 6 digits'],
        ];
        for (const [query, message] of cases) {
          const res = await fee(query);
          expect(res.statusCode, query).toBe(400);
          expect(res.json().message, query).toContain(message);
        }
      });
    });

    describe('GET /v3/transactions/{id}/events', () => {
      it('tells a PIN and OTP charge step by step, oldest first, ending with its completion', async () => {
        const auth = await merchant();
        const id = await pinOtpCharge(auth, 'Timeline@Example.com');
        const res = await get(auth, `/v3/transactions/${id}/events`);
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.message).toBe('Transaction events fetched');
        expect(
          body.data.map((e: Record<string, string>) => [e['note'], e['object'], e['action'], e['context']]),
        ).toEqual([
          ['Charge created; waiting for the card PIN', 'CREDIT_CARD', 'charge', 'api'],
          ['PIN accepted; OTP sent to the cardholder', 'PIN', 'submitted', 'api'],
          ['OTP accepted; approved by the issuer (00)', 'CARD_CHARGE', 'validate', 'api'],
          ['Transaction completed: successful', 'TRANSACTION', 'completion', 'api'],
        ]);
        for (const event of body.data) expect(event.actor).toBe('Timeline@Example.com');
        const times = body.data.map((e: { created_at: string }) => Date.parse(e.created_at));
        expect(times[1] - times[0]).toBe(60_000);
        expect(times[2] - times[1]).toBe(60_000);
        expect(times[3]).toBe(times[2]);
      });

      it('shows no completion while the charge is pending', async () => {
        const auth = await merchant();
        const payload = v3Card(PIN_CARD);
        await post(auth, '/v3/charges?type=card', payload);
        const { id } = (
          await post(auth, '/v3/charges?type=card', {
            ...payload,
            authorization: { mode: 'pin', pin: '3310' },
          })
        ).json().data;
        const events = (await get(auth, `//v3/transactions/${id}/events`)).json().data;
        expect(events.map((e: { action: string }) => e.action)).toEqual(['charge', 'submitted']);
      });

      it("answers not found for an unknown id, a non-numeric id and another merchant's transaction", async () => {
        const alice = await merchant();
        const bob = await merchant();
        const { id } = await charge(alice);
        for (const [auth, txId] of [
          [alice, '999999999999'],
          [alice, 'abc'],
          [bob, String(id)],
        ] as const) {
          const res = await get(auth, `/v3/transactions/${txId}/events`);
          expect(res.statusCode).toBe(404);
          expect(res.json()).toEqual({
            status: 'error',
            message: 'No transaction was found for this id',
            data: null,
          });
        }
      });
    });

    describe('POST /v3/transactions/{id}/resend-hook', () => {
      const eventsOf = async (txId: number) =>
        (
          await gw.deps.db.query<{ type: string; data: { charge: { status: string } } }>(
            `SELECT e.type, e.data FROM events e JOIN charges c ON c.id = e.charge_id
             WHERE c.tx_id = $1 ORDER BY e.seq`,
            [txId],
          )
        ).rows;

      it('writes a fresh charge.completed event for a final transaction, with or without a body', async () => {
        const auth = await merchant();
        const { id } = await charge(auth);
        expect(await eventsOf(id)).toHaveLength(1); // written when the charge completed
        const res = await post(auth, `/v3/transactions/${id}/resend-hook`, { id: String(id), wait: 1 });
        expect(res.statusCode).toBe(200);
        expect(res.json()).toEqual({
          status: 'success',
          message: 'hook sent successfully',
          data: 'hook sent',
        });
        const bare = await post(auth, `//v3/transactions/${id}/resend-hook`);
        expect(bare.json().data).toBe('hook sent');
        const events = await eventsOf(id);
        expect(events).toHaveLength(3);
        for (const e of events) {
          expect(e.type).toBe('charge.completed');
          expect(e.data.charge.status).toBe('succeeded');
        }
      });

      it('refuses a pending transaction, which has no outcome to send yet, and writes nothing', async () => {
        const auth = await merchant();
        const payload = v3Card(PIN_CARD);
        await post(auth, '/v3/charges?type=card', payload);
        const { id } = (await list(auth)).json().data[0];
        const res = await post(auth, `/v3/transactions/${id}/resend-hook`, { id });
        expect(res.statusCode).toBe(422);
        expect(res.json()).toEqual({
          status: 'error',
          message: `Transaction ${id} is still pending: there is no final outcome to send yet`,
          data: null,
        });
        expect(await eventsOf(Number(id))).toEqual([]);
      });

      it("answers not found for an unknown id or another merchant's transaction, writing nothing", async () => {
        const alice = await merchant();
        const bob = await merchant();
        const { id } = await charge(alice);
        for (const [auth, txId] of [
          [alice, '424242424242'],
          [alice, 'x1'],
          [bob, String(id)],
        ] as const) {
          const res = await post(auth, `/v3/transactions/${txId}/resend-hook`, { id: txId });
          expect(res.statusCode).toBe(404);
          expect(res.json().message).toBe('No transaction was found for this id');
        }
        expect(await eventsOf(id)).toHaveLength(1);
        const anonymous = await gw.app.inject({ method: 'POST', url: `/v3/transactions/${id}/resend-hook` });
        expect(anonymous.statusCode).toBe(401);
      });
    });
  });
}

/**
 * v4 `/checkout/sessions` through the public HTTP API, on both stores: the official request and
 * response shapes (spec §8.12), defaults and bounds, reference uniqueness, idempotency, merchant
 * isolation, and a session paid on its page returning the v4 way with the same charge the API shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardForm, postPage, redirectedTo, showPage, visibleText } from '../../support/checkout.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

const CREATE = 'POST /checkout/sessions';
const GET = 'GET /checkout/sessions/{id}';
const LIST = 'GET /checkout/sessions';
const BACK = 'https://merchant.example/done';

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`/checkout/sessions on ${kind.name}`, () => {
    let gw: TestGateway;
    let alice: TestMerchant;
    let bob: TestMerchant;
    let aliceCustomer: string;
    let bobCustomer: string;
    let n = 0;
    const ref = () => `cs-${(n++).toString(36)}-${Date.now().toString(36)}`;

    const newCustomer = async (m: TestMerchant) =>
      (
        await gw.app.inject({
          method: 'POST',
          url: '/customers',
          headers: m.headers,
          payload: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
        })
      ).json().data.id as string;

    beforeAll(async () => {
      gw = await startGateway(kind);
      alice = await gw.merchant('Alice Shop');
      bob = await gw.merchant('Bob Shop');
      aliceCustomer = await newCustomer(alice);
      bobCustomer = await newCustomer(bob);
    });
    afterAll(() => gw.close());

    const body = (extra: Record<string, unknown> = {}) => ({
      amount: 1500,
      currency: 'NGN',
      customer_id: aliceCustomer,
      redirect_url: BACK,
      reference: ref(),
      ...extra,
    });
    const create = (payload: object, m = alice, headers: Record<string, string> = {}) =>
      gw.app.inject({
        method: 'POST',
        url: '/checkout/sessions',
        headers: { ...m.headers, ...headers },
        payload,
      });

    describe('POST /checkout/sessions', () => {
      it('opens a session: 200 with the official object and a checkout_url under BAOBAB_PUBLIC_URL', async () => {
        const payload = body({ max_retry_attempts: 2, session_duration: 15 });
        expectValidRequest(CREATE, payload);
        const res = await create(payload);
        expect(res.statusCode).toBe(200);
        expectOperationResponse(CREATE, 200, res.json());
        expect(res.json()).toEqual({
          status: 'success',
          message: 'Checkout session created',
          data: {
            id: expect.stringMatching(/^cse_[A-Za-z0-9]{10}$/),
            amount: 1500,
            currency: 'NGN',
            customer_id: aliceCustomer,
            checkout_url: expect.stringMatching(/^http:\/\/baobab\.test\/checkout\/pay\/[0-9a-f]{32}$/),
            redirect_url: BACK,
            reference: payload.reference,
            created_datetime: gw.clock.now().toISOString(),
            max_retry_attempts: 2,
            session_duration: 15,
          },
        });
        const page = await showPage(gw, new URL(res.json().data.checkout_url).pathname);
        expect(page.statusCode).toBe(200);
        expect(visibleText(page.body)).toContain('Alice Shop');
      });

      it('defaults to 3 retries and 30 minutes', async () => {
        const res = await create(body());
        expect(res.json().data).toMatchObject({ max_retry_attempts: 3, session_duration: 30 });
      });

      it('keeps amounts exact in minor units and takes every currency the API lists', async () => {
        const res = await create(body({ amount: '10.5', currency: 'KWD' }));
        expect(res.json().data).toMatchObject({ amount: 10.5, currency: 'KWD' });
        const ugx = await create(body({ amount: 5000, currency: 'UGX' }));
        expect(ugx.json().data.amount).toBe(5000);
      });

      it('is idempotent under X-Idempotency-Key', async () => {
        const payload = body();
        const key = { 'x-idempotency-key': `idem-${ref()}` };
        const first = await create(payload, alice, key);
        const replay = await create(payload, alice, key);
        expect(replay.statusCode).toBe(200);
        expect(replay.headers['x-idempotency-cache-hit']).toBe('true');
        expect(replay.body).toBe(first.body);
        const other = await create({ ...payload, amount: 1 }, alice, key);
        expect(other.statusCode).toBe(409);
        expectOperationResponse(CREATE, 409, other.json());
      });

      it('refuses a reference already used by a session (409)', async () => {
        const payload = body();
        await create(payload);
        const again = await create(body({ reference: payload.reference }));
        expect(again.statusCode).toBe(409);
        expectOperationResponse(CREATE, 409, again.json());
        expect(again.json().error).toMatchObject({
          type: 'CHECKOUT_SESSION_ALREADY_EXISTS',
          code: '1801409',
        });
      });

      it.each([
        ['amount', { amount: undefined }, 'amount is required'],
        ['amount', { amount: 0 }, 'amount must be greater than 0'],
        ['amount', { amount: 1.001 }, 'amount must have at most 2 decimal places for NGN'],
        ['currency', { currency: 'XYZ' }, 'currency must be one of: '],
        ['customer_id', { customer_id: undefined }, 'customer_id is required'],
        ['redirect_url', { redirect_url: undefined }, 'redirect_url is required'],
        ['reference', { reference: undefined }, 'reference is required'],
        ['reference', { reference: 'abc' }, 'reference must be 6 to 42 letters, digits or dashes'],
        ['reference', { reference: 'has_underscore' }, 'reference must be 6 to 42 letters, digits or dashes'],
        [
          'max_retry_attempts',
          { max_retry_attempts: 11 },
          'max_retry_attempts must be less than or equal to 10',
        ],
        [
          'max_retry_attempts',
          { max_retry_attempts: -1 },
          'max_retry_attempts must be greater than or equal to 0',
        ],
        ['max_retry_attempts', { max_retry_attempts: 1.5 }, 'max_retry_attempts must be an integer'],
        ['session_duration', { session_duration: 4 }, 'session_duration must be greater than or equal to 5'],
        [
          'session_duration',
          { session_duration: 2881 },
          'session_duration must be less than or equal to 2880',
        ],
      ])('400 naming %s: %j', async (field, change, message) => {
        const res = await create(body(change));
        expect(res.statusCode).toBe(400);
        expectOperationResponse(CREATE, 400, res.json());
        expect(res.json().error).toMatchObject({ type: 'REQUEST_NOT_VALID', code: '10400' });
        const errors = res.json().error.validation_errors as { field_name: string; message: string }[];
        expect(errors).toHaveLength(1);
        expect(errors[0]?.field_name).toBe(field);
        expect(errors[0]?.message.startsWith(message)).toBe(true);
      });

      it('refuses a redirect_url that is not an absolute http(s) URL', async () => {
        const res = await create(body({ redirect_url: 'ftp://merchant.example' }));
        expect(res.statusCode).toBe(400);
        expectOperationResponse(CREATE, 400, res.json());
        expect(res.json().error).toMatchObject({
          type: 'REDIRECT_URL_INVALID',
          validation_errors: [{ field_name: 'redirect_url' }],
        });
      });

      it("refuses an unknown customer, and another merchant's (422)", async () => {
        for (const customer_id of ['cus_0000000000', bobCustomer]) {
          const res = await create(body({ customer_id }));
          expect(res.statusCode).toBe(422);
          expectOperationResponse(CREATE, 422, res.json());
          expect(res.json().error).toMatchObject({
            type: 'CUSTOMER_NOT_FOUND_FOR_CHARGE',
            validation_errors: [{ field_name: 'customer_id' }],
          });
        }
      });
    });

    describe('GET /checkout/sessions/{id} and GET /checkout/sessions', () => {
      it('fetches a session as it was created', async () => {
        const created = (await create(body())).json().data;
        const res = await gw.app.inject({
          method: 'GET',
          url: `/checkout/sessions/${created.id}`,
          headers: alice.headers,
        });
        expect(res.statusCode).toBe(200);
        expectOperationResponse(GET, 200, res.json());
        expect(res.json()).toEqual({ status: 'success', message: 'Checkout session fetched', data: created });
      });

      it('lists the merchant’s sessions, most recent first, paginated', async () => {
        const m = await gw.merchant('Lister');
        const customer = await newCustomer(m);
        const refs: string[] = [];
        for (let i = 0; i < 12; i++) {
          const payload = body({ customer_id: customer });
          refs.push(payload.reference);
          gw.clock.advance(1000);
          await create(payload, m);
        }
        const first = await gw.app.inject({ method: 'GET', url: '/checkout/sessions', headers: m.headers });
        expect(first.statusCode).toBe(200);
        expectOperationResponse(LIST, 200, first.json());
        expect(first.json().meta.page_info).toEqual({ total: 12, current_page: 1, total_pages: 2 });
        expect(first.json().data.map((s: { reference: string }) => s.reference)).toEqual(
          refs.slice(2).reverse(),
        );
        const second = await gw.app.inject({
          method: 'GET',
          url: '/checkout/sessions?page=2',
          headers: m.headers,
        });
        expect(second.json().data.map((s: { reference: string }) => s.reference)).toEqual(
          refs.slice(0, 2).reverse(),
        );
      });

      it('answers 404 CHECKOUT_SESSION_NOT_FOUND for an unknown, malformed or other merchant’s id', async () => {
        const bobs = (await create(body({ customer_id: bobCustomer }), bob)).json().data.id as string;
        for (const id of ['cse_0000000000', 'nope', bobs]) {
          const res = await gw.app.inject({
            method: 'GET',
            url: `/checkout/sessions/${id}`,
            headers: alice.headers,
          });
          expect(res.statusCode).toBe(404);
          expectOperationResponse(GET, 404, res.json());
          expect(res.json().error).toMatchObject({ type: 'CHECKOUT_SESSION_NOT_FOUND', code: '1800404' });
        }
        const listed = await gw.app.inject({
          method: 'GET',
          url: '/checkout/sessions?size=50',
          headers: alice.headers,
        });
        expect(listed.json().data.map((s: { id: string }) => s.id)).not.toContain(bobs);
      });

      it('refuses bad pagination', async () => {
        const bad = await gw.app.inject({
          method: 'GET',
          url: '/checkout/sessions?size=5',
          headers: alice.headers,
        });
        expect(bad.statusCode).toBe(400);
        expectOperationResponse(LIST, 400, bad.json());
      });
    });

    describe('the page of a v4 session', () => {
      const open = async (extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) => {
        const data = (await create(body(extra), alice, headers)).json().data;
        return { ...data, path: new URL(data.checkout_url as string).pathname } as {
          id: string;
          reference: string;
          path: string;
        };
      };
      const back = (res: Parameters<typeof redirectedTo>[0]) => {
        const url = redirectedTo(res);
        expect(`${url.origin}${url.pathname}`).toBe(BACK);
        return Object.fromEntries(url.searchParams);
      };

      it('returns with status, id and reference; the charge is the one the API shows', async () => {
        const s = await open();
        const res = back(await postPage(gw, s.path, cardForm('5061460410120223210')));
        expect(res).toEqual({
          status: 'succeeded',
          id: expect.stringMatching(/^chg_/),
          reference: s.reference,
        });
        const charge = await gw.app.inject({
          method: 'GET',
          url: `/charges/${res['id']}`,
          headers: alice.headers,
        });
        expect(charge.json().data).toMatchObject({
          status: 'succeeded',
          reference: s.reference,
          amount: 1500,
          currency: 'NGN',
          customer_id: aliceCustomer,
        });
        const listed = await gw.app.inject({
          method: 'GET',
          url: `/charges?reference=${s.reference}`,
          headers: alice.headers,
        });
        expect(listed.json().data.map((c: { id: string }) => c.id)).toEqual([res['id']]);
      });

      it('binds X-Scenario-Key to its attempts; each attempt is a charge with the session’s reference', async () => {
        const s = await open({ max_retry_attempts: 1 }, { 'x-scenario-key': 'issuer:do_not_honor' });
        expect(redirectedTo(await postPage(gw, s.path, cardForm('4111111111111111'))).pathname).toBe(s.path);
        const res = back(await postPage(gw, s.path, cardForm('4111111111111111')));
        expect(res).toEqual({ status: 'failed', id: expect.stringMatching(/^chg_/), reference: s.reference });
        const listed = await gw.app.inject({
          method: 'GET',
          url: `/charges?reference=${s.reference}`,
          headers: alice.headers,
        });
        const attempts = listed.json().data as { id: string; status: string; processor_response: unknown }[];
        expect(attempts).toHaveLength(2);
        expect(attempts[0]?.id).toBe(res['id']);
        expect(attempts.map((a) => a.status)).toEqual(['failed', 'failed']);
        expect(attempts[0]?.processor_response).toEqual({ type: 'do_not_honor', code: '05' });
      });

      it('a cancel returns status=cancelled and the reference, no id', async () => {
        const s = await open();
        expect(back(await postPage(gw, s.path, { action: 'cancel' }))).toEqual({
          status: 'cancelled',
          reference: s.reference,
        });
      });
    });
  });
}

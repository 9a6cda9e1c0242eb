import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARDS, CVVS, encryptCard, encryptPin } from '../../support/cards.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { startGateway, type TestGateway, type TestMerchant } from '../../support/gateway.js';
import { STORES } from '../../support/stores.js';

let seq = 0;
const ref = () => `ord-${Date.now().toString(36)}-${(seq++).toString(36)}`;
const DAY = 24 * 60 * 60 * 1000;

for (const kind of STORES) {
  describe.skipIf(!kind.available)(`v4 orders (${kind.name})`, () => {
    let gw: TestGateway;
    let m: TestMerchant;
    let other: TestMerchant;

    beforeAll(async () => {
      gw = await startGateway(kind);
      m = await gw.merchant('Hotel Lagos');
      other = await gw.merchant('Other Hotel');
    });
    afterAll(() => gw.close());

    const key = () => m.credentials.v4.encryption_key;
    const directBody = (extra: Record<string, unknown> = {}) => ({
      amount: 500,
      currency: 'NGN',
      reference: ref(),
      customer: { email: 'guest@example.com', name: { first: 'Ngozi', last: 'Eze' } },
      payment_method: {
        type: 'card',
        card: encryptCard(key(), { number: CARDS.mastercard, cvv: CVVS.mastercard }),
      },
      ...extra,
    });
    const direct = (body: object, headers: Record<string, string> = {}) =>
      gw.app.inject({
        method: 'POST',
        url: '/orchestration/direct-orders',
        headers: { ...m.headers, ...headers },
        payload: body,
      });
    const put = (id: string, payload: object, who: TestMerchant = m) =>
      gw.app.inject({ method: 'PUT', url: `/orders/${id}`, headers: who.headers, payload });
    const get = (url: string, who: TestMerchant = m) =>
      gw.app.inject({ method: 'GET', url, headers: who.headers });
    const authorized = async () => {
      const res = await direct(directBody());
      expect(res.statusCode, res.body).toBe(201);
      return res.json().data as { id: string; customer_id: string; payment_method_details: { id: string } };
    };
    const eventTypes = async (id: string) =>
      (
        await gw.deps.db.query<{ type: string }>(
          'SELECT type FROM events WHERE charge_id = $1 ORDER BY seq',
          [id],
        )
      ).rows.map((r) => r.type);

    it('direct order: holds the funds (authorized, requires_capture) and tells order.authorization', async () => {
      const body = directBody();
      expectValidRequest('POST /orchestration/direct-orders', body);
      const res = await direct(body);
      expect(res.statusCode).toBe(201);
      expectOperationResponse('POST /orchestration/direct-orders', 201, res.json());
      expect(res.json()).toMatchObject({
        status: 'success',
        message: 'Order created',
        data: {
          id: expect.stringMatching(/^ord_/),
          amount: 500,
          status: 'authorized',
          next_action: { type: 'requires_capture', requires_capture: {} },
          payment_method_details: { type: 'card' },
        },
      });
      expect(res.json().data).not.toHaveProperty('settled');
      expect(await eventTypes(res.json().data.id)).toEqual(['order.authorization']);
    });

    it('captures part of the hold: completed for the captured amount, with charge.completed', async () => {
      const { id } = await authorized();
      const over = await put(id, { action: 'capture', amount: 600 });
      expect(over.statusCode).toBe(400);
      expect(over.json().error).toMatchObject({
        type: 'CAPTURE_AMOUNT_INVALID',
        validation_errors: [{ field_name: 'amount' }],
      });
      const res = await put(id, { action: 'capture', amount: 200 });
      expect(res.statusCode, res.body).toBe(200);
      expectOperationResponse('PUT /orders/{id}', 200, res.json());
      expect(res.json().data).toMatchObject({ id, amount: 200, status: 'completed' });
      expect(res.json().data).not.toHaveProperty('next_action');
      const again = await put(id, { action: 'void' });
      expect(again.statusCode).toBe(400);
      expect(again.json().error.type).toBe('CAPTURE_VOID_NOT_ALLOWED');
      expect(await eventTypes(id)).toEqual(['order.authorization', 'charge.completed']);
    });

    it('captures the whole hold when no amount is given, and voids another', async () => {
      const a = await authorized();
      const captured = await put(a.id, { action: 'capture' });
      expect(captured.json().data).toMatchObject({ amount: 500, status: 'completed' });
      const b = await authorized();
      const voided = await put(b.id, { action: 'void' });
      expect(voided.statusCode).toBe(200);
      expectOperationResponse('PUT /orders/{id}', 200, voided.json());
      expect(voided.json().data.status).toBe('voided');
      const amountOnVoid = await put(a.id, { action: 'void', amount: 1 });
      expect(amountOnVoid.json().error.validation_errors[0].field_name).toBe('amount');
    });

    it('takes the card steps as charges do: PIN, then OTP, then the hold', async () => {
      const res = await direct(directBody(), { 'x-scenario-key': 'scenario:auth_pin' });
      expect(res.json().data).toMatchObject({ status: 'pending', next_action: { type: 'requires_pin' } });
      const { id } = res.json().data;
      const early = await put(id, { action: 'capture' });
      expect(early.json().error.type).toBe('CAPTURE_VOID_NOT_ALLOWED');
      const pin = await put(id, { authorization: encryptPin(key(), '1234') });
      expect(pin.json().data.next_action.type).toBe('requires_otp');
      const otp = await put(id, { authorization: { type: 'otp', otp: { code: '123456' } } });
      expectOperationResponse('PUT /orders/{id}', 200, otp.json());
      expect(otp.json().data).toMatchObject({
        status: 'authorized',
        next_action: { type: 'requires_capture' },
      });
    });

    it('a declining issuer fails the order', async () => {
      const res = await direct(directBody(), { 'x-scenario-key': 'issuer:insufficient_funds' });
      expect(res.json().data.status).toBe('failed');
    });

    it('POST /orders on a saved card, idempotent, with a unique reference', async () => {
      const first = await authorized();
      const body = {
        amount: 75.5,
        currency: 'NGN',
        reference: ref(),
        customer_id: first.customer_id,
        payment_method_id: first.payment_method_details.id,
        authorization: { type: '3ds' },
      };
      expectValidRequest('POST /orders', body);
      const headers = { ...m.headers, 'x-idempotency-key': `idem-${ref()}` };
      const a = await gw.app.inject({ method: 'POST', url: '/orders', headers, payload: body });
      expect(a.statusCode, a.body).toBe(201);
      expectOperationResponse('POST /orders', 201, a.json());
      expect(a.json().data).toMatchObject({ amount: 75.5, status: 'authorized' });
      const b = await gw.app.inject({ method: 'POST', url: '/orders', headers, payload: body });
      expect(b.headers['x-idempotency-cache-hit']).toBe('true');
      expect(b.body).toBe(a.body);
      const dup = await gw.app.inject({ method: 'POST', url: '/orders', headers: m.headers, payload: body });
      expect(dup.statusCode).toBe(409);
      expect(dup.json().error).toMatchObject({ type: 'ORDER_ALREADY_EXISTS', code: '1100409' });
      const missing = await gw.app.inject({
        method: 'POST',
        url: '/orders',
        headers: m.headers,
        payload: { ...body, reference: ref(), payment_method_id: 'pmd_nope' },
      });
      expect(missing.statusCode).toBe(422);
    });

    it('refuses a method that cannot hold funds, naming the field', async () => {
      const res = await direct(
        directBody({
          currency: 'GHS',
          payment_method: {
            type: 'mobile_money',
            mobile_money: { country_code: '233', network: 'MTN', phone_number: '241234567' },
          },
        }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.json().error.validation_errors[0].field_name).toBe('payment_method.type');
    });

    it('PUT without an action names the field', async () => {
      const { id } = await authorized();
      const res = await put(id, {});
      expect(res.statusCode).toBe(400);
      expect(res.json().error.validation_errors[0].field_name).toBe('action');
      const bad = await put(id, { action: 'refund' });
      expect(bad.statusCode).toBe(400);
    });

    it('lists and fetches orders, filtered by status; charges and other merchants’ orders are not found', async () => {
      const { id, customer_id } = await authorized();
      const one = await get(`/orders/${id}`);
      expect(one.statusCode).toBe(200);
      expectOperationResponse('GET /orders/{id}', 200, one.json());
      const list = await get(`/orders?status=authorized&customer_id=${customer_id}`);
      expectOperationResponse('GET /orders', 200, list.json());
      expect(list.json().data.map((o: { id: string }) => o.id)).toEqual([id]);
      expect((await get(`/orders?status=completed&customer_id=${customer_id}`)).json().data).toEqual([]);
      expect((await get('/orders?status=partially-completed')).json().meta.page_info.total).toBe(0);
      expect((await get(`/orders/${id}`, other)).statusCode).toBe(404);
      expect((await put(id, { action: 'capture' }, other)).statusCode).toBe(404);
      expect((await get('/orders', other)).json().data).toEqual([]);
      const missing = await get('/orders/ord_nothere00');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error).toMatchObject({ type: 'ORDER_NOT_FOUND', code: '1110404' });
      const chg = await gw.app.inject({
        method: 'POST',
        url: '/orchestration/direct-charges',
        headers: m.headers,
        payload: directBody(),
      });
      expect((await get(`/orders/${chg.json().data.id}`)).statusCode).toBe(404);
    });

    it('an authorization expires 7 days after the hold: capture is refused, void still releases it', async () => {
      const a = await authorized();
      const b = await authorized();
      gw.clock.advance(7 * DAY - 1000);
      const later = await gw.login(m.credentials);
      expect((await put(a.id, { action: 'capture' }, later)).statusCode).toBe(200);
      gw.clock.advance(2000);
      const late = await put(b.id, { action: 'capture' }, later);
      expect(late.statusCode).toBe(400);
      expect(late.json().error.type).toBe('CAPTURE_VOID_NOT_ALLOWED');
      expect(late.json().error.message).toMatch(/authorization expired/);
      expect((await put(b.id, { action: 'void' }, later)).json().data.status).toBe('voided');
    });
  });
}

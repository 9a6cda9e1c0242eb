/** POST /orchestration/direct-charges, and charges and other merchants (the setup is in ./charges-card-support.ts). */
import { describe, expect, it } from 'vitest';
import { CARDS, encryptCard, encryptPin } from '../../support/cards.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { gw, m, ref, key, directBody, direct, put, get } from './charges-card-support.js';

describe('POST /orchestration/direct-charges', () => {
  it('creates customer, payment method and a succeeded charge with no scenario (noauth)', async () => {
    const body = directBody();
    expectValidRequest('POST /orchestration/direct-charges', body);
    const res = await direct(body);
    expect(res.statusCode).toBe(201);
    expectOperationResponse('POST /orchestration/direct-charges', 201, res.json());
    const { data } = res.json();
    expect(data).toMatchObject({
      amount: 1234.56,
      currency: 'NGN',
      reference: body.reference,
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
      disputed: false,
      settled: false,
      refunded: false,
      settlement_id: [],
      meta: {},
      redirect_url: 'https://merchant.example/return',
      customer_id: expect.stringMatching(/^cus_/),
      payment_method_details: {
        id: expect.stringMatching(/^pmd_/),
        type: 'card',
        customer_id: data.customer_id,
        card: { first6: '553188', last4: '2950', expiry_month: 9, expiry_year: 32, network: 'MASTERCARD' },
      },
    });
    expect(data.id).toMatch(/^chg_[A-Za-z0-9]{10}$/);
    expect(data).not.toHaveProperty('next_action');
    // 1.4 % of ₦1,234.56 = 17.28; VAT 7.5 % of that = 1.30; no stamp duty under ₦10,000.
    expect(data.fees).toEqual([
      { type: 'vat', amount: 1.3 },
      { type: 'app', amount: 17.28 },
      { type: 'merchant', amount: 0 },
      { type: 'stamp_duty', amount: 0 },
    ]);
    const fetched = await get(data.id);
    expectOperationResponse('GET /charges/{id}', 200, fetched.json());
    expect(fetched.json()).toEqual({ status: 'success', message: 'Charge fetched', data });
    const customer = await gw.app.inject({
      method: 'GET',
      url: `/customers/${data.customer_id}`,
      headers: m.headers,
    });
    expect(customer.json().data.email).toBe('james@example.com');
  });

  it('writes a charge.completed event in the same statement as the final state', async () => {
    const { data } = (await direct(directBody(), 'issuer:insufficient_funds')).json();
    expect(data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
    const { rows } = await gw.deps.db.query<{ type: string; data: { charge: { status: string } } }>(
      'SELECT type, data FROM events WHERE charge_id = $1',
      [data.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'charge.completed', data: { charge: { status: 'failed' } } });
  });

  it('creates nothing when any part is invalid (all or nothing)', async () => {
    const email = `nothing-${ref()}@example.com`;
    const body = directBody({
      customer: { email },
      payment_method: { type: 'card', card: encryptCard(key(), { number: '4111111111111112' }) },
    });
    const res = await direct(body);
    expect(res.statusCode).toBe(400);
    expectOperationResponse('POST /orchestration/direct-charges', 400, res.json());
    expect(res.json().error).toMatchObject({
      type: 'INVALID_CARD_NUMBER',
      code: '1118400',
      validation_errors: [{ field_name: 'payment_method.card.encrypted_card_number' }],
    });
    const search = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: m.headers,
      payload: { email },
    });
    expect(search.json().meta.page_info.total).toBe(0);
    // A reused reference also leaves no customer or payment method behind.
    const first = directBody();
    await direct(first);
    const again = await direct({ ...directBody(), reference: first.reference, customer: { email } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error).toMatchObject({ type: 'CHARGE_ALREADY_EXISTS', code: '1100409' });
    const after = await gw.app.inject({
      method: 'POST',
      url: '/customers/search',
      headers: m.headers,
      payload: { email },
    });
    expect(after.json().meta.page_info.total).toBe(0);
  });

  it('answers card and encryption errors naming the field, never quoting the card', async () => {
    const other = Buffer.alloc(32, 9).toString('base64');
    const cases: [object, number, string, string][] = [
      [
        encryptCard(other, { number: CARDS.visa }),
        400,
        'CLIENT_ENCRYPTION_ERROR',
        'payment_method.card.encrypted_card_number',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, month: '13' }),
        422,
        'CARD_EXPIRY_MONTH_OUT_OF_RANGE',
        'payment_method.card.encrypted_expiry_month',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, year: '21' }),
        422,
        'CARD_EXPIRED',
        'payment_method.card.encrypted_expiry_year',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, year: '99' }),
        422,
        'CARD_EXPIRY_YEAR_OUT_OF_RANGE',
        'payment_method.card.encrypted_expiry_year',
      ],
      [
        encryptCard(key(), { number: CARDS.visa, cvv: '12' }),
        400,
        'REQUEST_NOT_VALID',
        'payment_method.card.encrypted_cvv',
      ],
    ];
    for (const [card, status, type, field] of cases) {
      const res = await direct(directBody({ payment_method: { type: 'card', card } }));
      expect(res.statusCode, type).toBe(status);
      expect(res.json().error.type).toBe(type);
      expect(res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name)).toContain(
        field,
      );
      expect(res.body).not.toContain(CARDS.visa);
      expect(res.body).not.toContain(CARDS.visa.slice(6, 12));
    }
    const garbled = encryptCard(key(), { number: CARDS.visa });
    const res = await direct(
      directBody({
        payment_method: { type: 'card', card: { ...garbled, encrypted_expiry_month: 'not*base64' } },
      }),
    );
    expect(res.json().error).toMatchObject({
      type: 'CLIENT_ENCRYPTION_ERROR',
      code: '1137400',
      message: 'Unable to decrypt encrypted fields provided',
      validation_errors: [{ field_name: 'payment_method.card.encrypted_expiry_month' }],
    });
  });

  it('validates money, reference, currency and redirect_url, naming each field', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ currency: 'UGX', amount: 100.5 }, 'REQUEST_NOT_VALID', 'amount'],
      [{ amount: 12.345 }, 'REQUEST_NOT_VALID', 'amount'],
      [{ amount: 0 }, 'REQUEST_NOT_VALID', 'amount'],
      [{ amount: true }, 'REQUEST_NOT_VALID', 'amount'],
      [{ currency: 'XYZ' }, 'REQUEST_NOT_VALID', 'currency'],
      [{ reference: 'abc' }, 'REQUEST_NOT_VALID', 'reference'],
      [{ reference: 'has spaces in it' }, 'REQUEST_NOT_VALID', 'reference'],
      [{ redirect_url: 'ftp://merchant.example/x' }, 'REDIRECT_URL_INVALID', 'redirect_url'],
      [{ payment_method: { type: 'card' } }, 'REQUEST_NOT_VALID', 'payment_method.card'],
      [{ customer: {} }, 'REQUEST_NOT_VALID', 'customer.email'],
    ];
    for (const [extra, type, field] of cases) {
      const res = await direct(directBody(extra));
      expect(res.statusCode, JSON.stringify(extra)).toBe(400);
      expectOperationResponse('POST /orchestration/direct-charges', 400, res.json());
      expect(res.json().error.type).toBe(type);
      expect(res.json().error.validation_errors.map((e: { field_name: string }) => e.field_name)).toContain(
        field,
      );
    }
  });

  it('accepts the amount as a numeric string, as one documented sample sends it', async () => {
    const res = await direct(directBody({ amount: '1234.56', currency: 'USD' }));
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ amount: 1234.56, currency: 'USD' });
  });

  it('refuses bank_transfer, which is a virtual account now, with a clear message', async () => {
    const res = await direct(directBody({ payment_method: { type: 'bank_transfer' } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ type: 'INVALID_CHARGE', code: '1150400' });
    expect(res.json().error.validation_errors[0]).toMatchObject({ field_name: 'payment_method.type' });
  });
});

describe('charges and other merchants', () => {
  it("never shows or updates another merchant's charge", async () => {
    const other = await gw.merchant('Other');
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const seen = await get(id, other);
    expect(seen.statusCode).toBe(404);
    expect(seen.json().error).toMatchObject({ type: 'CHARGE_NOT_FOUND', code: '1110404' });
    expect(
      (await put(id, { authorization: encryptPin(other.credentials.v4.encryption_key, '1234') }, other))
        .statusCode,
    ).toBe(404);
    expect((await get(id)).json().data.next_action.type).toBe('requires_pin');
  });
});

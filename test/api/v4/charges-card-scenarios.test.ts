/** Card scenarios end to end, and the sandbox 3DS page (the setup is in ./charges-card-support.ts). */
import { describe, expect, it } from 'vitest';
import { CARDS, encryptPin } from '../../support/cards.js';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { gw, m, setMerchant, key, directBody, direct, put, get, otp, avs } from './charges-card-support.js';

describe('card scenarios end to end', () => {
  it('auth_pin: PIN, then OTP, then succeeded', async () => {
    const created = await direct(directBody(), 'scenario:auth_pin&issuer:approved');
    expect(created.statusCode).toBe(201);
    expectOperationResponse('POST /orchestration/direct-charges', 201, created.json());
    const { id } = created.json().data;
    expect(created.json().data).toMatchObject({
      status: 'pending',
      next_action: { type: 'requires_pin', requires_pin: {} },
    });
    expect(created.json().data).not.toHaveProperty('processor_response');

    const pinned = await put(id, { authorization: encryptPin(key(), '3310') });
    expect(pinned.statusCode).toBe(200);
    expectOperationResponse('PUT /charges/{id}', 200, pinned.json());
    expect(pinned.json()).toMatchObject({
      message: 'Charge updated',
      data: { status: 'pending', next_action: { type: 'requires_otp' } },
    });

    expectValidRequest('PUT /charges/{id}', otp);
    const done = await put(id, otp);
    expectOperationResponse('PUT /charges/{id}', 200, done.json());
    expect(done.json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(done.json().data).not.toHaveProperty('next_action');
  });

  it.each([
    ['incorrect_pin', '55'],
    ['pin_entry_tries_exceeded', '75'],
  ])('auth_pin with issuer %s fails at the PIN step', async (issuer, code) => {
    const { id } = (await direct(directBody(), `scenario:auth_pin&issuer:${issuer}`)).json().data;
    const res = await put(id, { authorization: encryptPin(key(), '1234') });
    expect(res.json().data).toMatchObject({ status: 'failed', processor_response: { type: issuer, code } });
  });

  it.each([
    ['insufficient_funds', '51'],
    ['do_not_honor', '05'],
    ['expired_card', '54'],
  ])('auth_pin with issuer %s fails after the OTP', async (issuer, code) => {
    const { id } = (await direct(directBody(), `scenario:auth_pin&issuer:${issuer}`)).json().data;
    expect((await put(id, { authorization: encryptPin(key(), '1234') })).json().data.next_action.type).toBe(
      'requires_otp',
    );
    const res = await put(id, otp);
    expect(res.json().data).toMatchObject({ status: 'failed', processor_response: { type: issuer, code } });
  });

  it('takes the PIN up front on create', async () => {
    const res = await direct(directBody({ authorization: encryptPin(key(), '3310') }), 'scenario:auth_pin');
    expect(res.statusCode).toBe(201);
    expect(res.json().data.next_action).toEqual({ type: 'requires_otp', requires_otp: {} });
  });

  it.each([
    ['approved', 'succeeded', { type: 'approved', code: '00' }],
    ['insufficient_funds', 'failed', { type: 'insufficient_funds', code: '51' }],
  ])('auth_avs with issuer %s asks for the address, then is %s', async (issuer, status, response) => {
    const created = (await direct(directBody(), `scenario:auth_avs&issuer:${issuer}`)).json();
    expect(created.data.next_action).toEqual({
      type: 'requires_additional_fields',
      requires_additional_fields: {
        fields: [
          'authorization.avs.address.postal_code',
          'authorization.avs.address.line1',
          'authorization.avs.address.state',
          'authorization.avs.address.country',
          'authorization.avs.address.city',
        ],
      },
    });
    expectValidRequest('PUT /charges/{id}', avs);
    const res = await put(created.data.id, avs);
    expectOperationResponse('PUT /charges/{id}', 200, res.json());
    expect(res.json().data).toMatchObject({ status, processor_response: response });
  });

  it('issuer alone: noauth with that outcome, every code from the table', async () => {
    const res = await direct(directBody(), 'issuer:lost_card_pick_up');
    expect(res.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'lost_card_pick_up', code: '41' },
    });
  });

  it('an unknown scenario leaves the charge pending with requires_requery, and takes no authorization', async () => {
    const res = await direct(directBody(), 'scenario:teleport&issuer:approved');
    expectOperationResponse('POST /orchestration/direct-charges', 201, res.json());
    expect(res.json().data).toMatchObject({
      status: 'pending',
      next_action: { type: 'requires_requery', requires_requery: {} },
    });
    const update = await put(res.json().data.id, otp);
    expect(update.statusCode).toBe(400);
    expect(update.json().error).toMatchObject({ type: 'CHARGE_UPDATE_NOT_ALLOWED', code: '1112400' });
  });

  it('refuses an authorization the charge is not waiting for, saying what it waits for', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const res = await put(id, otp);
    expect(res.statusCode).toBe(400);
    expectOperationResponse('PUT /charges/{id}', 400, res.json());
    expect(res.json().error).toMatchObject({ type: 'CHARGE_UPDATE_NOT_ALLOWED', code: '1112400' });
    expect(res.json().error.message).toContain('the card PIN');
    expect((await get(id)).json().data.next_action.type).toBe('requires_pin');
  });

  it('refuses any update of a final charge with CHARGE_FINALIZED', async () => {
    const { id } = (await direct(directBody())).json().data;
    for (const body of [otp, { meta: { a: 'b' } }]) {
      const res = await put(id, body);
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({ type: 'CHARGE_FINALIZED', code: '1111400' });
    }
  });

  it('answers INVALID_AUTHORIZATION for a PIN that does not decrypt to 4–6 digits', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const wrongKey = encryptPin(Buffer.alloc(32, 1).toString('base64'), '1234');
    for (const authorization of [wrongKey, encryptPin(key(), '12')]) {
      const res = await put(id, { authorization });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        type: 'INVALID_AUTHORIZATION',
        code: '1121400',
        validation_errors: [{ field_name: 'authorization.pin.encrypted_pin' }],
      });
    }
    expect((await get(id)).json().data.status).toBe('pending');
  });

  it('updates only the meta of a pending charge', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin')).json().data;
    const res = await put(id, { meta: { order: '42' } });
    expect(res.json().data).toMatchObject({
      status: 'pending',
      meta: { order: '42' },
      next_action: { type: 'requires_pin' },
    });
  });

  it.each([
    ['Y', 'succeeded'],
    ['A', 'succeeded'],
    ['N', 'failed'],
    ['R', 'failed'],
  ])('auth_3ds answered with external 3DS status %s is %s', async (transactionStatus, status) => {
    const { id } = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    const body = {
      authorization: {
        type: 'external_3ds',
        external_3ds: {
          eci: '05',
          authentication_token: 'AAABBJkZUQAAAABnAAAAAAAAAAA=',
          transaction_id: 'b5f2a5d2-5a0d-4a60-8f4e-0b4f3e7d9a11',
          version: '2.2.0',
          transaction_status: transactionStatus,
          status_reason_code: '01',
          amount: 1234.56,
          time: '2026-01-15T09:00:00Z',
        },
      },
    };
    expectValidRequest('PUT /charges/{id}', body);
    const res = await put(id, body);
    expect(res.json().data.status).toBe(status);
  });
});

describe('the sandbox 3DS page', () => {
  const page = (url: string) => gw.app.inject({ method: 'GET', url: url.replace('http://baobab.test', '') });
  const answer = (token: string, decision: string) =>
    gw.app.inject({
      method: 'POST',
      url: '/sandbox/redirects',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ token, decision }).toString(),
    });
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';

  it('auth_3ds: shows merchant, amount and masked card; Approve succeeds and returns to the merchant', async () => {
    const created = (
      await direct(directBody({ meta: { cart: '7' } }), 'scenario:auth_3ds&issuer:approved')
    ).json().data;
    expect(created.next_action.type).toBe('redirect_url');
    const url: string = created.next_action.redirect_url.url;
    expect(url).toMatch(/^http:\/\/baobab\.test\/sandbox\/redirects\?card&token=[\w-]+\.[\w-]+\.[\w-]+$/);
    // The same step always yields the same link.
    expect((await get(created.id)).json().data.next_action.redirect_url.url).toBe(url);

    const shown = await page(url);
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['content-type']).toContain('text/html');
    expect(shown.body).toContain('Kola Stores');
    expect(shown.body).toContain('NGN 1,234.56');
    expect(shown.body).toContain('5531 88•• •••• 2950');
    expect(shown.body).toContain(created.reference);
    expect(shown.body).not.toContain(CARDS.mastercard);

    const approved = await answer(tokenOf(url), 'approve');
    expect(approved.statusCode).toBe(303);
    const back = new URL(String(approved.headers['location']));
    expect(back.origin + back.pathname).toBe('https://merchant.example/return');
    expect(Object.fromEntries(back.searchParams)).toEqual({
      status: 'succeeded',
      id: created.id,
      reference: created.reference,
    });
    expect((await get(created.id)).json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { code: '00' },
    });

    // The link is spent: showing or answering it again says so.
    const reshown = await page(url);
    expect(reshown.statusCode).toBe(409);
    expect(reshown.body).toContain('already completed');
    expect((await answer(tokenOf(url), 'decline')).statusCode).toBe(409);
    expect((await get(created.id)).json().data.status).toBe('succeeded');
  });

  it('auth_pin_3ds: PIN first, then the page; Decline fails the charge as not authenticated', async () => {
    const { id } = (await direct(directBody(), 'scenario:auth_pin_3ds&issuer:approved')).json().data;
    const pinned = (await put(id, { authorization: encryptPin(key(), '3310') })).json().data;
    expect(pinned.next_action.type).toBe('redirect_url');
    const declined = await answer(tokenOf(pinned.next_action.redirect_url.url), 'decline');
    expect(new URL(String(declined.headers['location'])).searchParams.get('status')).toBe('failed');
    expect((await get(id)).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });

  it('Approve still fails when the scenario chose a declining issuer', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds&issuer:insufficient_funds')).json().data;
    await answer(tokenOf(created.next_action.redirect_url.url), 'approve');
    expect((await get(created.id)).json().data.processor_response).toEqual({
      type: 'insufficient_funds',
      code: '51',
    });
  });

  it('without a redirect_url the outcome is shown on the page', async () => {
    const created = (await direct(directBody({ redirect_url: undefined }), 'scenario:auth_3ds')).json().data;
    const res = await answer(tokenOf(created.next_action.redirect_url.url), 'approve');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(created.reference);
  });

  it('an expired link gets a clear page, and the charge stays pending', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    gw.clock.advance(301_000);
    setMerchant(await gw.login(m.credentials));
    const res = await page(created.next_action.redirect_url.url);
    expect(res.statusCode).toBe(410);
    expect(res.body).toContain('expired');
    expect((await answer(tokenOf(created.next_action.redirect_url.url), 'approve')).statusCode).toBe(410);
    expect((await get(created.id)).json().data.status).toBe('pending');
  });

  it('a forged or garbled token gets a clear page, never a crash', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    const token = tokenOf(created.next_action.redirect_url.url);
    const [h, p] = token.split('.');
    for (const bad of [`${h}.${p}.AAAA`, 'garbage', 'a.b.c']) {
      const res = await gw.app.inject({ method: 'GET', url: `/sandbox/redirects?card&token=${bad}` });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('text/html');
    }
    const missing = await gw.app.inject({ method: 'GET', url: '/sandbox/redirects?card' });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toContain('text/html');
    const badDecision = await answer(token, 'maybe');
    expect(badDecision.statusCode).toBe(400);
    expect((await get(created.id)).json().data.status).toBe('pending');
  });

  it('PUT /redirect-sessions/charges completes the step with the link token, once', async () => {
    const created = (await direct(directBody(), 'scenario:auth_3ds')).json().data;
    const token = tokenOf(created.next_action.redirect_url.url);
    const call = (headers: Record<string, string>, payload: object = {}) =>
      gw.app.inject({ method: 'PUT', url: '/redirect-sessions/charges', headers, payload });
    const anonymous = await call({});
    expect(anonymous.statusCode).toBe(401);
    expectOperationResponse('PUT /redirect-sessions/charges', 401, anonymous.json());
    expect((await call({ 'x-redirect-session-token': 'nope' })).statusCode).toBe(401);
    const done = await call({ 'x-redirect-session-token': token });
    expect(done.statusCode).toBe(200);
    expectOperationResponse('PUT /redirect-sessions/charges', 200, done.json());
    expect(done.json().data).toMatchObject({ id: created.id, status: 'succeeded' });
    const again = await call({ 'x-redirect-session-token': token });
    expect(again.statusCode).toBe(400);
    expect(again.json().error.type).toBe('CHARGE_UPDATE_NOT_ALLOWED');
  });
});

/**
 * v4 mobile-money charges end to end: the push prompt (answered by the sandbox controls or by the sandbox's
 * timer), the redirect page and the QR code (the setup is in ./charges-mobile-money-support.ts).
 */
import { describe, expect, it } from 'vitest';
import { expectOperationResponse, expectValidRequest } from '../../support/operations.js';
import { decodeQr, storedQrPayload } from '../../support/qr.js';
import { directBody } from './other-methods-support.js';
import { WAIT_MS, DIRECT, gw, api, pushCharge } from './charges-mobile-money-support.js';

describe('mobile money: the push prompt (default)', () => {
  it('creates a pending charge telling the customer to authorise on their phone', async () => {
    const data = await pushCharge();
    expect(data).toMatchObject({
      amount: 200,
      currency: 'GHS',
      status: 'pending',
      next_action: {
        type: 'payment_instruction',
        payment_instruction: {
          note: 'Please authorise this payment on your phone: a prompt was sent to MTN +233 241234567',
        },
      },
      payment_method_details: {
        type: 'mobile_money',
        mobile_money: { network: 'MTN', country_code: '233', phone_number: '241234567' },
        customer_id: data.customer_id,
      },
    });
    expect(data).not.toHaveProperty('processor_response');
    expect(await api().events(data.id)).toEqual([]);
  });

  it('succeeds when the customer approves (sandbox control), writing one charge.completed', async () => {
    const { id } = await pushCharge();
    const res = await api().control(id, 'approve');
    expect(res.statusCode).toBe(200);
    expectOperationResponse('PUT /charges/{id}', 200, res.json());
    expect(res.json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(res.json().data).not.toHaveProperty('next_action');
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('fails with the scenario’s issuer when the customer approves but the issuer declines', async () => {
    const { id } = await pushCharge('issuer:insufficient_funds');
    const res = await api().control(id, 'approve');
    expect(res.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
  });

  it('fails with 05 when the customer declines, or with the decline the tester names', async () => {
    const plain = await pushCharge();
    expect((await api().control(plain.id, 'decline')).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
    const named = await pushCharge();
    const res = await api().control(named.id, 'decline', { issuer: 'exceeds_withdrawal_limit' });
    expectOperationResponse('PUT /charges/{id}', 200, res.json());
    expect(res.json().data.processor_response).toEqual({ type: 'exceeds_withdrawal_limit', code: '65' });
    expect(await api().events(named.id)).toEqual(['charge.completed']);
  });

  it('is completed by the sandbox when nobody answers: not before the wait, approved by default', async () => {
    const { id } = await pushCharge();
    gw.clock.advance(WAIT_MS - 1);
    await gw.runJobs();
    expect((await api().get(id)).json().data.status).toBe('pending');
    gw.clock.advance(2);
    expect(await gw.runJobs()).toBeGreaterThanOrEqual(1);
    const fetched = await api().get(id);
    expectOperationResponse('GET /charges/{id}', 200, fetched.json());
    expect(fetched.json().data).toMatchObject({
      status: 'succeeded',
      processor_response: { type: 'approved', code: '00' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('is completed by the sandbox with the scenario’s issuer: issuer:insufficient_funds fails it', async () => {
    const { id } = await pushCharge('issuer:insufficient_funds');
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(id)).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'insufficient_funds', code: '51' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('leaves a charge the customer already answered alone when its timer comes due', async () => {
    const { id } = await pushCharge();
    await api().control(id, 'decline');
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(id)).json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
    expect(await api().events(id)).toEqual(['charge.completed']);
  });

  it('charges M-Pesa in Kenya the same way', async () => {
    const res = await api().direct(directBody('mpesa'));
    expectOperationResponse(DIRECT, 201, res.json());
    expect(res.json().data).toMatchObject({
      amount: 1500,
      currency: 'KES',
      next_action: {
        type: 'payment_instruction',
        payment_instruction: { note: expect.stringContaining('MPESA +254 712345678') },
      },
    });
  });

  it('leaves a charge whose scenario asks for a requery pending, with no timer', async () => {
    const data = await pushCharge('scenario:requery');
    expect(data).toMatchObject({ status: 'pending', next_action: { type: 'requires_requery' } });
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(data.id)).json().data.status).toBe('pending');
  });
});

describe('mobile money: the redirect page (scenario:auth_redirect)', () => {
  it('sends the customer to the sandbox page, which approves it', async () => {
    const data = await pushCharge('scenario:auth_redirect');
    expect(data).toMatchObject({ status: 'pending', next_action: { type: 'redirect_url' } });
    const url: string = data.next_action.redirect_url.url;
    expect(url).toMatch(
      /^http:\/\/baobab\.test\/sandbox\/redirects\?mobile_money&token=[\w-]+\.[\w-]+\.[\w-]+$/,
    );
    const page = await gw.app.inject({ method: 'GET', url: url.replace('http://baobab.test', '') });
    expect(page.statusCode).toBe(200);
    const done = await api().redirect(url);
    expect(done.statusCode).toBe(200);
    expectOperationResponse('PUT /redirect-sessions/charges', 200, done.json());
    expect(done.json().data).toMatchObject({ status: 'succeeded', processor_response: { code: '00' } });
    expect(await api().events(data.id)).toEqual(['charge.completed']);
  });

  it('fails with 05 when the customer declines on the page, and is not completed by the timer', async () => {
    const data = await pushCharge('scenario:auth_redirect&issuer:approved');
    gw.clock.advance(WAIT_MS + 1);
    await gw.runJobs();
    expect((await api().get(data.id)).json().data.status).toBe('pending');
    const done = await api().redirect(data.next_action.redirect_url.url, 'decline');
    expect(done.json().data).toMatchObject({
      status: 'failed',
      processor_response: { type: 'do_not_honor', code: '05' },
    });
  });
});

describe('mobile money: paying by QR code (use_qr)', () => {
  it('shows a QR code image that scans to the charge’s EMVCo payload, and completes when approved', async () => {
    const body = directBody('ghanaQr');
    expectValidRequest(DIRECT, body);
    const res = await api().direct(body);
    expect(res.statusCode, res.body).toBe(201);
    expectOperationResponse(DIRECT, 201, res.json());
    const { data } = res.json();
    expect(data).toMatchObject({
      status: 'pending',
      next_action: { type: 'qr_code', qr_code: { image: expect.stringMatching(/^data:image\/png;base64,/) } },
      payment_method_details: { mobile_money: { network: 'VODAFONE', use_qr: true } },
    });
    const payload = await storedQrPayload(gw, { id: data.id });
    expect(payload).toMatch(/^000201/);
    expect(payload).toContain('MOMO.VODAFONE.GH');
    expect(payload).toContain('540575.50'); // tag 54, the amount: 75.50
    expect(payload).toContain('5303936'); // tag 53, the currency: GHS (936)
    expect(decodeQr(data.next_action.qr_code.image)).toBe(payload);
    // The same image each time the charge is read.
    expect((await api().get(data.id)).json().data.next_action).toEqual(data.next_action);
    expect((await api().control(data.id, 'approve')).json().data.status).toBe('succeeded');
  });

  it('shows a QR code for any wallet with scenario:qr', async () => {
    const data = await pushCharge('scenario:qr');
    expect(data.next_action.type).toBe('qr_code');
    expect(decodeQr(data.next_action.qr_code.image)).toBe(await storedQrPayload(gw, { id: data.id }));
  });
});

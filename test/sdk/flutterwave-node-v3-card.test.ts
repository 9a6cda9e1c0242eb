/** `flw.Charge.card` and `flw.Charge.validate` through the official Node SDK (the setup is in ./card-support.ts). */
import { describe, expect, it } from 'vitest';
import { type V3Transaction } from './support.js';
import { sdk, PIN, OTP, EMAIL, cardCharge, redirectOf, approveRedirect } from './card-support.js';

// ─── Charge.card / Charge.validate ───────────────────────────────────────────────────────────────

describe('flw.Charge.card and flw.Charge.validate', () => {
  it('PIN card 5531886652142950: pin, then otp, then "Charge validated" and a successful verify', async () => {
    const payload = cardCharge('5531886652142950');
    expect(await sdk.flw.Charge.card(payload)).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: { authorization: { mode: 'pin', fields: ['pin'] } },
    });

    const withPin = await sdk.flw.Charge.card({ ...payload, authorization: { mode: 'pin', pin: PIN } });
    expect(withPin).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        id: expect.any(Number),
        tx_ref: payload.tx_ref,
        flw_ref: expect.stringMatching(/^FLW-MOCK-[0-9a-f]{32}$/),
        amount: 100,
        charged_amount: 100,
        currency: 'NGN',
        status: 'pending',
        auth_model: 'PIN',
        payment_type: 'card',
        card: { first_6digits: '553188', last_4digits: '2950', type: 'MASTERCARD', expiry: '09/32' },
        customer: { email: EMAIL, name: 'Yemi Desola' },
      },
      meta: { authorization: { mode: 'otp', endpoint: '/v3/validate-charge' } },
    });
    const { id, flw_ref } = withPin.data as V3Transaction;

    const validated = await sdk.flw.Charge.validate({ otp: OTP, flw_ref, type: 'card' });
    expect(validated).toMatchObject({
      status: 'success',
      message: 'Charge validated',
      data: {
        id,
        tx_ref: payload.tx_ref,
        flw_ref,
        status: 'successful',
        processor_response: 'Approved by Financial Institution',
      },
    });

    const verified = await sdk.flw.Transaction.verify({ id });
    expect(verified).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: {
        id,
        tx_ref: payload.tx_ref,
        flw_ref,
        status: 'successful',
        amount: 100,
        charged_amount: 100,
        currency: 'NGN',
        payment_type: 'card',
        auth_model: 'PIN',
        card: {
          first_6digits: '553188',
          last_4digits: '2950',
          token: expect.stringMatching(/^flw-t1nf-[0-9a-f]{32}-m03k$/),
        },
        customer: { id: expect.any(Number), email: EMAIL },
      },
    });
  });

  it('AVS card 4556052704172643: avs_noauth, then the address, then redirect; approved page → successful', async () => {
    const payload = cardCharge('4556052704172643', { cvv: '899' });
    expect(await sdk.flw.Charge.card(payload)).toEqual({
      status: 'success',
      message: 'Charge authorization data required',
      meta: {
        authorization: { mode: 'avs_noauth', fields: ['city', 'address', 'state', 'country', 'zipcode'] },
      },
    });

    const withAddress = await sdk.flw.Charge.card({
      ...payload,
      authorization: {
        mode: 'avs_noauth',
        city: 'Hillside',
        address: '470 Mundet PI',
        state: 'NJ',
        country: 'US',
        zipcode: '07205',
      },
    });
    expect(withAddress).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: { id: expect.any(Number), tx_ref: payload.tx_ref, status: 'pending', payment_type: 'card' },
      meta: { authorization: { mode: 'redirect' } },
    });
    const { id } = withAddress.data as V3Transaction;
    expect((await sdk.flw.Transaction.verify({ id })).data?.status).toBe('pending');

    await approveRedirect(redirectOf(withAddress));
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'successful' },
    });
  });

  it('3DS card 4187427415564246: redirect at once; approved page → successful', async () => {
    const payload = cardCharge('4187427415564246', { cvv: '828' });
    const charged = await sdk.flw.Charge.card(payload);
    expect(charged).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        id: expect.any(Number),
        tx_ref: payload.tx_ref,
        status: 'pending',
        auth_model: 'VBVSECURECODE',
        card: { first_6digits: '418742', last_4digits: '4246', type: 'VISA' },
      },
      meta: { authorization: { mode: 'redirect', redirect: expect.any(String) } },
    });
    const { id } = charged.data as V3Transaction;

    await approveRedirect(redirectOf(charged));
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'successful', auth_model: 'VBVSECURECODE' },
    });
  });

  it('NOAUTH Verve card 5061460410120223210: successful at once', async () => {
    const payload = cardCharge('5061460410120223210', { cvv: '780', expiry_month: '12', expiry_year: '31' });
    const charged = await sdk.flw.Charge.card(payload);
    expect(charged).toMatchObject({
      status: 'success',
      message: 'Charge initiated',
      data: {
        id: expect.any(Number),
        tx_ref: payload.tx_ref,
        status: 'successful',
        auth_model: 'NOAUTH',
        amount: 100,
        currency: 'NGN',
        card: { first_6digits: '506146', last_4digits: '3210', type: 'VERVE' },
      },
    });
    const { id } = charged.data as V3Transaction;
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      data: { id, tx_ref: payload.tx_ref, status: 'successful', auth_model: 'NOAUTH' },
    });
  });

  it('declining card 5258585922666506: fails after the OTP with insufficient funds', async () => {
    const payload = cardCharge('5258585922666506', { cvv: '883', expiry_year: '31' });
    expect((await sdk.flw.Charge.card(payload)).meta?.authorization?.mode).toBe('pin');
    const withPin = await sdk.flw.Charge.card({ ...payload, authorization: { mode: 'pin', pin: PIN } });
    expect(withPin).toMatchObject({
      status: 'success',
      data: { status: 'pending' },
      meta: { authorization: { mode: 'otp' } },
    });
    const { id, flw_ref } = withPin.data as V3Transaction;

    const validated = await sdk.flw.Charge.validate({ otp: OTP, flw_ref, type: 'card' });
    expect(validated.data).toMatchObject({ id, status: 'failed', processor_response: 'Insufficient funds' });
    expect(await sdk.flw.Transaction.verify({ id })).toMatchObject({
      status: 'success',
      message: 'Transaction fetched successfully',
      data: { id, tx_ref: payload.tx_ref, status: 'failed', processor_response: 'Insufficient funds' },
    });
  });
});

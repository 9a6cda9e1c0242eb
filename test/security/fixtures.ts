/**
 * One resource of each kind a route's path can name, made by a merchant through the public API, for
 * the tenancy cases of the shared security suite: made with merchant A, requested by merchant B.
 */
import { expect } from 'vitest';
import type { TestGateway, TestMerchant } from '../support/gateway.js';
import { CARDS, CVVS, encryptCard } from '../support/cards.js';
import { uniqueRef, v3Card, v3Headers } from '../support/v3.js';

/** The kinds of id a route's path parameter can hold. */
export const KINDS = [
  'customer',
  'payment_method',
  'charge',
  'virtual_account',
  'event',
  'webhook_endpoint',
  'checkout_session',
  'v3_transaction',
  'v3_flw_ref',
  'v3_refund',
  'refund',
  'transfer',
  'transfer_recipient',
  'transfer_sender',
  'transfer_rate',
  'v3_token',
  'v3_bulk_tokenized',
  'v3_transfer',
  'v3_beneficiary',
  'v3_bulk_transfer',
  'order',
  'chargeback',
  'v3_chargeback',
  'settlement',
  'v3_settlement',
] as const;
export type Kind = (typeof KINDS)[number];

/** A card the v3 card rail approves with no further step: the charge succeeds at once. */
const NOAUTH_CARD = '5061460410120223210';

type Maker = (gw: TestGateway, m: TestMerchant) => Promise<string>;

async function send(
  gw: TestGateway,
  method: 'POST' | 'GET',
  url: string,
  headers: Record<string, string>,
  payload?: object,
): Promise<Record<string, unknown>> {
  const res = await gw.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.json<{ data: Record<string, unknown> }>().data;
}

const idOf = (data: Record<string, unknown>): string => String(data['id']);

const customer: Maker = async (gw, m) =>
  idOf(
    await send(gw, 'POST', '/customers', m.headers, {
      email: 'ada@example.com',
      name: { first: 'Ada', last: 'Obi' },
    }),
  );

const v3Charge = (gw: TestGateway, m: TestMerchant) =>
  send(gw, 'POST', '/v3/charges?type=card', v3Headers(m), v3Card(NOAUTH_CARD));

const recipient: Maker = async (gw, m) =>
  idOf(
    await send(gw, 'POST', '/transfers/recipients', m.headers, {
      type: 'bank',
      currency: 'NGN',
      name: { first: 'Ada', last: 'Obi' },
      bank: { account_number: '0690000040', code: '044' },
    }),
  );

/** The card token of a charge that succeeded. */
const v3Token: Maker = async (gw, m) => {
  const tx = idOf(await v3Charge(gw, m));
  const card = (await send(gw, 'GET', `/v3/transactions/${tx}/verify`, v3Headers(m)))['card'];
  return String((card as Record<string, unknown>)['token']);
};

const PAYEE = { account_bank: '044', account_number: '0690000040', currency: 'NGN' };

export const FIXTURES: Readonly<Record<Kind, Maker>> = {
  customer,
  // Authorised: the funds are held, so fetching, capturing and voiding all still apply.
  order: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/orchestration/direct-orders', m.headers, {
        amount: 500,
        currency: 'NGN',
        reference: uniqueRef('sec'),
        customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
        payment_method: {
          type: 'card',
          card: encryptCard(m.credentials.v4.encryption_key, {
            number: CARDS.mastercard,
            cvv: CVVS.mastercard,
          }),
        },
      }),
    ),
  v3_transfer: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/v3/transfers', v3Headers(m), {
        ...PAYEE,
        amount: 5500,
        narration: 'Security suite',
        reference: uniqueRef('sec'),
        beneficiary_name: 'Alexis Sanchez',
      }),
    ),
  v3_beneficiary: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/v3/beneficiaries', v3Headers(m), {
        account_number: '0690000033',
        account_bank: '044',
        beneficiary_name: 'Flutterwave Developers',
      }),
    ),
  v3_bulk_transfer: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/v3/bulk-transfers', v3Headers(m), {
        title: 'Payroll',
        bulk_data: [
          {
            bank_code: '044',
            account_number: '0690000040',
            amount: 500,
            currency: 'NGN',
            narration: 'a',
            reference: uniqueRef('sec'),
          },
        ],
      }),
    ),
  v3_token: v3Token,
  v3_bulk_tokenized: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/v3/bulk-tokenized-charges', v3Headers(m), {
        title: 'Security suite batch',
        bulk_data: [
          {
            currency: 'NGN',
            token: await v3Token(gw, m),
            country: 'NG',
            amount: 3500,
            email: 'ada@example.com',
            tx_ref: uniqueRef('blk'),
          },
        ],
      }),
    ),
  transfer_recipient: recipient,
  transfer_sender: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/transfers/senders', m.headers, {
        name: { first: 'Ada', last: 'Obi' },
        email: 'ada@example.com',
        phone: { country_code: '234', number: '8012345678' },
        address: { line1: '1 Marina', city: 'Lagos', state: 'Lagos', country: 'NG', postal_code: '100001' },
      }),
    ),
  transfer_rate: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/transfers/rates', m.headers, {
        source: { currency: 'USD' },
        destination: { currency: 'NGN', amount: 1500 },
      }),
    ),
  // Deferred: it waits for approval, so reading, closing and retrying it all still apply.
  transfer: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/transfers', m.headers, {
        action: 'deferred',
        reference: uniqueRef('sec'),
        narration: 'Payout',
        payment_instruction: {
          recipient_id: await recipient(gw, m),
          source_currency: 'NGN',
          amount: { value: 2000, applies_to: 'destination_currency' },
        },
      }),
    ),
  payment_method: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/payment-methods', m.headers, {
        type: 'ussd',
        ussd: { account_bank: '058' },
        customer_id: await customer(gw, m),
      }),
    ),
  // Pending: a Ghana mobile-money charge waits for the customer, so every control still applies.
  charge: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/orchestration/direct-charges', m.headers, {
        amount: 200,
        currency: 'GHS',
        reference: uniqueRef('sec'),
        customer: { email: 'ama@example.com', name: { first: 'Ama', last: 'Mensah' } },
        payment_method: {
          type: 'mobile_money',
          mobile_money: { country_code: '233', network: 'MTN', phone_number: '241234567' },
        },
        redirect_url: 'https://merchant.example/return',
      }),
    ),
  virtual_account: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/virtual-accounts', m.headers, {
        reference: uniqueRef('sec'),
        customer_id: await customer(gw, m),
        amount: 1500,
        currency: 'NGN',
        account_type: 'dynamic',
      }),
    ),
  // A charge that succeeds at once completes with a charge.completed event.
  event: async (gw, m) => {
    await v3Charge(gw, m);
    const events = await gw.app.inject({ method: 'GET', url: '/events', headers: m.headers });
    const first = events.json<{ data: { id: string }[] }>().data[0];
    expect(first, events.body).toBeDefined();
    return first?.id ?? '';
  },
  webhook_endpoint: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/profile/webhook-endpoints', m.headers, {
        url: 'https://hooks.example.com/flw',
        secret: 'baobab-security-suite-webhook-secret-0123456789',
      }),
    ),
  checkout_session: async (gw, m) =>
    idOf(
      await send(gw, 'POST', '/checkout/sessions', m.headers, {
        amount: 1500,
        currency: 'NGN',
        customer_id: await customer(gw, m),
        redirect_url: 'https://merchant.example/back',
        reference: uniqueRef('sec'),
      }),
    ),
  v3_transaction: async (gw, m) => idOf(await v3Charge(gw, m)),
  v3_flw_ref: async (gw, m) => String((await v3Charge(gw, m))['flw_ref']),
  // Pending: it can still be fetched, accepted, declined or resolved.
  chargeback: async (gw, m) => {
    const tx = await v3Charge(gw, m);
    const found = await gw.app.inject({
      method: 'GET',
      url: `/charges?reference=${String(tx['tx_ref'])}`,
      headers: m.headers,
    });
    const chargeId = found.json<{ data: { id: string }[] }>().data[0]?.id ?? '';
    const body = { charge_id: chargeId, amount: 10, expiry: 24, type: 'local' };
    return idOf(await send(gw, 'POST', '/chargebacks', m.headers, body));
  },
  v3_chargeback: async (gw, m) => {
    const tx = await v3Charge(gw, m);
    const body = { flw_ref: String(tx['flw_ref']), amount: 10 };
    return idOf(await send(gw, 'POST', '/v3/sandbox/chargebacks', v3Headers(m), body));
  },
  // A successful charge settled at once with the sandbox control.
  settlement: async (gw, m) => {
    await v3Charge(gw, m);
    const res = await gw.app.inject({ method: 'POST', url: '/sandbox/settlements', headers: m.headers });
    expect(res.statusCode, res.body).toBe(201);
    return String(res.json<{ data: { id: string }[] }>().data[0]?.id);
  },
  v3_settlement: async (gw, m) => {
    await v3Charge(gw, m);
    const made = await gw.app.inject({
      method: 'POST',
      url: '/v3/sandbox/settlements',
      headers: v3Headers(m),
    });
    expect(made.statusCode, made.body).toBe(200);
    return String(made.json<{ data: { id: number }[] }>().data[0]?.id);
  },
  v3_refund: async (gw, m) => {
    const tx = idOf(await v3Charge(gw, m));
    return idOf(await send(gw, 'POST', `/v3/transactions/${tx}/refund`, v3Headers(m), { amount: 10 }));
  },
  // A v4 card charge that succeeds at once (noauth), refunded in part.
  refund: async (gw, m) => {
    const charge = await send(gw, 'POST', '/orchestration/direct-charges', m.headers, {
      amount: 1500,
      currency: 'NGN',
      reference: uniqueRef('sec'),
      customer: { email: 'ada@example.com', name: { first: 'Ada', last: 'Obi' } },
      payment_method: {
        type: 'card',
        card: encryptCard(m.credentials.v4.encryption_key, {
          number: CARDS.mastercard,
          cvv: CVVS.mastercard,
        }),
      },
    });
    return idOf(
      await send(gw, 'POST', '/refunds', m.headers, {
        amount: 10,
        charge_id: idOf(charge),
        reason: 'duplicate',
      }),
    );
  },
};

/**
 * What /openapi.json says `POST /v3/charges` takes, with examples from the sandbox's test values
 * (docs/sandbox.md). The route reads its body itself — a card as plain JSON or as a 3DES `client`
 * payload (card-charge-input.ts), any other type against its own required fields
 * (method-charge-input.ts) — so this schema only documents: it reaches the document through
 * `config.documentedBody` (api/http/openapi-bodies.ts) and validates nothing.
 */
import { Body } from '../http/charge-input/method-charge-parts.js';
import { TEST_OTP, TEST_PIN } from '../../methods/card-test-cards.js';
import { CardPayload } from './card-charge-input.js';

const card = {
  card_number: '5531886652142950',
  cvv: '564',
  expiry_month: '09',
  expiry_year: '32',
  currency: 'NGN',
  amount: 100,
  email: 'ada@example.com',
  fullname: 'Ada Lovelace',
  tx_ref: 'MC-3243e',
  redirect_url: 'https://merchant.example/back',
};

/** Named examples, each with the `type` it is sent with (the summary says it too). */
export const V3_CHARGE_EXAMPLES: Readonly<
  Record<string, { readonly type: string; readonly summary: string; readonly value: object }>
> = {
  card_pin: {
    type: 'card',
    summary: `?type=card — test Mastercard: answered "pin", re-sent with the PIN, then the OTP ${TEST_OTP}`,
    value: card,
  },
  card_pin_answer: {
    type: 'card',
    summary: `?type=card — the same charge re-sent with the sandbox PIN ${TEST_PIN}`,
    value: { ...card, authorization: { mode: 'pin', pin: TEST_PIN } },
  },
  card_3ds: {
    type: 'card',
    summary: '?type=card — test Visa with 3-D Secure: answered with the sandbox 3DS page',
    value: { ...card, card_number: '4187427415564246', tx_ref: 'MC-3ds-0001' },
  },
  card_encrypted: {
    type: 'card',
    summary: '?type=card — the card fields as JSON, 3DES-encrypted with your v3 encryption key',
    value: { client: 'base64 of the 3DES-encrypted card JSON' },
  },
  mobile_money_ghana: {
    type: 'mobile_money_ghana',
    summary: '?type=mobile_money_ghana — MTN Ghana: the sandbox wallet page takes the OTP 123456',
    value: {
      tx_ref: 'MC-gh-0001',
      amount: 150,
      currency: 'GHS',
      network: 'MTN',
      phone_number: '054709929220',
      email: 'ama@example.com',
      fullname: 'Ama Mensah',
      redirect_url: 'https://merchant.example/back',
    },
  },
  mpesa: {
    type: 'mpesa',
    summary: '?type=mpesa — M-Pesa: a prompt on the phone; the sandbox completes it',
    value: {
      tx_ref: 'MC-ke-0001',
      amount: 100,
      currency: 'KES',
      phone_number: '25454709929220',
      email: 'ama@example.com',
    },
  },
  ussd: {
    type: 'ussd',
    summary: '?type=ussd — a USSD code to dial for GTBank (058)',
    value: {
      tx_ref: 'MC-ussd-0001',
      amount: 1500,
      currency: 'NGN',
      account_bank: '058',
      phone_number: '07033923458',
      email: 'ada@example.com',
    },
  },
  bank_transfer: {
    type: 'bank_transfer',
    summary: '?type=bank_transfer — an account to pay into, open for an hour',
    value: {
      tx_ref: 'MC-bt-0001',
      amount: 1500,
      currency: 'NGN',
      email: 'ada@example.com',
      expires: 3600,
      narration: 'All star college',
    },
  },
};

export const V3ChargeBody: object = {
  description:
    'One shape per `type` (the query parameter). `card`: the card fields as plain JSON, or the same ' +
    'JSON 3DES-encrypted in `client`; re-sent with `authorization` when the answer asks for it. Every ' +
    'other type: the common fields and its own (docs/sandbox.md, "Other payment methods").',
  anyOf: [
    { title: 'card (plain JSON)', ...CardPayload },
    {
      title: 'card (encrypted)',
      type: 'object',
      required: ['client'],
      properties: {
        client: {
          type: 'string',
          description: 'The card fields as JSON, 3DES-encrypted with the v3 encryption key, base64',
        },
      },
    },
    { title: 'every other type', ...Body, required: [...Body.required] },
  ],
  'x-examples': Object.fromEntries(
    Object.entries(V3_CHARGE_EXAMPLES).map(([name, { summary, value }]) => [name, { summary, value }]),
  ),
};

/** v4 wire views of transfers, recipients and wallets (official schemas: transfers_*, wallets). */
import { Type } from 'typebox';
import { toMajor, type Currency } from '../../domain/money.js';
import type { Destination, Transfer } from '../../domain/transfer.js';
import type { Recipient } from '../../flows/payouts/recipients.js';
import { success } from './envelope.js';

const Loose = Type.Object({}, { additionalProperties: true });
export const TransferView = Loose;
export const RecipientView = Loose;

function nameView(d: Destination) {
  return d.name ? { name: { ...d.name } } : {};
}

export function destinationView(d: Destination, id: string | undefined) {
  const base = { ...(id === undefined ? {} : { id }), type: d.type, currency: d.currency, ...nameView(d) };
  if (d.type === 'bank' && d.bank) {
    return {
      ...base,
      bank: {
        account_number: d.bank.accountNumber,
        code: d.bank.code,
        ...(d.bank.branch === undefined ? {} : { branch: d.bank.branch }),
      },
    };
  }
  if (d.type === 'mobile_money' && d.mobileMoney) {
    return {
      ...base,
      mobile_money: {
        network: d.mobileMoney.network,
        msisdn: d.mobileMoney.msisdn,
        ...(d.mobileMoney.country === undefined ? {} : { country: d.mobileMoney.country }),
      },
    };
  }
  return {
    ...base,
    ...(d.wallet ? { wallet: { provider: d.wallet.provider, identifier: d.wallet.identifier } } : {}),
  };
}

export const recipientView = (r: Recipient) => destinationView(r.destination, r.id);

export function transferView(t: Transfer) {
  const src = t.sourceCurrency;
  const amountCurrency: Currency = t.appliesTo === 'source_currency' ? src : t.destinationCurrency;
  const parent =
    t.parentId === undefined
      ? {}
      : { [t.action === 'duplicate' ? 'duplicate' : 'retry']: { parent_id: t.parentId } };
  return {
    id: t.id,
    type: t.type,
    action: t.action,
    reference: t.reference,
    status: t.status,
    ...(t.reversedAt
      ? {
          reversal: {
            reversal_datetime: t.reversedAt.toISOString(),
            initial_status: 'SUCCESSFUL',
            reconciliation_status: 'REVERSED',
            reconciliation_type: 'C' as const,
          },
        }
      : {}),
    ...(t.narration === undefined ? {} : { narration: t.narration }),
    source_currency: src,
    destination_currency: t.destinationCurrency,
    amount: { value: toMajor(t.amount, amountCurrency), applies_to: t.appliesTo },
    fee: { currency: src, value: toMajor(t.fee, src) },
    debit_information: {
      currency: src,
      actual_debit_amount: toMajor(t.debitAmount, src),
      rate_used: Number(t.rate),
      vat: 0,
    },
    ...(t.status === 'SUCCESSFUL' ? { payment_information: { proof: `BAOBAB-${String(t.numId)}` } } : {}),
    ...parent,
    ...(t.disburseAt
      ? { disburse_option: { date_time: t.disburseAt.toISOString(), timezone: 'UTC' as const } }
      : {}),
    ...(t.callbackUrl === undefined ? {} : { callback_url: t.callbackUrl }),
    ...(t.providerResponse
      ? {
          provider_response: {
            type: t.providerResponse.type,
            code: t.providerResponse.code,
            message: t.providerResponse.message,
          },
        }
      : {}),
    recipient: destinationView(t.destination, t.recipientId),
    ...(t.sender ? { sender: t.sender } : {}),
    meta: t.meta,
    created_datetime: t.createdAt.toISOString(),
  };
}

/** The cursor lists of the transfer resources: `{cursor, <name>: [...]}`, `next` the page cursor. */
export const CursorQuery = Type.Object({
  next: Type.Optional(
    Type.String({ pattern: '^[0-9]{1,6}$', 'x-message': 'must be a page cursor from a previous list' }),
  ),
  size: Type.Integer({ minimum: 10, maximum: 50, default: 10 }),
});

export function cursorList<T, V>(
  message: string,
  name: string,
  page: { items: readonly T[]; total: number; page: number; size: number },
  view: (item: T) => V,
) {
  const more = page.page * page.size < page.total;
  return success(message, {
    cursor: {
      ...(more ? { next: String(page.page + 1) } : {}),
      ...(page.page > 1 ? { previous: String(page.page - 1) } : {}),
      limit: page.size,
      total: page.total,
      has_more_items: more,
    },
    [name]: page.items.map(view),
  });
}

/** The official schemas take `size` up to 50 but answer recipients and senders at most 10 to a page. */
const RECIPIENTS_PAGE_MAX = 10;

export const pageOfCursor = (q: { next?: string | undefined; size: number }) => ({
  page: q.next === undefined ? 1 : Math.max(1, Number(q.next)),
  size: Math.min(q.size, RECIPIENTS_PAGE_MAX),
});

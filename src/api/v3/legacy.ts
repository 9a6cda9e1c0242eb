/**
 * After a v3 direct charge's 3-D Secure page, the browser returns to `redirect_url` with `response`:
 * the charge as URL-encoded legacy camelCase JSON (v3 spec §2.2), which v3 integrations parse.
 */
import { toMajor, type Currency } from '../../domain/money.js';
import type { ChargeInFull } from '../../flows/read-charges.js';
import { authModel, processorText, V3_STATUS } from './views.js';

export function legacyChargeResponse({ charge: c, paymentMethod: pm, customer }: ChargeInFull): string {
  const currency = c.currency as Currency;
  const fee = (type: string) => c.fees.find((f) => f.type === type)?.amount ?? 0;
  const code = c.processorResponse?.code ?? '02';
  return JSON.stringify({
    id: c.txId,
    txRef: c.reference,
    orderRef: `URF_${c.txId}`,
    flwRef: c.flwRef,
    redirectUrl: c.redirectUrl ?? 'N/A',
    amount: toMajor(c.amount, currency),
    charged_amount: toMajor(c.amount, currency),
    appfee: toMajor(fee('app') + fee('vat'), currency),
    merchantfee: 0,
    chargeResponseCode: code,
    chargeResponseMessage: processorText(c),
    authModelUsed: authModel(c),
    currency: c.currency,
    status: V3_STATUS[c.status],
    vbvrespmessage: processorText(c),
    vbvrespcode: code,
    paymentType: 'card',
    createdAt: c.createdAt.toISOString(),
    customer: {
      id: customer.numId,
      fullName: [customer.name?.first, customer.name?.last].filter(Boolean).join(' ') || 'Anonymous customer',
      email: customer.email,
      createdAt: customer.createdAt.toISOString(),
    },
    ...(c.status === 'succeeded' && pm.token !== undefined
      ? { chargeToken: { user_token: pm.token.slice(9, 14), embed_token: pm.token } }
      : {}),
  });
}

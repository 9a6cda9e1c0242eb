/**
 * After a v3 direct charge's sandbox page (3-D Secure, a bank or wallet page, a mobile-money OTP page),
 * the browser returns to `redirect_url` with `response`: the charge as URL-encoded legacy camelCase
 * JSON (v3 spec §2.2), which v3 integrations parse. `paymentType` and `authModelUsed` are v3's names
 * for the method (method-labels.ts); only a card carries a `chargeToken`.
 */
import { toMajor, type Currency } from '../../domain/money.js';
import type { ChargeInFull } from '../../flows/charges/read-charges.js';
import { labelsOf } from './method-labels.js';
import { processorText, V3_STATUS } from './views.js';

export function legacyChargeResponse({ charge: c, paymentMethod: pm, customer }: ChargeInFull): string {
  const currency = c.currency as Currency;
  const fee = (type: string) => c.fees.find((f) => f.type === type)?.amount ?? 0;
  const code = c.processorResponse?.code ?? '02';
  const labels = labelsOf(c, pm);
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
    chargeResponseMessage: processorText(c, pm),
    authModelUsed: labels.authModel,
    currency: c.currency,
    status: V3_STATUS[c.status],
    vbvrespmessage: processorText(c, pm),
    vbvrespcode: code,
    paymentType: labels.paymentType,
    createdAt: c.createdAt.toISOString(),
    customer: {
      id: customer.numId,
      fullName: [customer.name?.first, customer.name?.last].filter(Boolean).join(' ') || 'Anonymous customer',
      email: customer.email,
      createdAt: customer.createdAt.toISOString(),
    },
    ...(c.status === 'succeeded' && pm.details.type === 'card' && pm.token !== undefined
      ? { chargeToken: { user_token: pm.token.slice(9, 14), embed_token: pm.token } }
      : {}),
  });
}

/**
 * What v3 calls a charge's payment method: its `payment_type`, `auth_model` and `narration` (v3 spec
 * §1.4, §5). Non-card charges take them from their method's `v3` block (src/methods); a card's
 * `auth_model` follows how the cardholder is authenticated, which its scenario decides.
 */
import type { Charge } from '../../domain/charge.js';
import type { PaymentMethod, PaymentMethodDetails } from '../../domain/payment-method.js';
import { isCurrency } from '../../domain/money.js';
import { methodOf, MOBILE_MONEY_MARKETS } from '../../methods/index.js';

/** How the cardholder was (to be) authenticated, in v3's words. */
function cardAuthModel(c: Charge): string {
  if (c.recurring) return 'noauth';
  switch (c.scenario.flow) {
    case 'auth_pin':
      return 'PIN';
    case 'auth_pin_3ds':
    case 'auth_3ds':
      return 'VBVSECURECODE';
    case 'auth_avs':
      return 'AVS_NOAUTH';
    case 'auth_avs_3ds':
      return 'AVS_VBVSECURECODE';
    default:
      return 'NOAUTH';
  }
}

export interface V3Labels {
  /** The `type=` the charge would be created with (`card`, `mobile_money_ghana`…); undefined for v4-only methods. */
  readonly chargeType?: string;
  readonly paymentType: string;
  readonly authModel: string;
  readonly narration: string;
  /** The webhook's `event.type`: Flutterwave's legacy name for the method (v3 spec §7.2). */
  readonly eventType: string;
}

/** A v4-only wallet market (Egypt, Malawi, Ethiopia) shows as `mobilemoney<country>`, as v3 names the others. */
function mobileMoneyFallback(details: PaymentMethodDetails): string {
  const code = details.type === 'mobile_money' ? details.mobileMoney.countryCode : '';
  const country = MOBILE_MONEY_MARKETS.find((m) => m.dialCode === code)?.country ?? '';
  return `mobilemoney${country.toLowerCase()}`;
}

export function labelsOf(c: Charge, pm: PaymentMethod): V3Labels {
  if (pm.details.type === 'card') {
    return {
      chargeType: 'card',
      paymentType: 'card',
      authModel: cardAuthModel(c),
      narration: 'CARD Transaction ',
      eventType: 'CARD_TRANSACTION',
    };
  }
  const v3 = methodOf(pm.details)?.v3;
  const byCurrency = v3?.paymentTypeByCurrency;
  const paymentType =
    (isCurrency(c.currency) ? byCurrency?.[c.currency] : undefined) ??
    v3?.paymentType ??
    (pm.details.type === 'mobile_money' ? mobileMoneyFallback(pm.details) : pm.details.type);
  return {
    ...(v3 ? { chargeType: v3.type } : {}),
    paymentType,
    authModel: v3?.authModel ?? (pm.details.type === 'mobile_money' ? 'MOBILEMONEY' : 'NOAUTH'),
    // Flutterwave's M-Pesa samples carry this narration; other methods follow the card's pattern.
    narration:
      v3?.type === 'mpesa' ? 'FLW-PBF MPESA Transaction ' : `${paymentType.toUpperCase()} Transaction `,
    // v4-only wallets (Egypt, Malawi, Ethiopia) follow the pattern of the others.
    eventType: v3?.eventType ?? `${paymentType.toUpperCase()}_TRANSACTION`,
  };
}

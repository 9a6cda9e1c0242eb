/**
 * What a payment method is, as data: which rail carries it (through its payment-method type), which
 * currencies, countries and networks it takes, the smallest amount, and what each API dialect calls
 * it. One file per method in this folder; the folder is the registry (index.ts). Dialects validate
 * requests with `checkMethodCharge` so every method refuses the same way, saying what is allowed.
 */
import { appError } from '../domain/errors.js';
import type { MethodPricing } from '../domain/fees.js';
import type { Scenario } from '../domain/charge.js';
import type { ChargeFields, ChargeReader } from './charge-input.js';
import { formatMoney, type Currency } from '../domain/money.js';
import type { PaymentMethodDetails, PaymentMethodType } from '../domain/payment-method.js';
import { err, ok, type Result } from '../domain/result.js';
import type { MethodCheckout } from './checkout-choices.js';
import type { MethodPage } from './sandbox-pages.js';
import type { V4View } from './v4-views.js';

/** One country's mobile money: its dialling code, currency and networks (upper case). */
export interface MobileMoneyMarket {
  /** ISO 3166 alpha-2. */
  readonly country: string;
  /** The merchant city a wallet's QR code names (EMVCo tag 60, at most 15 characters): the business capital. */
  readonly qrCity: string;
  readonly dialCode: string;
  readonly currency: Currency;
  readonly networks: readonly string[];
}

/** How the v3 dialect takes and shows the method (v3 spec §5). */
export interface V3Charge {
  /** `POST /v3/charges?type=…` */
  readonly type: string;
  readonly authModel: string;
  readonly paymentType: string;
  /** A different `payment_type` for some currencies (ACH: US debits are `account-ach-us`, ZAR ones `account`). */
  readonly paymentTypeByCurrency?: Readonly<Partial<Record<Currency, string>>>;
  /** The rail flow a v3 charge starts with when X-Scenario-Key names none. */
  readonly flow?: string;
  /** Other names v3 clients send for a network (ORANGEMONEY for ORANGE, TIGO for AIRTELTIGO in Ghana). */
  readonly networkAliases?: Readonly<Record<string, string>>;
  /**
   * Where the v3 reply to its redirect step puts the link (v3 spec §5): `top`, only a top-level
   * `meta.authorization` and no `data` (the mobile-money OTP page); or inside `data.meta`, with
   * `data.auth_url` repeating the link when `authUrl` and `validate_instructions: ""` when
   * `instructions`. Without it: `data` and a top-level `meta.authorization` (UK/EU accounts).
   */
  readonly redirectReply?: 'top' | { readonly authUrl: boolean; readonly instructions: boolean };
  /** The legacy webhook `event.type` (v3 spec §7.2). */
  readonly eventType: string;
  /** The body fields the type requires beyond the common ones (v3 spec §5; the official SDK's schemas). */
  readonly required?: readonly string[];
  /**
   * How a request of this type reads into the neutral charge input (charge-input.ts). Mobile-money
   * methods have none: their markets and networks are read alike (api/http/charge-input).
   */
  readonly read?: ChargeReader;
  /**
   * The outcome the method's sandbox test values pick when the request names no scenario (a test
   * bank account's), as the test cards do for cards; X-Scenario-Key, when sent, wins.
   */
  readonly testScenario?: (fields: ChargeFields) => Scenario;
}

/** Where a QR code says it was issued: its EMVCo scheme, country and merchant city. */
export interface QrPlace {
  readonly scheme: string;
  readonly country: string;
  readonly city: string;
}

/**
 * What the charge flow draws for the customer before the rail starts (rails draw no randomness): a
 * payment code of `code` digits, or a QR code issued at `qr`.
 */
export type Draw = { readonly code: number } | { readonly qr: QrPlace };

export interface Method {
  /** Stable id, and the name of its file. */
  readonly id: string;
  /** For people: docs, pages, messages. */
  readonly name: string;
  /** The payment-method type it creates: it picks the rail (rails/index.ts). */
  readonly type: PaymentMethodType;
  readonly currencies: readonly Currency[];
  /** ISO 3166 alpha-2 countries whose customers pay with it. */
  readonly countries: readonly string[];
  readonly markets?: readonly MobileMoneyMarket[];
  /** The smallest charge by currency, in minor units. */
  readonly minimum: Readonly<Partial<Record<Currency, number>>>;
  /** The sandbox's default fee (domain/fees.ts); methods of one type share it, as a pricing file names types. */
  readonly fee: MethodPricing;
  /** How the hosted checkout offers it, and where it lists it; none when the page does not carry it. */
  readonly checkout?: MethodCheckout;
  /** A QR method's EMVCo scheme, country and merchant city (NIBSS QR). */
  readonly qr?: QrPlace;
  /**
   * What a charge of it needs drawn before its rail starts (USSD and Fawry codes, QR payloads); `flow`
   * is the rail flow the charge takes, `self` this method.
   */
  readonly draw?: (details: PaymentMethodDetails, flow: string | undefined, self: Method) => Draw | undefined;
  /** The sandbox page its redirect step shows the customer; none when its rail never redirects. */
  readonly page?: MethodPage;
  /** The v3 `payment_options` values that name it (v3 spec §6). */
  readonly paymentOptions?: readonly string[];
  readonly v3?: V3Charge;
  /** What the hosted checkout's "Sandbox test values" panel says of it (its test values), when it has any. */
  readonly sandboxValues?: { readonly heading: string; readonly lines: readonly string[] };
  /** How the v4 dialect shows its payment methods (v3-only methods: as bank accounts naming them). */
  readonly v4View: V4View;
  /** Whether the v4 API charges it through `POST /payment-methods` and `/charges` (else v3 only). */
  readonly v4: boolean;
}

const list = (values: readonly string[]): string => values.join(', ');

/** The currency and amount checks every method makes; `field` names the currency in the request. */
export function checkMethodCharge(
  method: Method,
  charge: { readonly amount: number; readonly currency: Currency },
): Result<void> {
  if (!method.currencies.includes(charge.currency)) {
    return err(
      appError(
        'CURRENCY_NOT_SUPPORTED',
        `Currency ${charge.currency} is not supported for ${method.name}: use ${list(method.currencies)}`,
      ),
    );
  }
  const minimum = method.minimum[charge.currency];
  if (minimum !== undefined && charge.amount < minimum) {
    return err(
      appError(
        'AMOUNT_BELOW_MINIMUM',
        `The smallest ${method.name} charge is ${formatMoney(minimum, charge.currency)}`,
      ),
    );
  }
  return ok(undefined);
}

/** A mobile-money market of `method` by dialling code, and the network as the market names it. */
export function checkMobileMoney(
  method: Method,
  wallet: { readonly dialCode?: string; readonly country?: string; readonly network: string },
  aliases: Readonly<Record<string, string>> = {},
): Result<{ readonly market: MobileMoneyMarket; readonly network: string }> {
  const markets = method.markets ?? [];
  const market = markets.find(
    (m) => m.dialCode === wallet.dialCode || (wallet.country !== undefined && m.country === wallet.country),
  );
  if (!market) {
    return err(
      appError(
        'MOBILE_MONEY_COUNTRY_CODE_NOT_SUPPORTED',
        `${method.name} is available in ${list(markets.map((m) => `${m.country} (+${m.dialCode})`))}`,
      ),
    );
  }
  const upper = wallet.network.toUpperCase();
  const network = aliases[upper] ?? upper;
  if (!market.networks.includes(network)) {
    return err(
      appError(
        'MOBILE_MONEY_NETWORK_NOT_SUPPORTED',
        `Network ${wallet.network} is not supported for mobile money in ${market.country}: use ${list(market.networks)}`,
      ),
    );
  }
  return ok({ market, network });
}

/** A mobile-money wallet paying by QR code (saved with `use_qr`, or the `qr` flow): its network's scheme. */
export function drawWalletQr(
  details: PaymentMethodDetails,
  flow: string | undefined,
  self: Method,
): Draw | undefined {
  if (details.type !== 'mobile_money') return undefined;
  const { countryCode, network, useQr } = details.mobileMoney;
  if (useQr !== true && flow !== 'qr') return undefined;
  const market = self.markets?.find((m) => m.dialCode === countryCode);
  const country = market?.country ?? 'NG';
  return { qr: { scheme: `MOMO.${network}.${country}`, country, city: market?.qrCity ?? 'LAGOS' } };
}

/**
 * The values a charge's rail shows the customer that must be drawn at random or looked up — a USSD
 * payment code, a Fawry reference number, a QR code's payload — drawn here, before the rail starts,
 * because rails draw no randomness. An account to transfer to, or a voucher's balance, come from the
 * caller (the flow that created the account, the dialect that read the voucher PIN).
 */
import { randomInt } from 'node:crypto';
import type { Charge } from '../../domain/charge.js';
import { isCurrency } from '../../domain/money.js';
import { qrPayload } from '../../domain/qr-payload.js';
import { MOBILE_MONEY_MARKETS } from '../../methods/index.js';
import type { Instrument } from '../../rails/contract.js';
import type { ChargeRequest } from './charging.js';
import type { Deps } from '../deps.js';

/** The merchant city a QR code names (EMVCo tag 60, at most 15 characters): the country's business capital. */
const QR_CITY: Readonly<Record<string, string>> = {
  NG: 'LAGOS',
  GH: 'ACCRA',
  KE: 'NAIROBI',
  UG: 'KAMPALA',
  RW: 'KIGALI',
  ZM: 'LUSAKA',
  TZ: 'DAR ES SALAAM',
  MW: 'LILONGWE',
  ET: 'ADDIS ABABA',
  EG: 'CAIRO',
  CM: 'DOUALA',
  CI: 'ABIDJAN',
  SN: 'DAKAR',
  BF: 'OUAGADOUGOU',
  ML: 'BAMAKO',
  BJ: 'COTONOU',
  TG: 'LOME',
  GA: 'LIBREVILLE',
  CG: 'BRAZZAVILLE',
  CD: 'KINSHASA',
  TD: 'NDJAMENA',
  SL: 'FREETOWN',
};

const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** `charge` is the charge being opened: its ids and amount are what a QR code carries. */
export async function drawInstrument(
  deps: Deps,
  req: ChargeRequest,
  charge: Pick<Charge, 'flwRef' | 'amount' | 'currency'>,
): Promise<Instrument> {
  const given = req.instrument ?? {};
  const details = req.paymentMethod.details;
  const qr = async (scheme: string, country: string): Promise<Instrument> => {
    if (!isCurrency(charge.currency)) return given;
    const profile = await deps.profiles.get(req.merchantId);
    return {
      ...given,
      qrPayload: qrPayload({
        scheme,
        merchantId: `BAOBAB${profile?.accountId ?? 0}`,
        merchantName: profile?.name ?? 'Merchant',
        city: QR_CITY[country] ?? country,
        country,
        amount: charge.amount,
        currency: charge.currency,
        reference: charge.flwRef.slice(-25),
      }),
    };
  };
  switch (details.type) {
    case 'ussd':
      return { ...given, code: digits(4) };
    case 'fawry':
      return { ...given, code: digits(9) };
    case 'nqr':
      return qr('NG.COM.NIBSSPLC.NQR', 'NG');
    case 'mobile_money': {
      const wantsQr = details.mobileMoney.useQr === true || (req.scenario.flow ?? req.flow) === 'qr';
      const { countryCode, network } = details.mobileMoney;
      const country = MOBILE_MONEY_MARKETS.find((m) => m.dialCode === countryCode)?.country ?? 'NG';
      return wantsQr ? qr(`MOMO.${network}.${country}`, country) : given;
    }
    default:
      return given;
  }
}

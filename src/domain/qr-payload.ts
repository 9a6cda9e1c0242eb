/**
 * The text a payment QR code carries: an EMVCo merchant-presented payload (the format NIBSS QR and
 * mobile-money QR codes use), `ID LEN VALUE` fields ending with a CRC-16/CCITT-FALSE checksum, so
 * any EMV-aware scanner reads the merchant, amount, currency and reference.
 */
import { exponentOf, toMajor, type Currency } from './money.js';

/** ISO 4217 numeric codes of the currencies the QR methods take. */
const NUMERIC: Readonly<Partial<Record<Currency, string>>> = {
  NGN: '566',
  GHS: '936',
  KES: '404',
  UGX: '800',
  TZS: '834',
  RWF: '646',
  ZMW: '967',
  XOF: '952',
  XAF: '950',
  EGP: '818',
  MWK: '454',
  ETB: '230',
};

export interface QrPayment {
  /** The scheme's globally unique identifier: `NG.COM.NIBSSPLC.NQR`, `MOMO.MTN.GH`… */
  readonly scheme: string;
  readonly merchantId: string;
  readonly merchantName: string;
  readonly city: string;
  readonly country: string;
  readonly amount: number;
  readonly currency: Currency;
  /** What the customer's app sends back with the payment: the charge's reference. */
  readonly reference: string;
}

const field = (id: string, value: string): string => `${id}${String(value.length).padStart(2, '0')}${value}`;

/** EMV allows only a restricted character set in names; everything else becomes a space. */
const clean = (text: string, max: number): string =>
  text
    .replace(/[^A-Za-z0-9 .,&'-]/g, ' ')
    .trim()
    .slice(0, max) || 'MERCHANT';

export function crc16(text: string): string {
  let crc = 0xffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++)
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

export function qrPayload(p: QrPayment): string {
  const currency = NUMERIC[p.currency] ?? '999';
  const body = [
    field('00', '01'),
    field('01', '12'), // dynamic: one payment, one amount
    field('26', field('00', p.scheme.slice(0, 32)) + field('01', p.merchantId.slice(0, 25))),
    field('52', '5999'),
    field('53', currency),
    field('54', toMajor(p.amount, p.currency).toFixed(exponentOf(p.currency))),
    field('58', p.country),
    field('59', clean(p.merchantName, 25)),
    field('60', clean(p.city, 15)),
    field('62', field('05', p.reference.slice(0, 25))),
  ].join('');
  const signed = `${body}6304`;
  return signed + crc16(signed);
}

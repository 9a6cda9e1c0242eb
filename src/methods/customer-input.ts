/**
 * How a charge request's customer is read, the same for every dialect and the hosted checkout: ONE
 * phone parser (a dialling code of any market the methods serve, or a local number of the method's
 * country) and ONE full-name reader ("Ada Lovelace" → first Ada, last Lovelace).
 */
import { pick, type CustomerDetails, type PersonName, type Phone } from '../domain/customer.js';
import { MOBILE_MONEY_MARKETS } from './index.js';

const DIALLING: Readonly<Record<string, string>> = {
  NG: '234',
  GB: '44',
  US: '1',
  ZA: '27',
  EG: '20',
  ...Object.fromEntries(MOBILE_MONEY_MARKETS.map((m) => [m.country, m.dialCode])),
};
const KNOWN_CODES = [...new Set(Object.values(DIALLING))].sort((a, b) => b.length - a.length);

/**
 * A phone number as a wallet or customer phone: the dialling code and the national number. A number
 * may start with the code (`233…`), with the national trunk 0 (`054…`), or with neither.
 */
export function splitPhone(raw: string, dialCode: string): Phone | undefined {
  const digits = raw.replace(/^\+/, '');
  const national = digits.startsWith(dialCode)
    ? digits.slice(dialCode.length)
    : digits.startsWith('0')
      ? digits.slice(1)
      : digits;
  return /^[0-9]{6,12}$/.test(national) ? { countryCode: dialCode, number: national } : undefined;
}

/**
 * The customer's phone: a known dialling code (`+265…` as well as `+234…`), else a local number of
 * `country` when the method has one; undefined when it cannot be split.
 */
export function parsePhone(raw: string | undefined, country?: string): Phone | undefined {
  if (raw === undefined) return undefined;
  const digits = raw.replace(/^\+/, '');
  const code = KNOWN_CODES.find((c) => digits.startsWith(c) && digits.length - c.length >= 7);
  const dial = code ?? (country === undefined ? undefined : DIALLING[country]);
  return dial === undefined ? undefined : splitPhone(digits, dial);
}

/** "Ada Lovelace" → first Ada, last Lovelace; nothing for an empty name. */
export function nameOf(fullname: string | undefined): PersonName | undefined {
  const [first, ...rest] = (fullname ?? '').trim().split(/\s+/);
  const name = { ...pick('first', first || undefined), ...pick('last', rest.join(' ') || undefined) };
  return Object.keys(name).length > 0 ? name : undefined;
}

/** The customer a charge request names: its email, full name and phone. */
export function customerDetails(given: {
  readonly email: string;
  readonly fullname?: string | undefined;
  readonly phone?: Phone | undefined;
}): CustomerDetails {
  return {
    email: given.email,
    meta: {},
    ...pick('name', nameOf(given.fullname)),
    ...pick('phone', given.phone),
  };
}

// Reference table of mobile money networks per country, served by `GET /mobile-networks?country=`. It is
// the one list of each market's networks: the mobile-money methods (src/methods) take their markets'
// `networks` from it (`networksOf`), and charges are checked against those. `network` is the uppercase
// short code merchants send; `name` is the product name. Ids are hardcoded (not generated at runtime)
// so they stay stable across installs.

export const MOBILE_NETWORK_COUNTRIES = [
  'BF',
  'CG',
  'CM',
  'CI',
  'EG',
  'ET',
  'GA',
  'GH',
  'KE',
  'MW',
  'RW',
  'SN',
  'TZ',
  'TD',
  'UG',
  'ZM',
] as const;
export type MobileNetworkCountry = (typeof MOBILE_NETWORK_COUNTRIES)[number];

export interface MobileNetwork {
  readonly id: string;
  readonly network: string;
  readonly name: string;
}

export const MOBILE_NETWORKS: Readonly<Record<MobileNetworkCountry, readonly MobileNetwork[]>> = {
  BF: [
    { id: 'mob_Bf7OrQ2k', network: 'ORANGE', name: 'Orange Money' },
    { id: 'mob_Bf3MvX9d', network: 'MOOV', name: 'Moov Money' },
  ],
  CG: [
    { id: 'mob_K9BA4Dgu', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_FBYMOUqo', network: 'AIRTEL', name: 'Airtel Money' },
  ],
  CM: [
    { id: 'mob_tnxTCAWg', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_W1hEMKqn', network: 'ORANGE', name: 'Orange Money' },
  ],
  CI: [
    { id: 'mob_JTDqOC7S', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_JEl10sN1', network: 'ORANGE', name: 'Orange Money' },
    { id: 'mob_G4CWm9HR', network: 'MOOV', name: 'Moov Money' },
    { id: 'mob_DjLxSXSA', network: 'WAVE', name: 'Wave' },
  ],
  EG: [
    { id: 'mob_3fopI4Eq', network: 'VODAFONE', name: 'Vodafone Cash' },
    { id: 'mob_LqEVTNYI', network: 'ORANGE', name: 'Orange Cash' },
    { id: 'mob_7lBjyfn3', network: 'ETISALAT', name: 'Etisalat Cash' },
    { id: 'mob_CVHcN6QE', network: 'WE', name: 'WE Pay' },
  ],
  ET: [
    { id: 'mob_LSdbkf4O', network: 'TELEBIRR', name: 'telebirr' },
    { id: 'mob_mar08uIz', network: 'MPESA', name: 'M-Pesa' },
  ],
  GA: [
    { id: 'mob_CyaSoe4a', network: 'AIRTEL', name: 'Airtel Money' },
    { id: 'mob_iprOWiz1', network: 'MOOV', name: 'Moov Money' },
  ],
  GH: [
    { id: 'mob_NKWzpkGi', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_7M1slZvG', network: 'VODAFONE', name: 'Vodafone Cash' },
    { id: 'mob_1HuNEX1f', network: 'AIRTELTIGO', name: 'AirtelTigo Money' },
  ],
  KE: [
    { id: 'mob_RyRukb34', network: 'MPESA', name: 'M-Pesa' },
    { id: 'mob_3f9SESGP', network: 'AIRTEL', name: 'Airtel Money' },
  ],
  MW: [
    { id: 'mob_WZcj0fQc', network: 'AIRTEL', name: 'Airtel Money' },
    { id: 'mob_jAxDQgcd', network: 'TNM', name: 'TNM Mpamba' },
  ],
  RW: [
    { id: 'mob_guKUIT4b', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_1JMeZ3S6', network: 'AIRTEL', name: 'Airtel Money' },
  ],
  SN: [
    { id: 'mob_Hnocw31c', network: 'ORANGE', name: 'Orange Money' },
    { id: 'mob_hPNLgMXJ', network: 'FREEMONEY', name: 'Free Money' },
    { id: 'mob_4Yt8PAla', network: 'WAVE', name: 'Wave' },
    { id: 'mob_QPDhDVBv', network: 'EMONEY', name: 'E-Money' },
  ],
  TZ: [
    { id: 'mob_fBEJSPM5', network: 'AIRTEL', name: 'Airtel Money' },
    { id: 'mob_n33tei8x', network: 'TIGO', name: 'Tigo Pesa' },
    { id: 'mob_XtR78Yny', network: 'HALOPESA', name: 'HaloPesa' },
    { id: 'mob_ucEAaCuU', network: 'VODACOM', name: 'M-Pesa' },
  ],
  TD: [
    { id: 'mob_inDnzkLC', network: 'AIRTEL', name: 'Airtel Money' },
    { id: 'mob_G7jEbmzb', network: 'MOOV', name: 'Moov Money' },
  ],
  UG: [
    { id: 'mob_a83r6xI4', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_Z2Q0sbE4', network: 'AIRTEL', name: 'Airtel Money' },
  ],
  ZM: [
    { id: 'mob_V90t62X4', network: 'MTN', name: 'MTN Mobile Money' },
    { id: 'mob_XzOhc5rV', network: 'AIRTEL', name: 'Airtel Money' },
    { id: 'mob_Sh6babmg', network: 'ZAMTEL', name: 'Zamtel Kwacha' },
  ],
};

/** A country's network codes, in the table's order: what its mobile-money market takes. */
export const networksOf = (country: MobileNetworkCountry): readonly string[] =>
  MOBILE_NETWORKS[country].map((n) => n.network);

/**
 * A network as its operator spells it (MTN Mobile Money, AirtelTigo Money, M-Pesa), for pages; the
 * code itself where the country's list does not have it.
 */
export function networkName(country: string, network: string): string {
  const known = MOBILE_NETWORK_COUNTRIES.find((c) => c === country);
  return (known && MOBILE_NETWORKS[known].find((n) => n.network === network)?.name) ?? network;
}

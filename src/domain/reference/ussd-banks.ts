/**
 * The Nigerian banks that take USSD payments (v3 spec §5) and the short code each bank's customers
 * dial. A USSD charge's instruction is `*<short code>*000*<payment code>#`.
 */
export const USSD_BANKS: Readonly<Record<string, { readonly name: string; readonly shortCode: string }>> = {
  '044': { name: 'Access Bank', shortCode: '901' },
  '050': { name: 'Ecobank', shortCode: '326' },
  '070': { name: 'Fidelity Bank', shortCode: '770' },
  '011': { name: 'First Bank of Nigeria', shortCode: '894' },
  '214': { name: 'First City Monument Bank', shortCode: '329' },
  '058': { name: 'Guaranty Trust Bank', shortCode: '737' },
  '030': { name: 'Heritage Bank', shortCode: '745' },
  '082': { name: 'Keystone Bank', shortCode: '7111' },
  '303': { name: 'Lotus Bank', shortCode: '5045' },
  '105': { name: 'PremiumTrust Bank', shortCode: '6060' },
  '221': { name: 'Stanbic IBTC Bank', shortCode: '909' },
  '232': { name: 'Sterling Bank', shortCode: '822' },
  '032': { name: 'Union Bank', shortCode: '826' },
  '033': { name: 'United Bank for Africa', shortCode: '919' },
  '215': { name: 'Unity Bank', shortCode: '7799' },
  '090110': { name: 'VFD Microfinance Bank', shortCode: '5037' },
  '035': { name: 'Wema Bank', shortCode: '945' },
  '057': { name: 'Zenith Bank', shortCode: '966' },
};

export const isUssdBank = (code: string): boolean => Object.hasOwn(USSD_BANKS, code);

export function ussdDialString(bankCode: string, paymentCode: string): string | undefined {
  const bank = isUssdBank(bankCode) ? USSD_BANKS[bankCode] : undefined;
  return bank && `*${bank.shortCode}*000*${paymentCode}#`;
}

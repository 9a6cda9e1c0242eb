/**
 * The sandbox's 1Voucher PINs and what each holds (ZAR, minor units). Any other PIN is unknown to the
 * sandbox and its charge fails with 14 `invalid_account_number`. `1020822108705120` is the voucher
 * Flutterwave's own test documentation used.
 */
export const TEST_VOUCHERS: Readonly<Record<string, number>> = {
  '1020822108705120': 100_000,
  '2000000000000002': 5_000,
  '3000000000000003': 1_000_000,
};

export const voucherBalance = (pin: string): number | undefined =>
  Object.hasOwn(TEST_VOUCHERS, pin) ? TEST_VOUCHERS[pin] : undefined;

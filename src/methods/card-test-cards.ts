/**
 * The v3 sandbox's test cards (v3 spec §4.1): in the test environment only these are charged, each
 * taking the path and outcome listed, with test PIN 3310 and OTP 12345. `X-Scenario-Key` overrides
 * the table (and then any card and any PIN/OTP are accepted), as on v4.
 */
export interface TestCard {
  readonly number: string;
  readonly flow: 'noauth' | 'auth_pin' | 'auth_3ds' | 'auth_avs_3ds';
  readonly issuer: string;
  readonly note: string;
}

export const TEST_PIN = '3310';
export const TEST_OTP = '12345';

export const TEST_CARDS: readonly TestCard[] = [
  { number: '5531886652142950', flow: 'auth_pin', issuer: 'approved', note: 'Mastercard, PIN then OTP' },
  { number: '5061460166976054667', flow: 'auth_pin', issuer: 'approved', note: 'Verve, PIN then OTP' },
  { number: '5399838383838381', flow: 'auth_pin', issuer: 'approved', note: 'Mastercard, PIN then OTP' },
  { number: '5061460410120223210', flow: 'noauth', issuer: 'approved', note: 'Verve, no authentication' },
  { number: '5438898014560229', flow: 'auth_3ds', issuer: 'approved', note: 'Mastercard, 3-D Secure' },
  { number: '4187427415564246', flow: 'auth_3ds', issuer: 'approved', note: 'Visa, 3-D Secure' },
  { number: '4242424242424242', flow: 'auth_3ds', issuer: 'approved', note: 'Visa, 3-D Secure' },
  { number: '4751763236699647', flow: 'auth_3ds', issuer: 'approved', note: 'Visa, 3-D Secure' },
  {
    number: '5377283645077450',
    flow: 'auth_3ds',
    issuer: 'approved',
    note: 'Mastercard, 3-D Secure (pre-authorisation card)',
  },
  {
    number: '4556052704172643',
    flow: 'auth_avs_3ds',
    issuer: 'approved',
    note: 'Visa, billing address then 3-D Secure',
  },
  {
    number: '5258585922666506',
    flow: 'auth_pin',
    issuer: 'insufficient_funds',
    note: 'Mastercard, declined: insufficient funds',
  },
  {
    number: '5399834697894723',
    flow: 'auth_pin',
    issuer: 'incorrect_pin',
    note: 'Mastercard, declined at the PIN: incorrect PIN',
  },
  {
    number: '5590131743294314',
    flow: 'auth_pin',
    issuer: 'suspected_fraud',
    note: 'Mastercard, declined: fraudulent',
  },
  {
    number: '5143010522339965',
    flow: 'noauth',
    issuer: 'do_not_honor',
    note: 'Mastercard, declined: do not honour',
  },
  {
    number: '5551658157653822',
    flow: 'noauth',
    issuer: 'invalid_transaction',
    note: 'Mastercard, declined: invalid transaction',
  },
];

const BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.number, c]));

export const testCard = (number: string): TestCard | undefined => BY_NUMBER.get(number.replace(/[\s-]/g, ''));

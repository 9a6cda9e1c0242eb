/**
 * The values a charge's rail shows the customer that must be drawn at random or looked up — a USSD
 * payment code, a Fawry reference number, a QR code's payload — drawn here, before the rail starts,
 * because rails draw no randomness. What to draw is the method's (`Method.draw`). An account to transfer to, or a voucher's balance, come from the
 * caller (the flow that created the account, the dialect that read the voucher PIN).
 */
import { randomInt } from 'node:crypto';
import type { Charge } from '../../domain/charge.js';
import { isCurrency } from '../../domain/money.js';
import { qrPayload } from '../../domain/qr-payload.js';
import { methodOf } from '../../methods/index.js';
import type { QrPlace } from '../../methods/method.js';
import type { Instrument } from '../../rails/contract.js';
import type { ChargeRequest } from './charging.js';
import type { Deps } from '../deps.js';

const digits = (n: number): string => Array.from({ length: n }, () => String(randomInt(10))).join('');

/** `charge` is the charge being opened: its ids and amount are what a QR code carries. */
export async function drawInstrument(
  deps: Deps,
  req: ChargeRequest,
  charge: Pick<Charge, 'flwRef' | 'amount' | 'currency'>,
): Promise<Instrument> {
  const given = req.instrument ?? {};
  const details = req.paymentMethod.details;
  const qr = async ({ scheme, country, city }: QrPlace): Promise<Instrument> => {
    if (!isCurrency(charge.currency)) return given;
    const profile = await deps.profiles.get(req.merchantId);
    return {
      ...given,
      qrPayload: qrPayload({
        scheme,
        merchantId: `BAOBAB${profile?.accountId ?? 0}`,
        merchantName: profile?.name ?? 'Merchant',
        city,
        country,
        amount: charge.amount,
        currency: charge.currency,
        reference: charge.flwRef.slice(-25),
      }),
    };
  };
  const method = methodOf(details);
  const draw = method?.draw?.(details, req.scenario.flow ?? req.flow, method);
  if (draw === undefined) return given;
  if ('code' in draw) return { ...given, code: digits(draw.code) };
  return qr(draw.qr);
}

/**
 * The NIBSS QR rail: the customer scans the charge's QR code (an EMVCo merchant-presented payload,
 * domain/nqr.ts) in any Nigerian bank app and approves there. One flow, `scan`.
 */
import { NQR_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

export const nqrRail = waitingRail<'scan'>({
  name: 'nqr',
  flows: NQR_FLOWS,
  defaultFlow: 'scan',
  begin(_flow, _issuer, ctx) {
    const payload = ctx.instrument?.qrPayload;
    if (payload === undefined) return { cannot: 'no QR code was drawn for the charge' };
    return {
      step: 'awaiting',
      nextAction: { type: 'qr_code', payload },
      note: 'Charge created; waiting for the customer to scan the NIBSS QR code in their bank app',
    };
  },
  approvedNote: 'The customer scanned the QR code and approved in their bank app',
  declinedNote: 'The customer declined in their bank app',
});

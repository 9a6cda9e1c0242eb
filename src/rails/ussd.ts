/**
 * The USSD rail (Nigerian banks): the customer dials `*<bank>*000*<payment code>#` from the phone
 * registered with their bank and confirms with their PIN there. One flow, `dial`; the sandbox
 * controls (or the sandbox's wait) say the customer did.
 */
import { USSD_BANKS, ussdDialString } from '../domain/reference/ussd-banks.js';
import { USSD_FLOWS } from './scenarios.js';
import { waitingRail } from './waiting.js';

export const ussdRail = waitingRail<'dial'>({
  name: 'ussd',
  flows: USSD_FLOWS,
  defaultFlow: 'dial',
  begin(_flow, _issuer, ctx) {
    const bank = ctx.method?.type === 'ussd' ? ctx.method.ussd.accountBank : undefined;
    const code = ctx.instrument?.code;
    const dial = bank === undefined || code === undefined ? undefined : ussdDialString(bank, code);
    if (bank === undefined || dial === undefined) return { cannot: 'no USSD bank and payment code' };
    return {
      step: 'awaiting',
      nextAction: { type: 'payment_instruction', note: `Please dial ${dial} to complete this transaction` },
      note: `Charge created; waiting for the customer to dial ${dial} (${USSD_BANKS[bank]?.name ?? bank})`,
    };
  },
  approvedNote: 'The customer dialled the code and confirmed with their bank PIN',
  declinedNote: 'The customer cancelled the USSD session',
});
